import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, layerName } from './build.ts';
import { ModelSpecError } from './errors.ts';
import type { ModelSpecInput } from './spec.ts';
import { parseModelSpec, resolveModelSpec, type DatasetShape } from './validate.ts';

const tabular: DatasetShape = { featureShape: [20], task: 'REGRESSION' };
const text: DatasetShape = { featureShape: [10], task: 'BINARY', numClasses: 2, vocabSize: 50 };
const image: DatasetShape = { featureShape: [8, 8, 1], task: 'MULTICLASS', numClasses: 3 };

function specError(fn: () => unknown): ModelSpecError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelSpecError);
    return err as ModelSpecError;
  }
  throw new Error('expected a ModelSpecError');
}

const layers = (task: ModelSpecInput['task'], ls: unknown[], extra: Record<string, unknown> = {}) =>
  ({ task, architecture: { layers: ls }, ...extra }) as ModelSpecInput;

describe('parseModelSpec', () => {
  it('fills defaults and round-trips through JSON', () => {
    const spec = parseModelSpec({ task: 'BINARY', architecture: { preset: 'mlp' } });
    expect(spec).toMatchObject({ epochs: 20, batchSize: 32, optimizer: { type: 'adam' } });
    expect(spec.loss).toBeUndefined();
    expect(parseModelSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it.each([
    [{ task: 'REGRESSION', architecture: { layers: [{ type: 'dense', units: 4 }, { type: 'dense', units: 0 }] } }, 'architecture.layers[1].units'],
    [{ task: 'REGRESSION', architecture: { layers: [{ type: 'denze', units: 4 }] } }, 'architecture.layers[0].type'],
    [{ task: 'REGRESSION', architecture: { layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, padding: 'full' }] } }, 'architecture.layers[0].padding'],
    [{ task: 'REGRESSION', architecture: { preset: 'transformer' } }, 'architecture.preset'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: ['a'] } }, 'architecture.hiddenUnits[0]'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, epochs: 0 }, 'epochs'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, batchSize: 5000 }, 'batchSize'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, optimizer: { type: 'sgd', learningRate: 1e6 } }, 'optimizer.learningRate'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, optimizer: { type: 'sgd', learningRate: 0 } }, 'optimizer.learningRate'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, optimizer: { type: 'adam', momentum: 0.9 } }, 'optimizer.momentum'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, earlyStopping: { metric: 'f1' } }, 'earlyStopping.metric'],
    [{ task: 'CLUSTERING', architecture: { preset: 'mlp' } }, 'task'],
    [{ task: 'REGRESSION', architecture: { preset: 'mlp' }, learning_rate: 0.1 }, ''],
  ])('rejects %j at %s', (input, path) => {
    const err = specError(() => parseModelSpec(input));
    expect(err.code).toBe('INVALID_MODEL_SPEC');
    expect(err.path).toBe(path);
    expect(err.message.startsWith(path ? `${path}: ` : '')).toBe(true);
  });
});

