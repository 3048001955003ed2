/**
 * Validation of a model spec against a dataset, without tfjs: presets are expanded, the output layer
 * is appended and every layer's output shape and parameter count is computed with plain arithmetic
 * (mirroring tfjs-layers' rules), so the gateway can reject a definition before a run is queued.
 */
import type { z } from 'zod';
import { ModelSpecError, type SpecIssue } from './errors.ts';
import {
  ModelSpecSchema,
  type Architecture,
  type EarlyStoppingSpec,
  type LayerOf,
  type LayerSpec,
  type Loss,
  type ModelSpec,
  type OptimizerType,
  type Task,
} from './spec.ts';

export interface DatasetShape {
  /** Shape of one example's features: `[n]` tabular, `[maxLength]` token ids, `[h, w]` / `[h, w, c]` images. */
  featureShape: readonly number[];
  task: Task;
  /** Classes of the label (classification). Required for MULTICLASS. */
  numClasses?: number;
  /** Token vocabulary size including the padding (0) and OOV (1) ids, when the feature is tokenised text. */
  vocabSize?: number;
}

export interface LayerShape {
  /** `layers[i] type` (index into `ResolvedModel.layers`) or `output dense`. */
  layer: string;
  /** Output shape with the batch axis first as `null`, as tfjs reports it. */
  outputShape: (number | null)[];
  /** Weights of the layer, non-trainable ones (batch norm statistics) included, as tfjs `countParams`. */
  params: number;
}

export interface ResolvedOptimizer {
  type: OptimizerType;
  learningRate: number;
  momentum?: number;
}

/** Everything needed to build and train the model; plain JSON. */
export interface ResolvedModel {
  task: Task;
  featureShape: number[];
  /** Classes for classification (2 for BINARY). */
  numClasses?: number;
  /** Units of the output layer: 1 for regression and binary, `numClasses` for multiclass. */
  outputUnits: number;
  /** Presets expanded, defaults filled, the output layer last. */
  layers: LayerSpec[];
  loss: Loss;
  optimizer: ResolvedOptimizer;
  epochs: number;
  batchSize: number;
  earlyStopping?: EarlyStoppingSpec;
  seed?: number;
  /** One entry per entry of `layers`. */
  shapes: LayerShape[];
  totalParams: number;
}

const DEFAULT_LEARNING_RATE: Record<OptimizerType, number> = { sgd: 0.01, momentum: 0.01, adam: 0.001, rmsprop: 0.001 };
const DEFAULT_LOSS: Record<Task, Loss> = { REGRESSION: 'meanSquaredError', BINARY: 'binaryCrossentropy', MULTICLASS: 'categoricalCrossentropy' };
const LOSSES_FOR: Record<Task, readonly Loss[]> = {
  REGRESSION: ['meanSquaredError', 'meanAbsoluteError'],
  BINARY: ['binaryCrossentropy'],
  MULTICLASS: ['categoricalCrossentropy'],
};

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);
const prod = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

// ---------------------------------------------------------------------------------------------
// Parsing

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Flattens zod issues; for a union, keeps the branch that got furthest (deepest paths, then fewest issues). */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]) => Math.max(0, ...branch.map((i) => i.path.length));
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0]!;
      if (best.length > 0) {
        out.push(...flattenIssues(best, path));
        continue;
      }
    }
    out.push({ path: formatPath(path), message: issue.message });
  }
  return out;
}

