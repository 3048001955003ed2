import { describe, expect, it } from 'vitest';
import { selectBackend, type SelectedBackend } from './backend.ts';
import { RunCancelledError, TrainingFailedError } from './errors.ts';
import type { ClassificationEvaluation, RegressionEvaluation } from './evaluate.ts';
import { evaluateModel, predictBatch } from './predict.ts';
import type { ModelSpecInput } from './spec.ts';
import { blobs, cornerImages, linearRegression, tokenSequences, type Synthetic } from './testing/synthetic.ts';
import { trainModel, type EpochReport, type TrainOptions } from './train.ts';
import { resolveModelSpec, type DatasetShape, type ResolvedModel } from './validate.ts';

async function setup(spec: Partial<ModelSpecInput> & Pick<ModelSpecInput, 'task' | 'architecture'>, data: Synthetic, extra: Partial<DatasetShape> = {}) {
  const ds: DatasetShape = {
    featureShape: data.featureShape,
    task: spec.task,
    ...(spec.task !== 'REGRESSION' && { numClasses: spec.task === 'BINARY' ? 2 : 3 }),
    ...extra,
  };
  const resolved = resolveModelSpec({ seed: 42, ...spec }, ds);
  const backend = await selectBackend(resolved, { allowNative: false });
  return { resolved, backend };
}

function train(backend: SelectedBackend, resolved: ResolvedModel, data: Synthetic, opts: Partial<TrainOptions> = {}) {
  return trainModel({ tf: backend.tf, resolved, featureShape: data.featureShape, data: { train: data.train, validation: data.validation }, ...opts });
}