describe('resolveModelSpec: errors name the layer', () => {
  it.each([
    [layers('REGRESSION', [{ type: 'conv2d', filters: 4, kernelSize: 3 }]), tabular, 'architecture.layers[0]', 'layers[0] conv2d needs a 3-D input [height, width, channels], got [20]'],
    [
      layers('BINARY', [{ type: 'embedding', outputDim: 8 }, { type: 'lstm', units: 4, returnSequences: true }, { type: 'dense', units: 4 }]),
      text,
      'architecture.layers[2]',
      /^layers\[2\] dense after lstm with returnSequences gets a sequence \[10, 4\]; set returnSequences: false on layers\[1\] lstm/,
    ],
    [layers('BINARY', [{ type: 'embedding', outputDim: 8 }, { type: 'gru', units: 4, returnSequences: true }]), text, 'architecture.layers[1]', /output layer after gru with returnSequences/],
    [layers('MULTICLASS', [{ type: 'conv2d', filters: 4, kernelSize: 3 }]), image, 'architecture.layers[0]', /the output layer needs a flat input, got \[6, 6, 4\] from layers\[0\] conv2d; add flatten or globalAveragePool/],
    [layers('MULTICLASS', [{ type: 'conv2d', filters: 4, kernelSize: 9 }]), image, 'architecture.layers[0]', 'layers[0] conv2d kernel 9x9 is larger than its input 8x8; use a smaller kernelSize or padding: "same"'],
    [layers('MULTICLASS', [{ type: 'maxPool2d', poolSize: [2, 9] }]), image, 'architecture.layers[0]', /pool 2x9 is larger than its input 8x8/],
    [layers('MULTICLASS', [{ type: 'embedding', outputDim: 4 }]), image, 'architecture.layers[0]', /embedding needs a sequence of token ids \[timesteps\] as input, got \[8, 8, 1\]/],
    [layers('REGRESSION', [{ type: 'embedding', outputDim: 4 }]), tabular, 'architecture.layers[0]', /no vocabulary\); set inputDim/],
    [layers('BINARY', [{ type: 'embedding', outputDim: 4, inputDim: 20 }]), text, 'architecture.layers[0]', /inputDim 20 is smaller than the vocabulary size 50/],
    [layers('REGRESSION', [{ type: 'dense', units: 4 }, { type: 'embedding', outputDim: 4, inputDim: 10 }]), tabular, 'architecture.layers[1]', /embedding must be the first layer/],
    [layers('REGRESSION', [{ type: 'lstm', units: 4 }]), tabular, 'architecture.layers[0]', /lstm needs a sequence \[timesteps, features\] as input, got \[20\]; put an embedding first/],
    [layers('REGRESSION', [{ type: 'flatten' }]), tabular, 'architecture.layers[0]', /already flat/],
    [layers('REGRESSION', [{ type: 'reshape', targetShape: [3, 7] }]), tabular, 'architecture.layers[0]', /cannot reshape \[20\] \(20 values\) to \[3, 7\]/],
    [layers('REGRESSION', [{ type: 'dense', units: 4 }], { loss: 'binaryCrossentropy' }), tabular, 'loss', 'loss binaryCrossentropy does not fit a REGRESSION task; use meanSquaredError or meanAbsoluteError'],
    [layers('MULTICLASS', [{ type: 'flatten' }], { loss: 'binaryCrossentropy' }), image, 'loss', /use categoricalCrossentropy/],
    [layers('BINARY', [{ type: 'dense', units: 4 }]), tabular, 'task', /does not fit the dataset/],
    [layers('BINARY', [{ type: 'flatten' }]), image, 'task', /BINARY needs a label with 2 classes, the dataset label has 3/],
    [layers('REGRESSION', [], { earlyStopping: { metric: 'val_accuracy' } }), tabular, 'earlyStopping.metric', /needs a classification task/],
    [{ task: 'MULTICLASS', architecture: { preset: 'cnn' } } as ModelSpecInput, { ...image, featureShape: [20] }, 'architecture', 'cnn preset: needs image features [height, width] or [height, width, channels], got [20]'],
    [{ task: 'REGRESSION', architecture: { preset: 'rnn', embeddingDim: 8 } } as ModelSpecInput, tabular, 'architecture', /rnn preset: embeddingDim needs a tokenised text feature/],
  ])('%#: %s', (spec, ds, path, message) => {
    const err = specError(() => resolveModelSpec(spec, ds));
    expect(err.path).toBe(path);
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
  });

  it('requires the class count for MULTICLASS', () => {
    expect(specError(() => resolveModelSpec(layers('MULTICLASS', []), { featureShape: [3], task: 'MULTICLASS' })).path).toBe('task');
  });
});

describe('resolveModelSpec: shapes, defaults, presets', () => {
  it('appends the output layer by task and fills loss/optimizer defaults', () => {
    const reg = resolveModelSpec(layers('REGRESSION', [{ type: 'dense', units: 8, activation: 'relu' }]), tabular);
    expect(reg.layers.at(-1)).toEqual({ type: 'dense', units: 1, activation: 'linear' });
    expect(reg).toMatchObject({ loss: 'meanSquaredError', optimizer: { type: 'adam', learningRate: 0.001 }, outputUnits: 1, totalParams: 20 * 8 + 8 + 9 });
    expect(reg.shapes).toEqual([
      { layer: 'layers[0] dense', outputShape: [null, 8], params: 168 },
      { layer: 'output dense', outputShape: [null, 1], params: 9 },
    ]);
    const bin = resolveModelSpec(layers('BINARY', [], { optimizer: { type: 'momentum' } }), { featureShape: [3], task: 'BINARY' });
    expect(bin.layers).toEqual([{ type: 'dense', units: 1, activation: 'sigmoid' }]);
    expect(bin).toMatchObject({ loss: 'binaryCrossentropy', numClasses: 2, optimizer: { type: 'momentum', learningRate: 0.01, momentum: 0.9 } });
    const multi = resolveModelSpec(layers('MULTICLASS', [{ type: 'globalAveragePool' }]), image);
    expect(multi.layers.at(-1)).toEqual({ type: 'dense', units: 3, activation: 'softmax' });
    expect(multi).toMatchObject({ loss: 'categoricalCrossentropy', outputUnits: 3 });
    // Two classes may still be trained as a softmax classifier.
    expect(resolveModelSpec(layers('MULTICLASS', []), { featureShape: [3], task: 'BINARY' }).outputUnits).toBe(2);
  });

  it('fills the embedding inputDim from the vocabulary', () => {
    const r = resolveModelSpec(layers('BINARY', [{ type: 'embedding', outputDim: 8 }, { type: 'globalAveragePool' }]), text);
    expect(r.layers[0]).toEqual({ type: 'embedding', outputDim: 8, inputDim: 50 });
    expect(r.shapes.map((s) => s.outputShape)).toEqual([[null, 10, 8], [null, 8], [null, 1]]);
  });

  it('expands the presets for the data they get', () => {
    const types = (spec: ModelSpecInput, ds: DatasetShape) => resolveModelSpec(spec, ds).layers.map((l) => l.type).join(' ');
    expect(types({ task: 'REGRESSION', architecture: { preset: 'mlp', dropout: 0.2 } }, tabular)).toBe('dense dropout dense dropout dense');
    expect(types({ task: 'MULTICLASS', architecture: { preset: 'mlp' } }, image)).toBe('flatten dense dense dense');
    expect(types({ task: 'MULTICLASS', architecture: { preset: 'cnn' } }, image)).toBe('conv2d maxPool2d conv2d maxPool2d flatten dense dense');
    expect(types({ task: 'MULTICLASS', architecture: { preset: 'cnn', denseUnits: 0 } }, { ...image, featureShape: [28, 28] })).toBe(
      'reshape conv2d maxPool2d conv2d maxPool2d flatten dense',
    );
    // Pooling stops once the image is 1 pixel wide.
    expect(types({ task: 'MULTICLASS', architecture: { preset: 'cnn', filters: [2, 2, 2] } }, { ...image, featureShape: [2, 2, 1] })).toBe(
      'conv2d maxPool2d conv2d conv2d flatten dense dense',
    );
    expect(types({ task: 'BINARY', architecture: { preset: 'rnn', cell: 'gru' } }, text)).toBe('embedding gru dense');
    expect(types({ task: 'REGRESSION', architecture: { preset: 'rnn' } }, tabular)).toBe('reshape lstm dense');
    expect(types({ task: 'REGRESSION', architecture: { preset: 'rnn', cell: 'simpleRNN' } }, { ...tabular, featureShape: [5, 3] })).toBe('simpleRNN dense');
  });
});

