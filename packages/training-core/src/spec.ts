/**
 * The model definition a tenant declares for a dataset version. Plain JSON in and out (it is stored
 * in the database and re-validated when read), so no transforms: parsing only checks and fills
 * context-free defaults. Defaults that depend on the dataset (loss by task, embedding size from the
 * vocabulary, learning rate by optimiser) are filled by `resolveModelSpec`.
 */
import { z } from 'zod';

export const TASKS = ['REGRESSION', 'BINARY', 'MULTICLASS'] as const;
export type Task = (typeof TASKS)[number];

/** `leakyReLU` is not a tfjs activation string; it is built as a separate LeakyReLU layer. */
export const ACTIVATIONS = [
  'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'relu6', 'hardSigmoid', 'swish', 'leakyReLU', 'linear',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['meanSquaredError', 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy'] as const;
export type Loss = (typeof LOSSES)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerType = (typeof OPTIMIZERS)[number];

/** Metric names as reported per epoch (`mae` for regression, `accuracy` for classification). */
export const EARLY_STOPPING_METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'mae', 'val_mae'] as const;
export type EarlyStoppingMetric = (typeof EARLY_STOPPING_METRICS)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const ActivationSchema = z.enum(ACTIVATIONS);
/** A square size or [height, width]. */
const Size2 = z.union([int(1, 256), z.tuple([int(1, 256), int(1, 256)])]);
const Padding = z.enum(['valid', 'same']);

const Dense = z.strictObject({ type: z.literal('dense'), units: int(1, 16_384), activation: ActivationSchema.optional() });
const Dropout = z.strictObject({ type: z.literal('dropout'), rate: z.number().min(0).lt(1) });
const BatchNorm = z.strictObject({ type: z.literal('batchNorm') });
const Conv2d = z.strictObject({
  type: z.literal('conv2d'),
  filters: int(1, 4096),
  kernelSize: Size2,
  strides: Size2.optional(),
  padding: Padding.optional(),
  activation: ActivationSchema.optional(),
});
const poolFields = { poolSize: Size2, strides: Size2.optional(), padding: Padding.optional() };
const MaxPool2d = z.strictObject({ type: z.literal('maxPool2d'), ...poolFields });
const AvgPool2d = z.strictObject({ type: z.literal('avgPool2d'), ...poolFields });
const Flatten = z.strictObject({ type: z.literal('flatten') });
const GlobalAveragePool = z.strictObject({ type: z.literal('globalAveragePool') });
/** `inputDim` defaults to the dataset's vocabulary size (which includes the padding and OOV ids). */
const Embedding = z.strictObject({ type: z.literal('embedding'), inputDim: int(2, 2_000_000).optional(), outputDim: int(1, 4096) });
const rnnFields = { units: int(1, 4096), returnSequences: z.boolean().optional() };
const Lstm = z.strictObject({ type: z.literal('lstm'), ...rnnFields });
const Gru = z.strictObject({ type: z.literal('gru'), ...rnnFields });
const SimpleRnn = z.strictObject({ type: z.literal('simpleRNN'), ...rnnFields });
const ActivationLayer = z.strictObject({ type: z.literal('activation'), activation: ActivationSchema });
/** Not in the original issue: needed to give 2-D images a channel axis or numbers a time axis. */
const Reshape = z.strictObject({ type: z.literal('reshape'), targetShape: z.array(int(1, 1_000_000)).min(1).max(4) });

export const LayerSpecSchema = z.discriminatedUnion('type', [
  Dense, Dropout, BatchNorm, Conv2d, MaxPool2d, AvgPool2d, Flatten, GlobalAveragePool, Embedding, Lstm, Gru, SimpleRnn, ActivationLayer, Reshape,
]);
export type LayerSpec = z.output<typeof LayerSpecSchema>;
export type LayerType = LayerSpec['type'];
export type LayerOf<T extends LayerType> = Extract<LayerSpec, { type: T }>;

export const LayersArchitectureSchema = z.strictObject({ layers: z.array(LayerSpecSchema).max(200) });
/** Preset knobs are optional without schema defaults: `resolveModelSpec` picks them knowing the data. */
export const MlpPresetSchema = z.strictObject({
  preset: z.literal('mlp'),
  hiddenUnits: z.array(int(1, 16_384)).max(20).optional(),
  activation: ActivationSchema.optional(),
  dropout: z.number().min(0).lt(1).optional(),
});
export const CnnPresetSchema = z.strictObject({
  preset: z.literal('cnn'),
  filters: z.array(int(1, 1024)).min(1).max(8).optional(),
  kernelSize: Size2.optional(),
  /** 0 = no hidden dense layer after the convolutions. */
  denseUnits: int(0, 16_384).optional(),
});
export const RnnPresetSchema = z.strictObject({
  preset: z.literal('rnn'),
  cell: z.enum(['lstm', 'gru', 'simpleRNN']).optional(),
  units: int(1, 4096).optional(),
  embeddingDim: int(1, 4096).optional(),
});
export const ArchitectureSchema = z.union([
  LayersArchitectureSchema,
  z.discriminatedUnion('preset', [MlpPresetSchema, CnnPresetSchema, RnnPresetSchema]),
]);
export type Architecture = z.output<typeof ArchitectureSchema>;

export const OptimizerSpecSchema = z
  .strictObject({
    type: z.enum(OPTIMIZERS).default('adam'),
    /** Default by type: sgd/momentum 0.01, adam/rmsprop 0.001. */
    learningRate: z.number().gt(0).lte(10).optional(),
    /** momentum (default 0.9) and rmsprop (default 0) only. */
    momentum: z.number().min(0).lt(1).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.momentum !== undefined && o.type !== 'momentum' && o.type !== 'rmsprop') {
      ctx.addIssue({ code: 'custom', path: ['momentum'], message: `momentum applies to the momentum and rmsprop optimizers, not ${o.type}` });
    }
  });
export type OptimizerSpec = z.output<typeof OptimizerSpecSchema>;

export const EarlyStoppingSchema = z.strictObject({
  metric: z.enum(EARLY_STOPPING_METRICS).default('val_loss'),
  /** Epochs without an improvement larger than `minDelta` before stopping. */
  patience: int(1, 1000).default(5),
  minDelta: z.number().min(0).default(0),
});
export type EarlyStoppingSpec = z.output<typeof EarlyStoppingSchema>;

export const ModelSpecSchema = z.strictObject({
  task: z.enum(TASKS),
  architecture: ArchitectureSchema,
  /** Default by task: MSE for regression, binary / categorical cross-entropy for classification. */
  loss: z.enum(LOSSES).optional(),
  optimizer: OptimizerSpecSchema.prefault({}),
  epochs: int(1, 1000).default(20),
  batchSize: int(1, 4096).default(32),
  earlyStopping: EarlyStoppingSchema.optional(),
  /** Seeds weight initialisation, shuffling and dropout; a random one is chosen (and reported) when absent. */
  seed: int(0, 2 ** 32 - 1).optional(),
});
export type ModelSpec = z.output<typeof ModelSpecSchema>;
/** What a user may send: defaults are filled in by `parseModelSpec`. */
export type ModelSpecInput = z.input<typeof ModelSpecSchema>;
