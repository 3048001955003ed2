import { beforeAll, describe, expect, it } from 'vitest';
import { exportToOnnx } from './export.ts';
import {
  expectClose,
  expectParity,
  ort,
  predictTf,
  randomArray,
  randomInts,
  rn,
  runOnnx,
  seq,
  session,
  tf,
  tfReady,
} from './test-utils.ts';

beforeAll(tfReady);

function argmaxRows(values: Float32Array, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length / width; i++) {
    const row = Array.from(values.subarray(i * width, (i + 1) * width));
    out.push(row.indexOf(Math.max(...row)));
  }
  return out;
}

describe('whole models', () => {
  it('trained MLP with BatchNormalization (MULTICLASS, labels, any batch size)', async () => {
    const m = seq([6], [
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ]);
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    const xs = tf.tensor2d(randomArray(40 * 6, 1), [40, 6]);
    const ys = tf.oneHot(tf.tensor1d(randomInts(40, 2, 0, 3), 'int32'), 3);
    await m.fit(xs, ys, { epochs: 3, batchSize: 8, verbose: 0 });
    tf.dispose([xs, ys]);

    const labels = ['cat', 'dog', 'bird'];
    const r = exportToOnnx(m, { task: 'MULTICLASS', labels, inputName: 'x', metadata: { dataset: 'd1' } });
    expect(r.inputs).toEqual([{ name: 'x', type: 'float32', shape: ['N', 6] }]);
    expect(r.outputs).toEqual([
      { name: 'probabilities', type: 'float32', shape: ['N', 3] },
      { name: 'label_index', type: 'int64', shape: ['N'] },
      { name: 'label', type: 'string', shape: ['N'] },
    ]);
    expect(r.metadata).toMatchObject({ task: 'MULTICLASS', labels: JSON.stringify(labels), dataset: 'd1' });

    const s = await session(r.bytes);
    for (const batch of [1, 7]) {
      const x = randomArray(batch * 6, 10 + batch);
      const expected = predictTf(m, x, [batch, 6]);
      const out = await s.run({ x: new ort.Tensor('float32', x, [batch, 6]) });
      expectClose(out['probabilities']!.data as Float32Array, expected);
      const idx = argmaxRows(expected, 3);
      expect(Array.from(out['label_index']!.data as BigInt64Array, Number)).toEqual(idx);
      expect(out['label']!.data).toEqual(idx.map((i) => labels[i]));
    }
    await s.release();
  });

  it('BINARY with a sigmoid output: probabilities = [1-p, p], label_index = p > 0.5', async () => {
    const m = seq([4], [
      tf.layers.dense({ units: 5, activation: 'tanh', biasInitializer: rn(1) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: rn(2, 2) }),
    ]);
    const r = exportToOnnx(m, { task: 'BINARY', labels: ['neg', 'pos'] });
    expect(r.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['probabilities', ['N', 2]],
      ['label_index', ['N']],
      ['label', ['N']],
    ]);
    const x = randomArray(8 * 4, 3);
    const p = predictTf(m, x, [8, 4]);
    const out = await runOnnx(r.bytes, { features: new ort.Tensor('float32', x, [8, 4]) });
    expectClose(out['probabilities']!.data as Float32Array, Float32Array.from(Array.from(p).flatMap((v) => [1 - v, v])));
    expect(Array.from(out['label_index']!.data as BigInt64Array, Number)).toEqual(Array.from(p, (v) => (v > 0.5 ? 1 : 0)));
  });

  it('BINARY with a 2-way softmax output', async () => {
    const m = seq([3], [tf.layers.dense({ units: 2, activation: 'softmax', biasInitializer: rn(1) })]);
    const r = exportToOnnx(m, { task: 'BINARY' });
    const x = randomArray(4 * 3, 4);
    const out = await runOnnx(r.bytes, { features: new ort.Tensor('float32', x, [4, 3]) });
    const expected = predictTf(m, x, [4, 3]);
    expectClose(out['probabilities']!.data as Float32Array, expected);
    expect(Array.from(out['label_index']!.data as BigInt64Array, Number)).toEqual(argmaxRows(expected, 2));
    expect(out['label']).toBeUndefined();
  });

  it('REGRESSION → value [N, 1]', async () => {
    const m = seq([5], [tf.layers.dense({ units: 4, activation: 'selu' }), tf.layers.dense({ units: 1 })]);
    const r = await expectParity(m, { batch: 6 });
    expect(r.outputs).toEqual([{ name: 'value', type: 'float32', shape: ['N', 1] }]);
  });

  it('CNN image classifier (NHWC input, conv/BN/pool/flatten/dense)', async () => {
    const bn = tf.layers.batchNormalization();
    const m = seq([10, 10, 3], [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', biasInitializer: rn(1) }),
      bn,
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'relu' }),
      tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ]);
    bn.setWeights([
      tf.tensor1d(randomArray(4, 1, 0.5, 1.5)),
      tf.tensor1d(randomArray(4, 2)),
      tf.tensor1d(randomArray(4, 3)),
      tf.tensor1d(randomArray(4, 4, 0.5, 2)),
    ]);
    const r = exportToOnnx(m, { task: 'MULTICLASS', inputName: 'image' });
    expect(r.inputs).toEqual([{ name: 'image', type: 'float32', shape: ['N', 10, 10, 3] }]);
    const x = randomArray(3 * 300, 5, 0, 1);
    const out = await runOnnx(r.bytes, { image: new ort.Tensor('float32', x, [3, 10, 10, 3]) });
    expectClose(out['probabilities']!.data as Float32Array, predictTf(m, x, [3, 10, 10, 3]));
  });

  it('text classifier: Embedding(maskZero) → LSTM → Dense(sigmoid) on padded token sequences', async () => {
    const m = seq([8], [
      tf.layers.embedding({ inputDim: 30, outputDim: 6, maskZero: true }),
      tf.layers.lstm({ units: 5, recurrentInitializer: rn(1), biasInitializer: rn(2) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: rn(3, 2) }),
    ]);
    const r = exportToOnnx(m, { task: 'BINARY', labels: ['ham', 'spam'], inputName: 'tokens' });
    const tokens = Float32Array.from(
      [
        [5, 9, 12, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 5, 9, 12],
        [1, 2, 3, 4, 5, 6, 7, 8],
        [29, 0, 28, 0, 27, 0, 26, 0],
      ].flat(),
    );
    const p = predictTf(m, tokens, [4, 8]);
    const out = await runOnnx(r.bytes, { tokens: new ort.Tensor('float32', tokens, [4, 8]) });
    expectClose(out['probabilities']!.data as Float32Array, Float32Array.from(Array.from(p).flatMap((v) => [1 - v, v])));
  });

  it('GRU sequence regressor on numeric sequences', async () => {
    const m = seq([6, 2], [
      tf.layers.gru({ units: 4, returnSequences: true, biasInitializer: rn(1) }),
      tf.layers.simpleRNN({ units: 3, activation: 'tanh' }),
      tf.layers.dense({ units: 1 }),
    ]);
    await expectParity(m, { batch: 4 });
  });

  it('functional model that is a linear chain, with a nested Sequential', async () => {
    const inner = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'elu', biasInitializer: rn(1) })] });
    const input = tf.input({ shape: [5] });
    const h = tf.layers.dense({ units: 4, activation: 'relu', biasInitializer: rn(2) }).apply(input) as tf.SymbolicTensor;
    const h2 = inner.apply(h) as tf.SymbolicTensor;
    const y = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(h2) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: y });
    const r = exportToOnnx(m, { task: 'MULTICLASS' });
    const x = randomArray(3 * 5, 2);
    const out = await runOnnx(r.bytes, { features: new ort.Tensor('float32', x, [3, 5]) });
    expectClose(out['probabilities']!.data as Float32Array, predictTf(m, x, [3, 5]));
    expect(JSON.parse(r.metadata['layers']!)).toEqual(['Dense', 'Dense', 'Dense']);
  });

  it('rejects inconsistent options with INVALID_OPTIONS', () => {
    const m3 = seq([2], [tf.layers.dense({ units: 3, activation: 'softmax' })]);
    const m1 = seq([2], [tf.layers.dense({ units: 1 })]);
    const cases: Array<[tf.LayersModel, Parameters<typeof exportToOnnx>[1]]> = [
      [m3, { task: 'MULTICLASS', labels: ['a', 'b'] }],
      [m1, { task: 'MULTICLASS' }],
      [m3, { task: 'BINARY' }],
      [m1, { task: 'REGRESSION', labels: ['a'] }],
      [m1, { task: 'REGRESSION', metadata: { task: 'x' } }],
      [m1, { task: 'REGRESSION', inputName: 'value' }],
      [m1, { task: 'CLUSTERING' as never }],
    ];
    for (const [model, options] of cases) {
      expect(() => exportToOnnx(model, options), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    }
  });
});
