// The model definition form's state and its translation into CreateModelInput, with client-side
// checks (numbers that do not parse) before the server's validateModel does the real validation.

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'relu6', 'hardSigmoid', 'swish', 'leakyReLU', 'linear'] as const;
export const LOSSES = ['meanSquaredError', 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'rmsprop'] as const;
export const EARLY_STOPPING_METRICS = ['val_loss', 'loss', 'val_accuracy', 'accuracy', 'val_mae', 'mae'] as const;
export const TASKS = ['REGRESSION', 'BINARY', 'MULTICLASS'] as const;

export type FieldKind = 'int' | 'float' | 'activation' | 'bool' | 'intList' | 'padding';

export interface LayerFieldDef {
  key: string;
  label: string;
  kind: FieldKind;
  default: string;
  optional?: boolean;
}

export const LAYER_TYPES: Record<string, { label: string; fields: LayerFieldDef[] }> = {
  dense: {
    label: 'Dense',
    fields: [
      { key: 'units', label: 'Units', kind: 'int', default: '32' },
      { key: 'activation', label: 'Activation', kind: 'activation', default: 'relu', optional: true },
    ],
  },
  dropout: { label: 'Dropout', fields: [{ key: 'rate', label: 'Rate', kind: 'float', default: '0.2' }] },
  batchNorm: { label: 'Batch normalisation', fields: [] },
  activation: { label: 'Activation', fields: [{ key: 'activation', label: 'Activation', kind: 'activation', default: 'relu' }] },
  flatten: { label: 'Flatten', fields: [] },
  reshape: { label: 'Reshape', fields: [{ key: 'targetShape', label: 'Target shape', kind: 'intList', default: '' }] },
  conv2d: {
    label: 'Conv 2D',
    fields: [
      { key: 'filters', label: 'Filters', kind: 'int', default: '16' },
      { key: 'kernelSize', label: 'Kernel size', kind: 'int', default: '3' },
      { key: 'padding', label: 'Padding', kind: 'padding', default: 'valid', optional: true },
      { key: 'activation', label: 'Activation', kind: 'activation', default: 'relu', optional: true },
    ],
  },
  maxPool2d: { label: 'Max pool 2D', fields: [{ key: 'poolSize', label: 'Pool size', kind: 'int', default: '2' }] },
  avgPool2d: { label: 'Average pool 2D', fields: [{ key: 'poolSize', label: 'Pool size', kind: 'int', default: '2' }] },
  globalAveragePool: { label: 'Global average pool', fields: [] },
  embedding: { label: 'Embedding', fields: [{ key: 'outputDim', label: 'Output dim', kind: 'int', default: '16' }] },
  lstm: {
    label: 'LSTM',
    fields: [
      { key: 'units', label: 'Units', kind: 'int', default: '32' },
      { key: 'returnSequences', label: 'Return sequences', kind: 'bool', default: 'false', optional: true },
    ],
  },
  gru: {
    label: 'GRU',
    fields: [
      { key: 'units', label: 'Units', kind: 'int', default: '32' },
      { key: 'returnSequences', label: 'Return sequences', kind: 'bool', default: 'false', optional: true },
    ],
  },
  simpleRNN: {
    label: 'Simple RNN',
    fields: [
      { key: 'units', label: 'Units', kind: 'int', default: '32' },
      { key: 'returnSequences', label: 'Return sequences', kind: 'bool', default: 'false', optional: true },
    ],
  },
};

export interface LayerDraft {
  /** Stable React key. */
  uid: number;
  type: string;
  values: Record<string, string>;
}

export interface ModelDraft {
  name: string;
  datasetVersionId: string;
  task: string; // '' = from the dataset
  mode: 'preset' | 'layers';
  preset: 'mlp' | 'cnn' | 'rnn';
  hiddenUnits: string;
  activation: string;
  dropout: string;
  cnnFilters: string;
  cnnKernelSize: string;
  cnnDenseUnits: string;
  rnnCell: string;
  rnnUnits: string;
  rnnEmbeddingDim: string;
  layers: LayerDraft[];
  loss: string; // '' = by task
  optimizer: string;
  learningRate: string;
  epochs: string;
  batchSize: string;
  earlyStopping: boolean;
  earlyStoppingMetric: string;
  patience: string;
  seed: string;
}

let uid = 0;
export function newLayer(type = 'dense'): LayerDraft {
  const def = LAYER_TYPES[type] ?? LAYER_TYPES.dense!;
  return { uid: ++uid, type, values: Object.fromEntries(def.fields.map((f) => [f.key, f.default])) };
}

export function defaultDraft(datasetVersionId = ''): ModelDraft {
  return {
    name: '',
    datasetVersionId,
    task: '',
    mode: 'preset',
    preset: 'mlp',
    hiddenUnits: '32, 16',
    activation: 'relu',
    dropout: '',
    cnnFilters: '16, 32',
    cnnKernelSize: '3',
    cnnDenseUnits: '64',
    rnnCell: 'lstm',
    rnnUnits: '32',
    rnnEmbeddingDim: '',
    layers: [newLayer('dense'), newLayer('dropout')],
    loss: '',
    optimizer: 'adam',
    learningRate: '',
    epochs: '20',
    batchSize: '32',
    earlyStopping: false,
    earlyStoppingMetric: 'val_loss',
    patience: '5',
    seed: '',
  };
}

export interface DraftResult {
  input: Record<string, unknown> | null;
  /** Client-side problems by API path (same paths validateModel reports). */
  errors: Record<string, string>;
}

function parseInt_(raw: string, path: string, errors: Record<string, string>, optional = false): number | undefined {
  const text = raw.trim();
  if (text === '') {
    if (!optional) errors[path] = 'Required.';
    return undefined;
  }
  if (!/^-?\d+$/.test(text)) {
    errors[path] = 'Enter a whole number.';
    return undefined;
  }
  return Number(text);
}

