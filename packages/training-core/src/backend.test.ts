/**
 * Which layers train on wasm is measured here, not assumed: every layer type is trained on wasm
 * behind a trainable layer (so its gradient must flow), and the outcome must match
 * WASM_TRAINABLE_LAYERS. If a tfjs upgrade adds kernels, this test says which entries to add.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, WASM_TRAINABLE_LAYERS, wasmUnsupportedLayers } from './backend.ts';
import { buildModel } from './build.ts';
import { TrainingFailedError } from './errors.ts';
import type { ACTIVATIONS, LayerSpec, LayerType, ModelSpecInput } from './spec.ts';
import { trainModel } from './train.ts';
import { resolveModelSpec, type DatasetShape, type ResolvedModel } from './validate.ts';

type Case = { featureShape: number[]; vocabSize?: number; layers: LayerSpec[] };
// batchNorm is trainable and keeps any shape, so it sits in front of layers without weights.
const CASES: Record<LayerType, Case> = {
  dense: { featureShape: [4], layers: [{ type: 'dense', units: 3 }] },
  dropout: { featureShape: [4], layers: [{ type: 'dense', units: 3 }, { type: 'dropout', rate: 0.5 }] },
  batchNorm: { featureShape: [4], layers: [{ type: 'dense', units: 3 }, { type: 'batchNorm' }] },
  activation: { featureShape: [4], layers: [{ type: 'dense', units: 3 }, { type: 'activation', activation: 'elu' }] },
  flatten: { featureShape: [3, 2], layers: [{ type: 'batchNorm' }, { type: 'flatten' }] },
  reshape: { featureShape: [6], layers: [{ type: 'dense', units: 6 }, { type: 'reshape', targetShape: [2, 3] }, { type: 'flatten' }] },
  conv2d: { featureShape: [5, 5, 1], layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'flatten' }] },
  maxPool2d: { featureShape: [4, 4, 2], layers: [{ type: 'batchNorm' }, { type: 'maxPool2d', poolSize: 2 }, { type: 'flatten' }] },
  avgPool2d: { featureShape: [4, 4, 2], layers: [{ type: 'batchNorm' }, { type: 'avgPool2d', poolSize: 2 }, { type: 'flatten' }] },
  globalAveragePool: { featureShape: [4, 4, 2], layers: [{ type: 'batchNorm' }, { type: 'globalAveragePool' }] },
  embedding: { featureShape: [5], vocabSize: 10, layers: [{ type: 'embedding', outputDim: 3 }, { type: 'flatten' }] },
  lstm: { featureShape: [5, 2], layers: [{ type: 'batchNorm' }, { type: 'lstm', units: 3 }] },
  gru: { featureShape: [5, 2], layers: [{ type: 'batchNorm' }, { type: 'gru', units: 3, returnSequences: true }, { type: 'globalAveragePool' }] },
  simpleRNN: { featureShape: [5, 2], layers: [{ type: 'batchNorm' }, { type: 'simpleRNN', units: 3 }] },
};

function resolve(c: Case, extra: Partial<ModelSpecInput> = {}, task: DatasetShape['task'] = 'REGRESSION'): ResolvedModel {
  const ds: DatasetShape = { featureShape: c.featureShape, task, ...(task !== 'REGRESSION' && { numClasses: task === 'BINARY' ? 2 : 3 }), ...(c.vocabSize && { vocabSize: c.vocabSize }) };
  return resolveModelSpec({ task, architecture: { layers: c.layers }, epochs: 1, batchSize: 4, seed: 7, ...extra }, ds);
}

function dataFor(r: ResolvedModel, n = 8) {
  const size = r.featureShape.reduce((a, b) => a * b, 1);
  const vocab = r.layers[0]!.type === 'embedding' ? r.layers[0]!.inputDim! : 0;
  const x = Float32Array.from({ length: n * size }, (_, i) => (vocab ? (i * 7) % vocab : Math.sin(i)));
  const y =
    r.task === 'REGRESSION' ? Float32Array.from({ length: n }, (_, i) => Math.cos(i)) : Int32Array.from({ length: n }, (_, i) => i % (r.numClasses ?? 2));
  return { x, y, n };
}

/** One epoch directly with tfjs on the active backend; returns how much the FIRST layer's trainable weights moved. */
async function trainOnce(r: ResolvedModel): Promise<number> {
  const model = buildModel(tf, r, 1);
  const { x, y, n } = dataFor(r);
  const xs = tf.tensor(x, [n, ...r.featureShape]);
  const ys = tf.tensor2d(y, [n, 1]);
  try {
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    // Trainable weights only: batch norm's moving statistics change without any gradient.
    const weights = () => model.layers[0]!.trainableWeights.map((w) => w.read().dataSync().slice());
    const before = weights();
    await model.fit(xs, ys, { epochs: 1, batchSize: 4, verbose: 0 });
    const after = weights();
    return Math.max(...before.map((b, i) => Math.max(...b.map((v, j) => Math.abs(v - after[i]![j]!)))));
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
}

describe('wasm kernel coverage (tfjs-backend-wasm 4.22)', () => {
  beforeAll(async () => {
    const b = await selectBackend(resolve(CASES.dense), { force: 'wasm' });
    expect(b.name).toBe('wasm');
  });

  it.each(Object.keys(CASES) as LayerType[])('%s trains on wasm iff listed in WASM_TRAINABLE_LAYERS', async (type) => {
    await tf.setBackend('wasm');
    const outcome = await trainOnce(resolve(CASES[type])).then(
      (moved) => ({ ok: true as const, moved }),
      (err: Error) => ({ ok: false as const, message: err.message }),
    );
    if (WASM_TRAINABLE_LAYERS.has(type)) {
      expect(outcome).toMatchObject({ ok: true });
      if (outcome.ok) expect(outcome.moved).toBeGreaterThan(0); // the gradient reached the first layer
    } else {
      expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/not registered for backend 'wasm'/) });
    }
  });

  it('every activation trains on wasm', async () => {
    await tf.setBackend('wasm');
    const acts: (typeof ACTIVATIONS)[number][] = ['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'relu6', 'hardSigmoid', 'swish', 'leakyReLU', 'linear'];
    for (const activation of acts) {
      const moved = await trainOnce(resolve({ featureShape: [4], layers: [{ type: 'dense', units: 3, activation }, { type: 'activation', activation }] }));
      expect(moved, activation).toBeGreaterThan(0);
    }
  });

  it('every loss and optimiser trains on wasm (through trainModel)', async () => {
    const c = CASES.dense;
    const combos: [DatasetShape['task'], ModelSpecInput['loss']][] = [
      ['REGRESSION', 'meanSquaredError'],
      ['REGRESSION', 'meanAbsoluteError'],
      ['BINARY', 'binaryCrossentropy'],
      ['MULTICLASS', 'categoricalCrossentropy'],
    ];
    for (const [task, loss] of combos) {
      for (const type of ['sgd', 'momentum', 'adam', 'rmsprop'] as const) {
        const r = resolve(c, { loss, optimizer: { type } }, task);
        const b = await selectBackend(r, { allowNative: false });
        expect(b.name).toBe('wasm');
        const d = dataFor(r);
        const res = await trainModel({ tf: b.tf, resolved: r, featureShape: r.featureShape, data: { train: d, validation: d } });
        expect(Number.isFinite(res.history[0]!.loss), `${task} ${loss} ${type}`).toBe(true);
        res.model.dispose();
      }
    }
  });

  it('recurrent layers give the same losses on wasm as on cpu', async () => {
    for (const type of ['lstm', 'gru', 'simpleRNN'] as const) {
      const r = resolve({ featureShape: [6, 2], layers: [{ type, units: 4 }] }, { epochs: 3 });
      const losses: number[][] = [];
      for (const force of ['wasm', 'cpu'] as const) {
        const b = await selectBackend(r, { force });
        expect(b.name).toBe(force);
        const res = await trainModel({ tf: b.tf, resolved: r, featureShape: r.featureShape, data: { train: dataFor(r, 16) } });
        losses.push(res.history.map((h) => h.loss));
        res.model.dispose();
      }
      for (let i = 0; i < 3; i++) expect(losses[0]![i]!, type).toBeCloseTo(losses[1]![i]!, 4);
    }
  });

  it('a model wasm cannot train fails with a BACKEND reason, not a crash', async () => {
    const r = resolve(CASES.conv2d);
    await selectBackend(resolve(CASES.dense), { force: 'wasm' });
    const err = await trainModel({ tf, resolved: r, featureShape: r.featureShape, data: { train: dataFor(r) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingFailedError);
    expect(err).toMatchObject({ kind: 'BACKEND', message: expect.stringMatching(/^the wasm backend cannot train this model: Kernel 'Conv2DBackpropFilter'/) });
  });
});

describe('selectBackend', () => {
  const ds = { featureShape: [8, 8, 1], task: 'BINARY', numClasses: 2 } as const;
  const text = { featureShape: [6], task: 'BINARY', numClasses: 2, vocabSize: 12 } as const;

  it('routes by layer kernels and switches backends between consecutive runs', async () => {
    const runs: [ModelSpecInput['architecture'], DatasetShape, 'wasm' | 'cpu', RegExp][] = [
      [{ preset: 'mlp', hiddenUnits: [4] }, ds, 'wasm', /every layer has wasm gradient kernels/],
      [{ preset: 'cnn', filters: [2], denseUnits: 0 }, ds, 'cpu', /wasm has no gradient kernels for conv2d/],
      [{ preset: 'mlp', hiddenUnits: [4] }, ds, 'wasm', /wasm/],
      [{ preset: 'rnn', units: 3, embeddingDim: 2 }, text, 'cpu', /wasm has no gradient kernels for embedding/],
      [{ preset: 'rnn', units: 3 }, { featureShape: [6, 2], task: 'BINARY', numClasses: 2 }, 'wasm', /wasm/],
      [{ layers: [{ type: 'batchNorm' }, { type: 'flatten' }] }, ds, 'wasm', /wasm/],
    ];
    for (const [architecture, shape, expected, reason] of runs) {
      const r = resolveModelSpec({ task: 'BINARY', architecture, epochs: 1, batchSize: 4, seed: 1 }, shape);
      const b = await selectBackend(r);
      // tfjs-node cannot be installed here, so the optional import must fall back quietly.
      expect(b.name).toBe(expected);
      expect(b.reason).toMatch(reason);
      expect(b.tf.getBackend()).toBe(expected);
      const res = await trainModel({ tf: b.tf, resolved: r, featureShape: r.featureShape, data: { train: dataFor(r) } });
      expect(res.epochsRun).toBe(1);
      res.model.dispose();
    }
  });

  it('reports the layers wasm cannot train', () => {
    const r = resolveModelSpec({ task: 'BINARY', architecture: { preset: 'rnn' } }, text);
    expect(wasmUnsupportedLayers(r)).toEqual(['embedding']);
  });

  it('can be forced to cpu', async () => {
    const b = await selectBackend(resolve(CASES.dense), { force: 'cpu' });
    expect(b).toMatchObject({ name: 'cpu', reason: 'forced' });
    expect(tf.getBackend()).toBe('cpu');
  });
});