/** Validates JSON against {@link ModelSpecSchema} and fills defaults; throws {@link ModelSpecError}. */
export function parseModelSpec(json: unknown): ModelSpec {
  const result = ModelSpecSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = flattenIssues(result.error.issues);
  const first = issues[0] ?? { path: '', message: 'invalid model spec' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new ModelSpecError(first.path, `${first.path ? `${first.path}: ` : ''}${first.message}${more}`, issues);
}

// ---------------------------------------------------------------------------------------------
// Presets

function expandPreset(arch: Exclude<Architecture, { layers: unknown }>, ds: DatasetShape): LayerSpec[] {
  const rank = ds.featureShape.length;
  const bad = (message: string): never => {
    throw new ModelSpecError('architecture', `${arch.preset} preset: ${message}`);
  };
  switch (arch.preset) {
    case 'mlp': {
      const layers: LayerSpec[] = rank > 1 ? [{ type: 'flatten' }] : [];
      for (const units of arch.hiddenUnits ?? [64, 32]) {
        layers.push({ type: 'dense', units, activation: arch.activation ?? 'relu' });
        if (arch.dropout) layers.push({ type: 'dropout', rate: arch.dropout });
      }
      return layers;
    }
    case 'cnn': {
      if (rank !== 2 && rank !== 3) {
        bad(`needs image features [height, width] or [height, width, channels], got ${fmt(ds.featureShape)}`);
      }
      const layers: LayerSpec[] = [];
      let [h, w] = ds.featureShape as [number, number];
      if (rank === 2) layers.push({ type: 'reshape', targetShape: [h, w, 1] });
      for (const filters of arch.filters ?? [16, 32]) {
        // `same` padding keeps the size, so only the pools shrink it; stop pooling at 1 pixel.
        layers.push({ type: 'conv2d', filters, kernelSize: arch.kernelSize ?? 3, padding: 'same', activation: 'relu' });
        if (h >= 2 && w >= 2) {
          layers.push({ type: 'maxPool2d', poolSize: 2 });
          h = Math.floor(h / 2);
          w = Math.floor(w / 2);
        }
      }
      layers.push({ type: 'flatten' });
      const denseUnits = arch.denseUnits ?? 64;
      if (denseUnits > 0) layers.push({ type: 'dense', units: denseUnits, activation: 'relu' });
      return layers;
    }
    case 'rnn': {
      const cell = arch.cell ?? 'lstm';
      const units = arch.units ?? 32;
      if (rank === 1 && ds.vocabSize !== undefined) {
        return [{ type: 'embedding', inputDim: ds.vocabSize, outputDim: arch.embeddingDim ?? 32 }, { type: cell, units }];
      }
      if (arch.embeddingDim !== undefined) bad('embeddingDim needs a tokenised text feature (the dataset has no vocabulary)');
      // Numbers: one value per time step; [timesteps, features] is already a sequence.
      if (rank === 1) return [{ type: 'reshape', targetShape: [ds.featureShape[0]!, 1] }, { type: cell, units }];
      if (rank === 2) return [{ type: cell, units }];
      return bad(`needs a sequence: token ids [timesteps] or [timesteps, features], got ${fmt(ds.featureShape)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shape inference

function convLength(input: number, size: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - size) / stride) + 1;
}

const RNN_TYPES = new Set<LayerSpec['type']>(['lstm', 'gru', 'simpleRNN']);
/** Layers that keep their input's shape: for messages we look through them to the layer that made it. */
const SHAPE_PRESERVING = new Set<LayerSpec['type']>(['dropout', 'batchNorm', 'activation']);

interface Producer {
  label: string;
  layer?: LayerSpec;
}

/** Why a non-flat shape reached a layer that needs a flat vector, and how to fix it. */
function notFlatMessage(who: string, shape: number[], producer: Producer): string {
  const p = producer.layer;
  if (p && RNN_TYPES.has(p.type) && 'returnSequences' in p && p.returnSequences) {
    return `${who} after ${p.type} with returnSequences gets a sequence ${fmt(shape)}; set returnSequences: false on ${producer.label} or add globalAveragePool/flatten before it`;
  }
  if (p?.type === 'embedding') {
    return `${who} gets the embedded sequence ${fmt(shape)} from ${producer.label}; add an lstm/gru/simpleRNN, globalAveragePool or flatten before it`;
  }
  if (shape.length === 3) return `${who} needs a flat input, got ${fmt(shape)} from ${producer.label}; add flatten or globalAveragePool before it`;
  return `${who} needs a flat input, got ${fmt(shape)} from ${producer.label}; add flatten (or globalAveragePool) before it`;
}

interface InferContext {
  ds: DatasetShape;
  /** Maps a resolved layer index to its spec path (user layers) or `architecture` (preset). */
  pathOf: (i: number) => string;
  /** Prefix for messages, e.g. `cnn preset: ` */
  messagePrefix: string;
}

function inferShapes(layers: LayerSpec[], ctx: InferContext): { layers: LayerSpec[]; shapes: LayerShape[] } {
  const resolved: LayerSpec[] = [];
  const shapes: LayerShape[] = [];
  let shape = [...ctx.ds.featureShape];
  let producer: Producer = { label: 'the input' };
  const last = layers.length - 1;

  layers.forEach((layer, i) => {
    const isOutput = i === last;
    const label = isOutput ? `output ${layer.type}` : `layers[${i}] ${layer.type}`;
    const fail = (message: string): never => {
      throw new ModelSpecError(isOutput ? ctx.pathOf(i - 1) : ctx.pathOf(i), `${ctx.messagePrefix}${message}`);
    };
    const need = (rank: number, what: string) => {
      if (shape.length !== rank) fail(`${label} needs a ${rank}-D input ${what}, got ${fmt(shape)}`);
    };
    let out: number[];
    let params = 0;
    let spec: LayerSpec = layer;

    switch (layer.type) {
      case 'dense': {
        if (shape.length !== 1) {
          if (isOutput) {
            const msg = notFlatMessage('the output layer', shape, producer);
            fail(last === 0 ? `${msg} (the architecture has no layers)` : msg);
          }
          fail(notFlatMessage(label, shape, producer));
        }
        params = shape[0]! * layer.units + layer.units;
        out = [layer.units];
        break;
      }
      case 'dropout':
      case 'activation':
        out = shape;
        break;
      case 'batchNorm':
        params = 4 * shape[shape.length - 1]!;
        out = shape;
        break;
      case 'conv2d':
      case 'maxPool2d':
      case 'avgPool2d': {
        need(3, '[height, width, channels]');
        const [h, w, c] = shape as [number, number, number];
        const [kh, kw] = pair(layer.type === 'conv2d' ? layer.kernelSize : layer.poolSize);
        // tfjs: conv strides default to 1, pool strides to the pool size.
        const [sh, sw] = pair(layer.strides ?? (layer.type === 'conv2d' ? 1 : layer.poolSize));
        const padding = layer.padding ?? 'valid';
        if (padding === 'valid' && (kh > h || kw > w)) {
          const what = layer.type === 'conv2d' ? 'kernel' : 'pool';
          fail(`${label} ${what} ${kh}x${kw} is larger than its input ${h}x${w}; use a smaller ${what}Size or padding: "same"`);
        }
        const oh = convLength(h, kh, sh, padding);
        const ow = convLength(w, kw, sw, padding);
        if (layer.type === 'conv2d') {
          params = kh * kw * c * layer.filters + layer.filters;
          out = [oh, ow, layer.filters];
        } else {
          out = [oh, ow, c];
        }
        break;
      }
      case 'flatten':
        if (shape.length < 2) fail(`${label} needs an input with at least 2 dimensions, got ${fmt(shape)}; it is already flat, remove the flatten layer`);
        out = [prod(shape)];
        break;
      case 'globalAveragePool':
        if (shape.length !== 2 && shape.length !== 3) {
          fail(`${label} needs a sequence [timesteps, features] or an image [height, width, channels], got ${fmt(shape)}`);
        }
        out = [shape[shape.length - 1]!];
        break;
      case 'embedding': {
        if (i !== 0) fail(`${label} must be the first layer: it looks up the token ids of the input, but gets the output of ${producer.label}`);
        if (shape.length !== 1) fail(`${label} needs a sequence of token ids [timesteps] as input, got ${fmt(shape)}`);
        const vocab = ctx.ds.vocabSize;
        if (layer.inputDim === undefined && vocab === undefined) {
          fail(`${label} needs token ids, but the dataset's features are not tokenised text (no vocabulary); set inputDim to the number of distinct ids`);
        }
        if (layer.inputDim !== undefined && vocab !== undefined && layer.inputDim < vocab) {
          fail(`${label} inputDim ${layer.inputDim} is smaller than the vocabulary size ${vocab}; token ids up to ${vocab - 1} would be out of range`);
        }
        const inputDim = layer.inputDim ?? vocab!;
        spec = { ...layer, inputDim };
        params = inputDim * layer.outputDim;
        out = [shape[0]!, layer.outputDim];
        break;
      }
      case 'lstm':
      case 'gru':
      case 'simpleRNN': {
        if (shape.length !== 2) {
          const hint = shape.length === 1
            ? '; put an embedding first for token ids, or a reshape to [timesteps, 1] for numbers'
            : shape.length === 3 ? '; images need a reshape to [timesteps, features] first' : '';
          fail(`${label} needs a sequence [timesteps, features] as input, got ${fmt(shape)}${hint}`);
        }
        const [t, f] = shape as [number, number];
        const u = layer.units;
        const gates = layer.type === 'lstm' ? 4 : layer.type === 'gru' ? 3 : 1;
        params = gates * (f * u + u * u + u);
        out = layer.returnSequences ? [t, u] : [u];
        break;
      }
      case 'reshape': {
        if (prod(layer.targetShape) !== prod(shape)) {
          fail(`${label} cannot reshape ${fmt(shape)} (${prod(shape)} values) to ${fmt(layer.targetShape)} (${prod(layer.targetShape)} values)`);
        }
        out = [...layer.targetShape];
        break;
      }
    }
    if (!SHAPE_PRESERVING.has(layer.type)) producer = { label, layer: spec };
    resolved.push(spec);
    shapes.push({ layer: label, outputShape: [null, ...out], params });
    shape = out;
  });
  return { layers: resolved, shapes };
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Expands presets, appends the output layer, fills dataset-dependent defaults and checks that the
 * shapes chain from `featureShape` to the label. Accepts raw JSON or an already parsed spec.
 * Throws {@link ModelSpecError} naming the offending layer.
 */