describe('learning', () => {
  it('a regression MLP fits linear data with noise (wasm)', async () => {
    const data = linearRegression();
    const { resolved, backend } = await setup(
      { task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: [16] }, epochs: 40, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.02 } },
      data,
    );
    expect(backend.name).toBe('wasm');
    const epochs: EpochReport[] = [];
    const { model, history, epochsRun } = await train(backend, resolved, data, { onEpoch: (e) => void epochs.push(e) });
    try {
      expect(epochsRun).toBe(40);
      expect(epochs).toEqual(history);
      expect(epochs[0]).toMatchObject({ epoch: 1, loss: expect.any(Number), valLoss: expect.any(Number), metrics: { mae: expect.any(Number), val_mae: expect.any(Number) } });
      expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss);
      const ev = evaluateModel(backend.tf, model, resolved, data.test) as RegressionEvaluation;
      // The target's variance is ~5, its noise 0.0025.
      expect(ev.mse).toBeLessThan(0.1);
      expect(ev.r2).toBeGreaterThan(0.98);
      expect(ev.count).toBe(data.test.n);
    } finally {
      model.dispose();
    }
  });

  it('a binary classifier separates two blobs', async () => {
    const data = blobs(2);
    const { resolved, backend } = await setup({ task: 'BINARY', architecture: { preset: 'mlp', hiddenUnits: [8] }, epochs: 15, optimizer: { type: 'adam', learningRate: 0.05 } }, data);
    const { model, history } = await train(backend, resolved, data);
    try {
      expect(history.at(-1)!.metrics).toMatchObject({ accuracy: expect.any(Number), val_accuracy: expect.any(Number) });
      expect(history.at(-1)!.metrics['val_accuracy']).toBeGreaterThan(0.95);
      const ev = evaluateModel(backend.tf, model, resolved, data.test) as ClassificationEvaluation;
      expect(ev.accuracy).toBeGreaterThan(0.95);
      expect(ev.rocAuc).toBeGreaterThan(0.98);
      const p = predictBatch(backend.tf, model, data.test.x, data.test.n, data.featureShape);
      expect(p).toHaveLength(data.test.n);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('a multiclass classifier separates three blobs (labels as indices or one-hot)', async () => {
    const data = blobs(3, 300, 2, 5);
    const { resolved, backend } = await setup({ task: 'MULTICLASS', architecture: { preset: 'mlp', hiddenUnits: [12] }, epochs: 15, optimizer: { type: 'adam', learningRate: 0.05 } }, data);
    const oneHot = (y: ArrayLike<number>) => Float32Array.from({ length: y.length * 3 }, (_, i) => (y[Math.floor(i / 3)] === i % 3 ? 1 : 0));
    for (const encode of [(y: Float32Array | Int32Array) => y, oneHot]) {
      const { model, history } = await trainModel({
        tf: backend.tf,
        resolved,
        featureShape: data.featureShape,
        data: { train: { ...data.train, y: encode(data.train.y) }, validation: { ...data.validation, y: encode(data.validation.y) } },
      });
      try {
        expect(history.at(-1)!.metrics['val_accuracy']).toBeGreaterThan(0.95);
        const ev = evaluateModel(backend.tf, model, resolved, { ...data.test, y: encode(data.test.y) }, ['a', 'b', 'c']) as ClassificationEvaluation;
        expect(ev.accuracy).toBeGreaterThan(0.95);
        expect(ev.perClass.map((c) => c.label)).toEqual(['a', 'b', 'c']);
        expect(ev.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(data.test.n);
        expect(ev.rocAuc).toBeUndefined();
        expect(predictBatch(backend.tf, model, data.test.x.subarray(0, 4), 2, data.featureShape)).toHaveLength(6);
      } finally {
        model.dispose();
      }
    }
  });

  it('a tiny text RNN (embedding + gru) learns above chance (cpu)', async () => {
    const data = tokenSequences();
    const { resolved, backend } = await setup(
      { task: 'BINARY', architecture: { preset: 'rnn', cell: 'gru', units: 8, embeddingDim: 8 }, epochs: 8, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.02 } },
      data,
      { vocabSize: data.vocabSize },
    );
    expect(backend.name).toBe('cpu');
    const { model } = await train(backend, resolved, data);
    try {
      expect((evaluateModel(backend.tf, model, resolved, data.test) as ClassificationEvaluation).accuracy).toBeGreaterThan(0.8);
    } finally {
      model.dispose();
    }
  });

  it('an lstm on token ids learns above chance', async () => {
    const data = tokenSequences(160, 6, 9);
    const { resolved, backend } = await setup(
      {
        task: 'BINARY',
        architecture: { layers: [{ type: 'embedding', outputDim: 6 }, { type: 'lstm', units: 6 }] },
        epochs: 8,
        batchSize: 16,
        optimizer: { type: 'rmsprop', learningRate: 0.01 },
      },
      data,
      { vocabSize: data.vocabSize },
    );
    const { model } = await train(backend, resolved, data);
    try {
      expect((evaluateModel(backend.tf, model, resolved, data.test) as ClassificationEvaluation).accuracy).toBeGreaterThan(0.8);
    } finally {
      model.dispose();
    }
  });

  it('a tiny CNN finds the bright corner (cpu)', async () => {
    const data = cornerImages();
    const { resolved, backend } = await setup(
      { task: 'BINARY', architecture: { preset: 'cnn', filters: [4], kernelSize: 3, denseUnits: 8 }, epochs: 6, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 } },
      data,
    );
    expect(backend.name).toBe('cpu');
    expect(resolved.layers.map((l) => l.type)).toEqual(['conv2d', 'maxPool2d', 'flatten', 'dense', 'dense']);
    const { model } = await train(backend, resolved, data);
    try {
      expect((evaluateModel(backend.tf, model, resolved, data.test) as ClassificationEvaluation).accuracy).toBeGreaterThan(0.8);
    } finally {
      model.dispose();
    }
  });

  it('each preset trains, including numeric sequences and 2-D images', async () => {
    const cases: [ModelSpecInput['architecture'], Synthetic, Partial<DatasetShape>][] = [
      [{ preset: 'mlp', dropout: 0.2, activation: 'tanh' }, blobs(2, 40), {}],
      [{ preset: 'cnn', filters: [2, 2], denseUnits: 4 }, { ...cornerImages(40), featureShape: [8, 8] }, {}],
      [{ preset: 'rnn', cell: 'simpleRNN', units: 4 }, blobs(2, 40, 5), {}],
      [{ preset: 'rnn', units: 4, embeddingDim: 4 }, tokenSequences(40), { vocabSize: 12 }],
    ];
    for (const [architecture, data, extra] of cases) {
      const { resolved, backend } = await setup({ task: 'BINARY', architecture, epochs: 2, batchSize: 8 }, data, extra);
      const { model, epochsRun, history } = await train(backend, resolved, data);
      expect(epochsRun, JSON.stringify(architecture)).toBe(2);
      expect(history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.valLoss))).toBe(true);
      model.dispose();
    }
  });
});

