/**
 * End to end through the public API, wired the way the gateway does: an exported tfjs model is
 * validated, served by a SessionPool behind a DynamicBatcher, fed from records/tensors and decoded.
 */
import * as tf from '@tensorflow/tfjs';
import { exportToOnnx } from '@modelgraph/onnx-export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamicBatcher,
  PredictInputError,
  SessionPool,
  decodePredictions,
  recordsToFeeds,
  tensorsToFeeds,
  validateOnnxModel,
  type BatchStats,
  type ModelSignature,
  type Prediction,
} from './index.ts';

const LABELS = ['setosa', 'versicolor', 'virginica'];
const COLOURS = ['blue', 'red', 'white'];
let model: tf.Sequential;
const models: Record<string, Uint8Array> = {};
const signatures: Record<string, ModelSignature> = {};
const pool = new SessionPool({ load: async (key) => models[key]!, mode: 'thread', sessionOptions: { intraOpNumThreads: 1 } });

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [5], units: 3, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }));

  // A record model: preprocessing in the graph (the boolean is a numeric 0/1 column).
  const records = exportToOnnx(model, {
    task: 'MULTICLASS',
    labels: LABELS,
    preprocessing: {
      columns: [
        { kind: 'numeric', name: 'petal_length', impute: 3, scale: { type: 'standardize', mean: 3, std: 1.5 } },
        { kind: 'numeric', name: 'wet', impute: 0 },
        { kind: 'categorical', name: 'colour', encoding: 'onehot', categories: COLOURS },
      ],
    },
  });
  const v1 = await validateOnnxModel(records.bytes, { maxBytes: 1 << 20, timeoutMs: 20_000 });
  models.records = records.bytes;
  signatures.records = {
    task: 'MULTICLASS',
    inputs: v1.inputs,
    outputs: v1.outputs,
    labels: LABELS,
    recordFields: [
      { name: 'petal_length', kind: 'numeric', input: 'petal_length' },
      { name: 'wet', kind: 'boolean', input: 'wet' },
      { name: 'colour', kind: 'categorical', input: 'colour' },
    ],
  };

  // A tensor model: the same network on raw features.
  const tensors = exportToOnnx(model, { task: 'MULTICLASS', labels: LABELS });
  const v2 = await validateOnnxModel(tensors.bytes, { maxBytes: 1 << 20, timeoutMs: 20_000 });
  models.tensors = tensors.bytes;
  signatures.tensors = { task: 'MULTICLASS', inputs: v2.inputs, outputs: v2.outputs, labels: LABELS, featureShape: [5] };
});

afterAll(async () => {
  model.dispose();
  await pool.close();
});

function tfProbabilities(features: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(features)) as tf.Tensor).arraySync() as number[][]);
}

function expectMatches(preds: Prediction[], features: number[][]): void {
  const expected = tfProbabilities(features);
  preds.forEach((p, i) => {
    p.probabilities!.forEach((c, j) => expect(c.probability).toBeCloseTo(expected[i]![j]!, 5));
    const best = expected[i]!.indexOf(Math.max(...expected[i]!));
    expect(p.labelIndex).toBe(best);
    expect(p.label).toBe(LABELS[best]);
  });
}

describe('inference-core end to end', () => {
  it('serves concurrent record requests in one batch, with the same results as tfjs', async () => {
    const stats: BatchStats[] = [];
    const batcher = new DynamicBatcher({ maxBatchSize: 32, maxQueueDelayMs: 0, run: (b) => pool.run('records', b), onBatch: (s) => stats.push(s) });
    const signature = signatures.records!;
    const predict = async (records: unknown[]) => {
      const feeds = recordsToFeeds(signature, records);
      return decodePredictions(signature, await batcher.submit(feeds), feeds.rows);
    };
    const requests = [
      [{ petal_length: 1.4, wet: 'yes', colour: 'red' }],
      [{ petal_length: '5.1', wet: false, colour: 'white' }, { petal_length: null, wet: null, colour: null }],
      [{ petal_length: 4, wet: 1, colour: 'purple' }],
    ];
    const results = await Promise.all(requests.map(predict));
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ rows: 4, requests: 3, ok: true });
    // Expected features, preprocessed by hand: standardised length, wet (missing → 0), one-hot colour (missing/unknown → zeros).
    const onehot = (c: string) => COLOURS.map((x) => (x === c ? 1 : 0));
    expectMatches(results[0]!, [[(1.4 - 3) / 1.5, 1, ...onehot('red')]]);
    expectMatches(results[1]!, [[(5.1 - 3) / 1.5, 0, ...onehot('white')], [0, 0, 0, 0, 0]]);
    expectMatches(results[2]!, [[(4 - 3) / 1.5, 1, 0, 0, 0]]);
  });

  it('serves tensor requests and reports bad input without touching the model', async () => {
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxQueueDelayMs: 1, run: (b) => pool.run('tensors', b) });
    const signature = signatures.tensors!;
    const rows = [[0.1, -0.2, 0.3, 1, 0], [2, 2, 2, 0, 1]];
    const feeds = tensorsToFeeds(signature, rows);
    expectMatches(decodePredictions(signature, await batcher.submit(feeds), feeds.rows), rows);
    expect(() => tensorsToFeeds(signature, [[1, 2, 3]])).toThrow(PredictInputError);
    expect(() => tensorsToFeeds(signature, [[1, 2, 3]])).toThrow('tensors[0] has 3 values; the model expects 5 (shape [5])');
  });
});