export function resolveModelSpec(input: unknown, ds: DatasetShape): ResolvedModel {
  const spec = parseModelSpec(input);
  if (ds.featureShape.length === 0 || ds.featureShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ModelSpecError('', `the dataset's feature shape ${fmt(ds.featureShape)} is not a list of positive integers`);
  }

  // Task: the dataset decides regression vs classification; two classes may still be trained as softmax.
  let numClasses: number | undefined;
  if (spec.task === 'REGRESSION' || ds.task === 'REGRESSION') {
    if (spec.task !== ds.task) {
      throw new ModelSpecError('task', `task ${spec.task} does not fit the dataset, whose label is for ${ds.task === 'REGRESSION' ? 'regression' : 'classification'}`);
    }
  } else {
    numClasses = ds.numClasses ?? (ds.task === 'BINARY' ? 2 : undefined);
    if (numClasses === undefined) throw new ModelSpecError('task', 'MULTICLASS needs the number of classes of the dataset label');
    if (numClasses < 2) throw new ModelSpecError('task', `classification needs at least 2 classes, the dataset label has ${numClasses}`);
    if (spec.task === 'BINARY' && numClasses !== 2) {
      throw new ModelSpecError('task', `task BINARY needs a label with 2 classes, the dataset label has ${numClasses}; use MULTICLASS`);
    }
  }

  const loss = spec.loss ?? DEFAULT_LOSS[spec.task];
  if (!LOSSES_FOR[spec.task].includes(loss)) {
    throw new ModelSpecError('loss', `loss ${loss} does not fit a ${spec.task} task; use ${LOSSES_FOR[spec.task].join(' or ')}`);
  }

  if (spec.earlyStopping) {
    const metric = spec.earlyStopping.metric.replace(/^val_/, '');
    if (metric === 'accuracy' && spec.task === 'REGRESSION') {
      throw new ModelSpecError('earlyStopping.metric', `earlyStopping metric ${spec.earlyStopping.metric} needs a classification task; use loss or mae`);
    }
    if (metric === 'mae' && spec.task !== 'REGRESSION') {
      throw new ModelSpecError('earlyStopping.metric', `earlyStopping metric ${spec.earlyStopping.metric} needs a regression task; use loss or accuracy`);
    }
  }

  const arch = spec.architecture;
  const isPreset = 'preset' in arch;
  const userLayers = isPreset ? expandPreset(arch, ds) : arch.layers;
  const outputUnits = spec.task === 'MULTICLASS' ? numClasses! : 1;
  const outputActivation = spec.task === 'REGRESSION' ? 'linear' : spec.task === 'BINARY' ? 'sigmoid' : 'softmax';
  const all: LayerSpec[] = [...userLayers, { type: 'dense', units: outputUnits, activation: outputActivation } satisfies LayerOf<'dense'>];
  const { layers, shapes } = inferShapes(all, {
    ds,
    pathOf: (i) => (isPreset || i < 0 ? 'architecture' : `architecture.layers[${i}]`),
    messagePrefix: isPreset ? `${arch.preset} preset: ` : '',
  });

  const optimizer: ResolvedOptimizer = { type: spec.optimizer.type, learningRate: spec.optimizer.learningRate ?? DEFAULT_LEARNING_RATE[spec.optimizer.type] };
  if (spec.optimizer.type === 'momentum') optimizer.momentum = spec.optimizer.momentum ?? 0.9;
  if (spec.optimizer.type === 'rmsprop' && spec.optimizer.momentum !== undefined) optimizer.momentum = spec.optimizer.momentum;

  return {
    task: spec.task,
    featureShape: [...ds.featureShape],
    ...(numClasses !== undefined && { numClasses }),
    outputUnits,
    layers,
    loss,
    optimizer,
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    ...(spec.earlyStopping && { earlyStopping: spec.earlyStopping }),
    ...(spec.seed !== undefined && { seed: spec.seed }),
    shapes,
    totalParams: shapes.reduce((a, s) => a + s.params, 0),
  };
}