describe('control', () => {
  const data = linearRegression(120, 3, 11);
  const regression = (extra: Partial<ModelSpecInput> = {}) =>
    setup({ task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: [8] }, epochs: 5, batchSize: 16, ...extra }, data);

  it('is reproducible for a seed, dropout and shuffling included', async () => {
    const run = async (seed: number) => {
      const { resolved, backend } = await regression({ seed, architecture: { preset: 'mlp', hiddenUnits: [8], dropout: 0.3 } });
      const { model, history, seed: used } = await train(backend, resolved, data);
      model.dispose();
      expect(used).toBe(seed);
      return history.map((h) => [h.loss, h.valLoss]);
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('reports the random seed it picked when the spec has none', async () => {
    const { backend } = await regression();
    const resolved = resolveModelSpec({ task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: [2] }, epochs: 1 }, { featureShape: [3], task: 'REGRESSION' });
    const res = await train(backend, resolved, data);
    expect(Number.isInteger(res.seed)).toBe(true);
    res.model.dispose();
  });

  it('stops early when the metric stops improving', async () => {
    // minDelta so large that nothing after the first epoch counts as an improvement.
    const { resolved, backend } = await regression({ epochs: 50, earlyStopping: { metric: 'val_loss', patience: 2, minDelta: 1e9 } });
    const res = await train(backend, resolved, data);
    expect(res).toMatchObject({ stoppedEarly: true, epochsRun: 3, bestEpoch: 1 });
    res.model.dispose();
  });

  it('early stopping on a real plateau', async () => {
    const { resolved, backend } = await regression({ epochs: 200, optimizer: { type: 'adam', learningRate: 0.05 }, earlyStopping: { metric: 'val_loss', patience: 3, minDelta: 1e-3 } });
    const res = await train(backend, resolved, data);
    expect(res.stoppedEarly).toBe(true);
    expect(res.epochsRun).toBeLessThan(200);
    expect(res.epochsRun - res.bestEpoch!).toBe(3);
    res.model.dispose();
  });

  it('early stopping on val_* falls back to the training metric without validation data', async () => {
    const { resolved, backend } = await regression({ epochs: 20, earlyStopping: { metric: 'val_loss', patience: 1, minDelta: 1e9 } });
    const lines: string[] = [];
    const res = await trainModel({ tf: backend.tf, resolved, featureShape: data.featureShape, data: { train: data.train }, log: (l) => lines.push(l) });
    expect(res).toMatchObject({ stoppedEarly: true, epochsRun: 2 });
    expect(res.history[0]!.valLoss).toBeUndefined();
    expect(lines.join('\n')).toMatch(/early stopping on loss: there is no validation data for val_loss/);
    res.model.dispose();
  });

  it('cancel at an epoch end stops after that epoch', async () => {
    const { resolved, backend } = await regression({ epochs: 50 });
    const reports: EpochReport[] = [];
    const err = await train(backend, resolved, data, { onEpoch: (e) => void reports.push(e), shouldStop: () => reports.length >= 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunCancelledError);
    expect(err).toMatchObject({ code: 'RUN_CANCELLED', epochsCompleted: 2 });
    expect(reports.map((r) => r.epoch)).toEqual([1, 2]);
  });

  it('cancel is also noticed within an epoch', async () => {
    const { resolved, backend } = await regression({ epochs: 3, batchSize: 1 });
    let calls = 0;
    const reports: EpochReport[] = [];
    const err = await train(backend, resolved, data, {
      onEpoch: (e) => void reports.push(e),
      shouldStop: async () => ++calls >= 5, // the 5th batch of the first epoch (of 72)
      stopCheckIntervalMs: 0,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ epochsCompleted: 0 });
    expect(reports).toEqual([]);
    expect(calls).toBe(5);
  });

  it('yields to the event loop within an epoch (heartbeats keep running)', async () => {
    const long = linearRegression(600, 3, 14);
    const { resolved, backend } = await setup({ task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: [4] }, epochs: 1, batchSize: 1 }, long);
    let ticks = 0;
    let ticksBeforeEpochEnd = -1;
    const heartbeat = setInterval(() => ticks++, 1);
    try {
      const res = await train(backend, resolved, long, { onEpoch: () => void (ticksBeforeEpochEnd = ticks) });
      res.model.dispose();
    } finally {
      clearInterval(heartbeat);
    }
    expect(ticksBeforeEpochEnd).toBeGreaterThan(0);
  });

  it('a diverging run fails with NaN loss and a hint', async () => {
    const big = linearRegression(60, 3, 12);
    for (const v of [big.train, big.validation]) for (let i = 0; i < v.y.length; i++) v.y[i]! *= 1000;
    const { resolved, backend } = await setup({ task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: [8] }, epochs: 20, optimizer: { type: 'sgd', learningRate: 10 } }, big);
    const reports: EpochReport[] = [];
    const err = await train(backend, resolved, big, { onEpoch: (e) => void reports.push(e) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingFailedError);
    expect(err).toMatchObject({ kind: 'NAN_LOSS', message: expect.stringMatching(/^loss became NaN at epoch \d+; try a lower learning rate$/) });
    expect((err as TrainingFailedError).epoch).toBe(reports.length + 1);
  });

  it('running out of memory mid-training fails with a reason and leaks nothing', async () => {
    const { resolved, backend } = await regression({ epochs: 3 });
    const before = backend.tf.memory().numTensors;
    let calls = 0;
    // A tf whose tensor() fails like a failed ArrayBuffer allocation on the 7th batch.
    const tf = new Proxy(backend.tf, {
      get(target, key, receiver) {
        if (key !== 'tensor') return Reflect.get(target, key, receiver) as unknown;
        return (...args: Parameters<typeof target.tensor>) => {
          if (++calls === 7) throw new RangeError('Array buffer allocation failed');
          return target.tensor(...args);
        };
      },
    });
    const err = await trainModel({ tf, resolved, featureShape: data.featureShape, data: { train: data.train } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingFailedError);
    expect(err).toMatchObject({ kind: 'OUT_OF_MEMORY', epoch: 2, message: 'ran out of memory at epoch 2; try a smaller batch size or a smaller model' });
    expect(backend.tf.memory().numTensors).toBe(before);
  });

  it('a resolved model tfjs cannot build fails as INVALID_MODEL', async () => {
    const { resolved, backend } = await regression();
    const broken: ResolvedModel = { ...resolved, layers: [{ type: 'dense', units: -1 } as never, ...resolved.layers.slice(1)] };
    await expect(train(backend, broken, data)).rejects.toMatchObject({ kind: 'INVALID_MODEL', message: expect.stringMatching(/^the model cannot be built: /) });
  });

  it('rejects bad data with a reason before training', async () => {
    const { resolved, backend } = await regression();
    const cases: [Partial<Synthetic['train']>, RegExp][] = [
      [{ n: 0 }, /training data: needs at least one example/],
      [{ x: new Float32Array(5) }, /x has 5 values, expected n \* 3/],
      [{ y: new Float32Array(3) }, /y has 3 values, expected 72/],
      [{ x: Float32Array.from(data.train.x, (v, i) => (i === 7 ? NaN : v)) }, /feature value NaN in example 2/],
    ];
    for (const [patch, message] of cases) {
      const err = await trainModel({ tf: backend.tf, resolved, featureShape: data.featureShape, data: { train: { ...data.train, ...patch } } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'INVALID_DATA', message: expect.stringMatching(message) });
    }
    const bin = await setup({ task: 'BINARY', architecture: { preset: 'mlp' } }, blobs(2, 20));
    const bad = { x: new Float32Array(4), y: new Float32Array([0, 2]), n: 2 };
    await expect(trainModel({ tf: bin.backend.tf, resolved: bin.resolved, featureShape: [2], data: { train: bad } })).rejects.toThrow(/binary labels must be 0 or 1, got 2/);
    await expect(trainModel({ tf: backend.tf, resolved, featureShape: [4], data: { train: data.train } })).rejects.toMatchObject({ kind: 'INVALID_MODEL' });
  });

  it("errors thrown by onEpoch are the caller's and pass through unchanged", async () => {
    const { resolved, backend } = await regression();
    const mine = new Error('database is down');
    await expect(train(backend, resolved, data, { onEpoch: () => Promise.reject(mine) })).rejects.toBe(mine);
  });
});

describe('memory', () => {
  it('tensor count is flat across many runs on wasm and cpu', async () => {
    const reg = linearRegression(60, 3, 13);
    const img = cornerImages(24);
    const txt = tokenSequences(24);
    const runs: [ModelSpecInput, Synthetic, Partial<DatasetShape>][] = [
      [{ task: 'REGRESSION', architecture: { preset: 'mlp', hiddenUnits: [4], dropout: 0.1 }, optimizer: { type: 'momentum' } }, reg, {}],
      [{ task: 'BINARY', architecture: { preset: 'cnn', filters: [2], denseUnits: 0 }, optimizer: { type: 'rmsprop', momentum: 0.5 } }, img, {}],
      [{ task: 'BINARY', architecture: { preset: 'rnn', units: 3, embeddingDim: 2 } }, txt, { vocabSize: 12 }],
      [{ task: 'BINARY', architecture: { layers: [{ type: 'batchNorm' }, { type: 'dense', units: 3 }] }, optimizer: { type: 'sgd' } }, { ...img, featureShape: [64] }, {}],
    ];
    let baseline: number | undefined;
    let baselineBytes: number | undefined;
    for (let round = 0; round < 3; round++) {
      for (const [spec, data, extra] of runs) {
        const { resolved, backend } = await setup({ ...spec, epochs: 2, batchSize: 8, earlyStopping: { metric: 'loss', patience: 1, minDelta: 1e9 } }, data, extra);
        baseline ??= backend.tf.memory().numTensors;
        baselineBytes ??= backend.tf.memory().numBytes;
        const { model } = await train(backend, resolved, data);
        evaluateModel(backend.tf, model, resolved, data.test);
        model.dispose();
        expect(backend.tf.memory().numTensors, `${backend.name} round ${round}`).toBe(baseline);
        // Failed and cancelled runs clean up too.
        await train(backend, resolved, data, { shouldStop: () => true }).catch(() => {});
        await train(backend, resolved, data, { onEpoch: () => Promise.reject(new Error('x')) }).catch(() => {});
        expect(backend.tf.memory().numTensors, `${backend.name} round ${round} after failures`).toBe(baseline);
        expect(backend.tf.memory().numBytes).toBe(baselineBytes);
      }
    }
  });
});
