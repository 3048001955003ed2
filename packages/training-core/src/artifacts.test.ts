import { describe, expect, it } from 'vitest';
import { loadModel, serializeModel, WEIGHTS_FILE } from './artifacts.ts';
import { selectBackend } from './backend.ts';
import { predictBatch } from './predict.ts';
import type { ModelSpecInput } from './spec.ts';
import { blobs, cornerImages, tokenSequences, type Synthetic } from './testing/synthetic.ts';
import { trainModel } from './train.ts';
import { resolveModelSpec } from './validate.ts';

describe('serializeModel / loadModel', () => {
  const cases: [string, ModelSpecInput['architecture'], Synthetic, number | undefined][] = [
    ['mlp with leakyReLU, batch norm and dropout', { layers: [{ type: 'dense', units: 5, activation: 'leakyReLU' }, { type: 'batchNorm' }, { type: 'dropout', rate: 0.3 }] }, blobs(3, 40), undefined],
    ['cnn on 2-D images', { preset: 'cnn', filters: [2], denseUnits: 3 }, { ...cornerImages(20), featureShape: [8, 8] }, undefined],
    ['rnn on text', { preset: 'rnn', cell: 'gru', units: 3, embeddingDim: 2 }, tokenSequences(20), 12],
  ];

  it.each(cases)('%s round-trips with identical predictions', async (_name, architecture, data, vocabSize) => {
    const task = data === cases[0]![2] ? 'MULTICLASS' : 'BINARY';
    const resolved = resolveModelSpec(
      { task, architecture, epochs: 2, batchSize: 8, seed: 5 },
      { featureShape: data.featureShape, task, numClasses: task === 'MULTICLASS' ? 3 : 2, ...(vocabSize && { vocabSize }) },
    );
    const { tf } = await selectBackend(resolved, { allowNative: false });
    const before = tf.memory().numTensors;
    const { model } = await trainModel({ tf, resolved, featureShape: data.featureShape, data: { train: data.train } });
    const artifacts = await serializeModel(model);

    // A plain model.json: JSON-serialisable, weights in one file, no optimiser state.
    const json = JSON.parse(JSON.stringify(artifacts.modelJson)) as typeof artifacts.modelJson;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual([WEIGHTS_FILE]);
    expect(JSON.stringify(json)).not.toMatch(/training_config/);
    const bytes = json.weightsManifest[0]!.weights.reduce((a, w) => a + 4 * w.shape.reduce((x, y) => x * y, 1), 0);
    expect(artifacts.weights.byteLength).toBe(bytes);
    expect(model.countParams() * 4).toBe(bytes);

    // Load from a Buffer that is a view into a larger one, as a database driver may hand it over.
    const pooled = Buffer.alloc(artifacts.weights.byteLength + 16);
    artifacts.weights.copy(pooled, 8);
    const loaded = await loadModel(tf, { modelJson: json, weights: pooled.subarray(8, 8 + artifacts.weights.byteLength) });
    const x = data.test.x;
    const a = predictBatch(tf, model, x, data.test.n, data.featureShape);
    const b = predictBatch(tf, loaded, x, data.test.n, data.featureShape);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));

    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects something that is not a model.json', async () => {
    const { tf } = await selectBackend({ layers: [{ type: 'dense', units: 1 }] }, { allowNative: false });
    await expect(loadModel(tf, { modelJson: { hello: 1 }, weights: Buffer.alloc(0) })).rejects.toThrow(/not a tfjs layers model.json/);
  });
});