describe('shape and parameter arithmetic matches tfjs', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const cases: [string, ModelSpecInput, DatasetShape][] = [
    ['mlp on images', { task: 'MULTICLASS', architecture: { preset: 'mlp', hiddenUnits: [7], dropout: 0.1 } }, image],
    ['cnn on 2-D images', { task: 'MULTICLASS', architecture: { preset: 'cnn', filters: [3, 5], kernelSize: [3, 2] } }, { ...image, featureShape: [9, 7] }],
    ['rnn on text', { task: 'BINARY', architecture: { preset: 'rnn', cell: 'lstm', units: 5, embeddingDim: 3 } }, text],
    ['rnn on numbers', { task: 'REGRESSION', architecture: { preset: 'rnn', cell: 'gru', units: 4 } }, { ...tabular, featureShape: [6] }],
    [
      'convolutions with strides and padding',
      layers('MULTICLASS', [
        { type: 'batchNorm' },
        { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'leakyReLU' },
        { type: 'conv2d', filters: 3, kernelSize: [2, 1], strides: [1, 2] },
        { type: 'avgPool2d', poolSize: 2, strides: 1, padding: 'same' },
        { type: 'maxPool2d', poolSize: [1, 2] },
        { type: 'activation', activation: 'elu' },
        { type: 'globalAveragePool' },
        { type: 'dense', units: 6, activation: 'swish' },
      ]),
      { ...image, featureShape: [11, 10, 2] },
    ],
    [
      'stacked recurrent layers',
      layers('BINARY', [
        { type: 'embedding', outputDim: 4 },
        { type: 'simpleRNN', units: 3, returnSequences: true },
        { type: 'dropout', rate: 0.5 },
        { type: 'gru', units: 2, returnSequences: true },
        { type: 'globalAveragePool' },
        { type: 'batchNorm' },
        { type: 'activation', activation: 'leakyReLU' },
      ]),
      text,
    ],
    [
      'reshape into a sequence',
      layers('REGRESSION', [{ type: 'reshape', targetShape: [5, 4] }, { type: 'lstm', units: 2, returnSequences: true }, { type: 'flatten' }]),
      tabular,
    ],
  ];

  it.each(cases)('%s', (_name, spec, ds) => {
    const resolved = resolveModelSpec(spec, ds);
    const model = buildModel(tf, resolved, 1);
    try {
      resolved.layers.forEach((layer, i) => {
        const main = model.getLayer(layerName(resolved, i));
        const leaky = 'activation' in layer && layer.activation === 'leakyReLU' && layer.type !== 'activation';
        const last = leaky ? model.getLayer(`${layerName(resolved, i)}_leaky`) : main;
        expect(last.outputShape, resolved.shapes[i]!.layer).toEqual(resolved.shapes[i]!.outputShape);
        expect(main.countParams(), resolved.shapes[i]!.layer).toBe(resolved.shapes[i]!.params);
      });
      expect(model.countParams()).toBe(resolved.totalParams);
    } finally {
      model.dispose();
    }
  });
});