function parseFloat_(raw: string, path: string, errors: Record<string, string>, optional = false): number | undefined {
  const text = raw.trim();
  if (text === '') {
    if (!optional) errors[path] = 'Required.';
    return undefined;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    errors[path] = 'Enter a number.';
    return undefined;
  }
  return value;
}

function parseIntList(raw: string, path: string, errors: Record<string, string>, optional = false): number[] | undefined {
  const text = raw.trim();
  if (text === '') {
    if (!optional) errors[path] = 'Required: whole numbers separated by commas.';
    return optional ? undefined : [];
  }
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.some((p) => !/^-?\d+$/.test(p))) {
    errors[path] = 'Use whole numbers separated by commas, e.g. 64, 32.';
    return undefined;
  }
  return parts.map(Number);
}

/** Builds CreateModelInput from the form; `input` is null when a value cannot be parsed. */
export function draftToInput(draft: ModelDraft): DraftResult {
  const errors: Record<string, string> = {};
  let architecture: Record<string, unknown>;
  if (draft.mode === 'preset') {
    if (draft.preset === 'mlp') {
      const hiddenUnits = parseIntList(draft.hiddenUnits, 'architecture.hiddenUnits', errors, true);
      const dropout = parseFloat_(draft.dropout, 'architecture.dropout', errors, true);
      architecture = {
        preset: 'mlp',
        ...(hiddenUnits ? { hiddenUnits } : {}),
        ...(draft.activation ? { activation: draft.activation } : {}),
        ...(dropout !== undefined ? { dropout } : {}),
      };
    } else if (draft.preset === 'cnn') {
      const filters = parseIntList(draft.cnnFilters, 'architecture.filters', errors, true);
      const kernelSize = parseInt_(draft.cnnKernelSize, 'architecture.kernelSize', errors, true);
      const denseUnits = parseInt_(draft.cnnDenseUnits, 'architecture.denseUnits', errors, true);
      architecture = {
        preset: 'cnn',
        ...(filters ? { filters } : {}),
        ...(kernelSize !== undefined ? { kernelSize } : {}),
        ...(denseUnits !== undefined ? { denseUnits } : {}),
      };
    } else {
      const units = parseInt_(draft.rnnUnits, 'architecture.units', errors, true);
      const embeddingDim = parseInt_(draft.rnnEmbeddingDim, 'architecture.embeddingDim', errors, true);
      architecture = {
        preset: 'rnn',
        cell: draft.rnnCell,
        ...(units !== undefined ? { units } : {}),
        ...(embeddingDim !== undefined ? { embeddingDim } : {}),
      };
    }
  } else {
    const layers = draft.layers.map((layer, i) => {
      const def = LAYER_TYPES[layer.type];
      const out: Record<string, unknown> = { type: layer.type };
      for (const field of def?.fields ?? []) {
        const path = `architecture.layers[${i}].${field.key}`;
        const raw = layer.values[field.key] ?? '';
        let value: unknown;
        switch (field.kind) {
          case 'int':
            value = parseInt_(raw, path, errors, field.optional);
            break;
          case 'float':
            value = parseFloat_(raw, path, errors, field.optional);
            break;
          case 'intList':
            value = parseIntList(raw, path, errors, field.optional);
            break;
          case 'bool':
            value = raw === 'true' ? true : undefined;
            break;
          default:
            value = raw === '' ? undefined : raw;
        }
        if (value !== undefined) out[field.key] = value;
      }
      return out;
    });
    architecture = { layers };
  }

  const epochs = parseInt_(draft.epochs, 'epochs', errors, true);
  const batchSize = parseInt_(draft.batchSize, 'batchSize', errors, true);
  const learningRate = parseFloat_(draft.learningRate, 'optimizer.learningRate', errors, true);
  const patience = draft.earlyStopping ? parseInt_(draft.patience, 'earlyStopping.patience', errors, true) : undefined;
  const seed = parseInt_(draft.seed, 'seed', errors, true);

  const input: Record<string, unknown> = {
    name: draft.name.trim(),
    datasetVersionId: draft.datasetVersionId,
    architecture,
    ...(draft.task ? { task: draft.task } : {}),
    ...(draft.loss ? { loss: draft.loss } : {}),
    optimizer: { type: draft.optimizer, ...(learningRate !== undefined ? { learningRate } : {}) },
    ...(epochs !== undefined ? { epochs } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(draft.earlyStopping ? { earlyStopping: { metric: draft.earlyStoppingMetric, ...(patience !== undefined ? { patience } : {}) } } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  return { input: Object.keys(errors).length > 0 ? null : input, errors };
}

export interface SpecIssue {
  path: string;
  message: string;
}

/** Issues for a field path: the path itself or anything below it. */
export function issuesAt(issues: SpecIssue[], path: string): SpecIssue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
}

/** The paths the form shows inline; everything else goes to the summary. */
export function inlinePaths(draft: ModelDraft): string[] {
  const paths = ['name', 'datasetVersionId', 'task', 'loss', 'optimizer', 'epochs', 'batchSize', 'earlyStopping', 'seed'];
  if (draft.mode === 'preset') {
    const byPreset: Record<string, string[]> = {
      mlp: ['architecture.hiddenUnits', 'architecture.activation', 'architecture.dropout'],
      cnn: ['architecture.filters', 'architecture.kernelSize', 'architecture.denseUnits'],
      rnn: ['architecture.cell', 'architecture.units', 'architecture.embeddingDim'],
    };
    paths.push(...(byPreset[draft.preset] ?? []));
  } else {
    draft.layers.forEach((_l, i) => paths.push(`architecture.layers[${i}]`));
  }
  return paths;
}
