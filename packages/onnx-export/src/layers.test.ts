import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxExportError } from './errors.ts';
import { exportToOnnx } from './export.ts';
import { decodeModel } from './onnx-proto.ts';
import { expectClose, expectParity, ort, predictTf, randomArray, randomInts, rn, seq, session, tf, tfReady } from './test-utils.ts';

beforeAll(tfReady);

const ACTIVATIONS = [
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'relu6',
  'hardSigmoid',
  'swish',
  'linear',
  'logSoftmax',
  'gelu',
  'gelu_new',
  'mish',
] as const;
// 'logSoftmax' is registered at runtime but missing from tfjs's ActivationIdentifier type.
type Act = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

// Inputs spread over [-4, 4) so relu6 / hardSigmoid saturation and elu's negative side are exercised.
const wide = (n: number, seed = 3): Float32Array => randomArray(n, seed, -4, 4);

describe('Dense and activations', () => {
  for (const activation of ACTIVATIONS) {
    it(`Dense activation=${activation}`, async () => {
      const m = seq([4], [tf.layers.dense({ units: 5, activation: activation as Act, kernelInitializer: rn(1, 1.5), biasInitializer: rn(2) })]);
      await expectParity(m, { input: wide(3 * 4) });
    });
    it(`Activation layer ${activation}`, async () => {
      const m = seq([6], [tf.layers.activation({ activation: activation as Act })]);
      await expectParity(m, { input: wide(3 * 6, 11) });
    });
  }

  it('Dense without bias, on a 3-D input (applies to the last axis)', async () => {
    const m = seq([3, 4], [tf.layers.dense({ units: 2, useBias: false })]);
    await expectParity(m);
  });

  it('LeakyReLU (default alpha 0.3 and custom)', async () => {
    await expectParity(seq([5], [tf.layers.leakyReLU()]), { input: wide(15) });
    await expectParity(seq([5], [tf.layers.leakyReLU({ alpha: 0.05 })]), { input: wide(15) });
  });

  it('ReLU layer with and without maxValue', async () => {
    await expectParity(seq([5], [tf.layers.reLU()]), { input: wide(15) });
    await expectParity(seq([5], [tf.layers.reLU({ maxValue: 1.5 })]), { input: wide(15) });
  });

  it('ELU, ThresholdedReLU, PReLU layers', async () => {
    await expectParity(seq([5], [tf.layers.elu()]), { input: wide(15) });
    await expectParity(seq([5], [tf.layers.thresholdedReLU({ theta: 0.5 })]), { input: wide(15) });
    await expectParity(seq([2, 2, 3], [tf.layers.prelu({ alphaInitializer: rn(5) })]), { input: wide(36) });
    await expectParity(seq([2, 2, 3], [tf.layers.prelu({ alphaInitializer: rn(6), sharedAxes: [1, 2] })]), { input: wide(36) });
  });

  it('Softmax layer (default axis 1; explicit -1 on a 3-D input)', async () => {
    await expectParity(seq([4], [tf.layers.softmax()]));
    await expectParity(seq([3, 4], [tf.layers.softmax({ axis: -1 })]));
  });

  it('Dropout and noise layers are identity at inference', async () => {
    const m = seq([4], [
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.gaussianNoise({ stddev: 1 }),
      tf.layers.gaussianDropout({ rate: 0.3 }),
      tf.layers.alphaDropout({ rate: 0.3 }),
      tf.layers.dense({ units: 2 }),
    ]);
    await expectParity(m);
  });
});

describe('normalization', () => {
  function withMovingStats(layer: tf.layers.Layer, c: number, seed: number): void {
    // gamma, beta, moving_mean, moving_variance (all present when center/scale are on)
    const n = layer.getWeights().length;
    const ws = [];
    for (let i = 0; i < n; i++) {
      const isVar = i === n - 1;
      ws.push(tf.tensor1d(randomArray(c, seed + i, isVar ? 0.2 : -1.5, isVar ? 3 : 1.5)));
    }
    layer.setWeights(ws);
  }

  it('BatchNormalization on [N, F] with non-trivial moving statistics', async () => {
    const bn = tf.layers.batchNormalization({ epsilon: 0.01 });
    const m = seq([5], [bn]);
    withMovingStats(bn, 5, 20);
    await expectParity(m);
  });

  it('BatchNormalization without center / scale', async () => {
    const bn = tf.layers.batchNormalization({ center: false, scale: false });
    const m = seq([4], [bn]);
    withMovingStats(bn, 4, 30);
    await expectParity(m);
  });

  it('BatchNormalization on a non-last axis is refused (tfjs cycles the parameters instead of broadcasting)', () => {
    const bn = tf.layers.batchNormalization({ axis: 1, name: 'bn1' });
    const m = seq([3, 4], [bn]);
    expect(() => exportToOnnx(m, { task: 'REGRESSION' })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_CONFIG', layer: 'bn1', className: 'BatchNormalization' }),
    );
  });

  it('BatchNormalization on axis 1 of [N, C, 1] (effectively the last axis)', async () => {
    const bn = tf.layers.batchNormalization({ axis: 1 });
    const m = seq([3, 1], [bn]);
    withMovingStats(bn, 3, 40);
    await expectParity(m);
  });

  it('BatchNormalization after Conv2D (channels axis in NCHW)', async () => {
    const bn = tf.layers.batchNormalization();
    const m = seq([5, 5, 2], [tf.layers.conv2d({ filters: 3, kernelSize: 2, biasInitializer: rn(3) }), bn]);
    withMovingStats(bn, 3, 50);
    await expectParity(m);
  });

  it('LayerNormalization (last axis, and two axes)', async () => {
    await expectParity(seq([3, 4], [tf.layers.layerNormalization({ gammaInitializer: rn(1), betaInitializer: rn(2) })]));
    await expectParity(seq([3, 4], [tf.layers.layerNormalization({ axis: [1, 2], gammaInitializer: rn(3), betaInitializer: rn(4) })]));
  });
});

describe('convolution, pooling, flatten', () => {
  const cases: Array<{ name: string; args: Parameters<typeof tf.layers.conv2d>[0] }> = [
    { name: 'valid 3x3', args: { filters: 4, kernelSize: 3 } },
    { name: 'same 3x3', args: { filters: 4, kernelSize: 3, padding: 'same' } },
    { name: 'valid stride 2', args: { filters: 3, kernelSize: 3, strides: 2 } },
    { name: 'same stride 2 (asymmetric pad)', args: { filters: 3, kernelSize: 2, strides: 2, padding: 'same' } },
    { name: 'same stride 2 kernel 3 on even size', args: { filters: 2, kernelSize: [3, 2], strides: [2, 1], padding: 'same' } },
    { name: 'dilation 2 same', args: { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' } },
    { name: 'no bias + relu', args: { filters: 3, kernelSize: 2, useBias: false, activation: 'relu' } },
    { name: 'softmax activation (over channels)', args: { filters: 3, kernelSize: 2, activation: 'softmax' } },
  ];
  for (const c of cases) {
    it(`Conv2D ${c.name} + Flatten (NHWC order)`, async () => {
      const m = seq([6, 7, 2], [tf.layers.conv2d({ biasInitializer: rn(9), ...c.args }), tf.layers.flatten()]);
      await expectParity(m);
    });
  }

  it('Conv2D channelsFirst + Flatten(channelsFirst)', async () => {
    const m = seq([2, 5, 5], [
      tf.layers.conv2d({ filters: 3, kernelSize: 2, dataFormat: 'channelsFirst', biasInitializer: rn(1) }),
      tf.layers.flatten({ dataFormat: 'channelsFirst' }),
    ]);
    await expectParity(m);
  });

  it('Conv1D valid and same', async () => {
    await expectParity(seq([7, 3], [tf.layers.conv1d({ filters: 4, kernelSize: 3, biasInitializer: rn(2) })]));
    await expectParity(seq([7, 3], [tf.layers.conv1d({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', activation: 'tanh' })]));
  });

  for (const padding of ['valid', 'same'] as const) {
    for (const [poolSize, strides] of [
      [2, undefined],
      [3, 2],
      [2, 1],
    ] as const) {
      it(`MaxPooling2D / AveragePooling2D ${padding} pool ${poolSize} strides ${strides ?? 'default'}`, async () => {
        const args = { poolSize, padding, ...(strides ? { strides } : {}) };
        await expectParity(seq([5, 6, 2], [tf.layers.maxPooling2d(args), tf.layers.flatten()]));
        await expectParity(seq([5, 6, 2], [tf.layers.averagePooling2d(args), tf.layers.flatten()]));
      });
    }
    it(`MaxPooling1D / AveragePooling1D ${padding}`, async () => {
      await expectParity(seq([7, 2], [tf.layers.maxPooling1d({ poolSize: 2, padding })]));
      await expectParity(seq([7, 2], [tf.layers.averagePooling1d({ poolSize: 3, strides: 2, padding })]));
    });
  }

  it('GlobalAveragePooling2D / GlobalMaxPooling2D after conv', async () => {
    await expectParity(seq([5, 5, 2], [tf.layers.conv2d({ filters: 3, kernelSize: 2 }), tf.layers.globalAveragePooling2d({})]));
    await expectParity(seq([5, 5, 2], [tf.layers.conv2d({ filters: 3, kernelSize: 2 }), tf.layers.globalMaxPooling2d({})]));
    await expectParity(seq([4, 4, 3], [tf.layers.globalAveragePooling2d({})]));
  });

  it('GlobalAveragePooling1D / GlobalMaxPooling1D', async () => {
    await expectParity(seq([5, 3], [tf.layers.globalAveragePooling1d()]));
    await expectParity(seq([5, 3], [tf.layers.globalMaxPooling1d()]));
  });

  it('conv stacks keep NCHW between layers (one transpose in, one out)', async () => {
    const m = seq([8, 8, 1], [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'elu' }),
      tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ]);
    const r = await expectParity(m);
    const ops = decodeModel(r.bytes).graph.node.map((n) => n.opType);
    expect(ops.filter((o) => o === 'Transpose')).toHaveLength(2);
  });

  it('Dense directly on a conv output (4-D, applied to the channel axis)', async () => {
    await expectParity(seq([4, 4, 2], [tf.layers.conv2d({ filters: 3, kernelSize: 2 }), tf.layers.dense({ units: 2 }), tf.layers.flatten()]));
  });

  it('Reshape and Permute', async () => {
    await expectParity(seq([12], [tf.layers.reshape({ targetShape: [3, 4] }), tf.layers.dense({ units: 2 })]));
    await expectParity(seq([3, 4], [tf.layers.permute({ dims: [2, 1] }), tf.layers.flatten()]));
    await expectParity(
      seq([4, 4, 2], [tf.layers.conv2d({ filters: 3, kernelSize: 2 }), tf.layers.permute({ dims: [3, 1, 2] }), tf.layers.flatten()]),
    );
  });
});

describe('Embedding', () => {
  it('Embedding + Flatten on float token ids', async () => {
    const m = seq([5], [tf.layers.embedding({ inputDim: 10, outputDim: 3 }), tf.layers.flatten()]);
    await expectParity(m, { input: randomInts(15, 1, 0, 10) });
  });

  it('Embedding + GlobalAveragePooling1D + Dense', async () => {
    const m = seq([6], [
      tf.layers.embedding({ inputDim: 20, outputDim: 4 }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    await expectParity(m, { input: randomInts(18, 2, 0, 20) });
  });
});

describe('recurrent layers', () => {
  const T = 5;
  const F = 3;
  const kinds = {
    LSTM: (a: object) => tf.layers.lstm({ units: 4, recurrentInitializer: rn(4), biasInitializer: rn(5), ...a }),
    GRU: (a: object) => tf.layers.gru({ units: 4, recurrentInitializer: rn(4), biasInitializer: rn(5), ...a }),
    SimpleRNN: (a: object) => tf.layers.simpleRNN({ units: 4, recurrentInitializer: rn(4), biasInitializer: rn(5), ...a }),
  };
  for (const [kind, make] of Object.entries(kinds)) {
    for (const returnSequences of [false, true]) {
      it(`${kind} returnSequences=${returnSequences} (tfjs defaults: hardSigmoid recurrent activation)`, async () => {
        await expectParity(seq([T, F], [make({ returnSequences })]));
      });
    }
    it(`${kind} goBackwards, with and without sequences`, async () => {
      await expectParity(seq([T, F], [make({ goBackwards: true })]));
      await expectParity(seq([T, F], [make({ goBackwards: true, returnSequences: true })]));
    });
    it(`${kind} with other activations and no bias`, async () => {
      const args = kind === 'SimpleRNN' ? { activation: 'relu', useBias: false } : { activation: 'softsign', recurrentActivation: 'sigmoid', useBias: false };
      await expectParity(seq([T, F], [make(args)]));
    });
    it(`${kind} stacked (sequences → last state) + Dense`, async () => {
      await expectParity(seq([T, F], [make({ returnSequences: true }), make({}), tf.layers.dense({ units: 2 })]));
    });
  }

  it('LSTM activations elu / linear / softplus / relu', async () => {
    await expectParity(seq([T, F], [kinds.LSTM({ activation: 'elu', recurrentActivation: 'linear' })]));
    await expectParity(seq([T, F], [kinds.LSTM({ activation: 'softplus', recurrentActivation: 'relu' })]));
  });

  // Rows: post-padded, pre-padded, holes in the middle, all padding, no padding.
  const tokens = Float32Array.from([
    [3, 4, 5, 0, 0, 0],
    [0, 0, 0, 3, 4, 5],
    [3, 0, 4, 0, 5, 0],
    [0, 0, 0, 0, 0, 0],
    [1, 2, 3, 4, 5, 6],
  ].flat());
  const emb = (seed: number) => tf.layers.embedding({ inputDim: 8, outputDim: 3, maskZero: true, embeddingsInitializer: rn(seed) });

  for (const [kind, make] of Object.entries(kinds)) {
    it(`${kind} after Embedding(maskZero): masked steps are skipped like tfjs`, async () => {
      await expectParity(seq([6], [emb(1), make({})]), { batch: 5, input: tokens });
      await expectParity(seq([6], [emb(2), make({ returnSequences: true })]), { batch: 5, input: tokens });
      await expectParity(seq([6], [emb(3), make({ goBackwards: true })]), { batch: 5, input: tokens });
      await expectParity(seq([6], [emb(3), make({ goBackwards: true, returnSequences: true })]), { batch: 5, input: tokens });
    });
  }

  it('Embedding without inputLength: dynamic sequence length, masked LSTM', async () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 8, outputDim: 3, maskZero: true, batchInputShape: [null, null] }));
    m.add(kinds.LSTM({}));
    const r = exportToOnnx(m, { task: 'REGRESSION', inputName: 'tokens' });
    expect(r.inputs).toEqual([{ name: 'tokens', type: 'float32', shape: ['N', null] }]);
    const s = await session(r.bytes);
    for (const len of [3, 6]) {
      const x = tokens.filter((_, i) => i % 6 < len);
      const out = await s.run({ tokens: new ort.Tensor('float32', x, [5, len]) });
      expectClose(out['value']!.data as Float32Array, predictTf(m, x, [5, len]));
    }
    await s.release();
  });

  it('masked stacked LSTM → GRU with a Dense in between', async () => {
    const m = seq([6], [
      emb(4),
      kinds.LSTM({ returnSequences: true }),
      tf.layers.dense({ units: 3, activation: 'tanh' }),
      kinds.GRU({}),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    await expectParity(m, { batch: 5, input: tokens });
  });

  it('Masking layer + SimpleRNN', async () => {
    const x = randomArray(2 * 4 * 2, 9);
    x.set([0, 0], 2); // row 0, t=1 masked
    x.set([0, 0, 0, 0], 12); // row 1, t=2..3 masked
    await expectParity(seq([4, 2], [tf.layers.masking({ maskValue: 0 }), kinds.SimpleRNN({ returnSequences: true })]), {
      batch: 2,
      input: x,
    });
  });

  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    it(`Bidirectional(LSTM) mergeMode=${mergeMode}`, async () => {
      await expectParity(seq([T, F], [tf.layers.bidirectional({ layer: kinds.LSTM({}) as tf.RNN, mergeMode })]));
      await expectParity(
        seq([T, F], [tf.layers.bidirectional({ layer: kinds.GRU({ returnSequences: true }) as tf.RNN, mergeMode })]),
      );
    });
  }

  it('Bidirectional with a mask', async () => {
    await expectParity(seq([6], [emb(5), tf.layers.bidirectional({ layer: kinds.LSTM({}) as tf.RNN })]), { batch: 5, input: tokens });
    await expectParity(
      seq([6], [emb(6), tf.layers.bidirectional({ layer: kinds.SimpleRNN({ returnSequences: true }) as tf.RNN, mergeMode: 'sum' })]),
      { batch: 5, input: tokens },
    );
  });
});

describe('unsupported input fails with a typed error', () => {
  it('UNSUPPORTED_LAYER names the layer and its class', () => {
    const m = seq([4, 4, 2], [tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, name: 'deconv' })]);
    let err: unknown;
    try {
      exportToOnnx(m, { task: 'REGRESSION' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OnnxExportError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_LAYER', layer: 'deconv', className: 'Conv2DTranspose' });
  });

  it('UNSUPPORTED_CONFIG for a recurrent activation ONNX cannot express', () => {
    const m = seq([3, 2], [tf.layers.lstm({ units: 2, activation: 'selu', name: 'l' })]);
    expect(() => exportToOnnx(m, { task: 'REGRESSION' })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_CONFIG', layer: 'l', className: 'LSTM' }),
    );
  });

  it('UNSUPPORTED_TOPOLOGY for a model with two inputs', () => {
    const a = tf.input({ shape: [2] });
    const b = tf.input({ shape: [2] });
    const y = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const m = tf.model({ inputs: [a, b], outputs: y });
    expect(() => exportToOnnx(m, { task: 'REGRESSION' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_TOPOLOGY' }));
  });

  it('UNSUPPORTED_TOPOLOGY for a branching single-input model', () => {
    const a = tf.input({ shape: [2] });
    const h1 = tf.layers.dense({ units: 2 }).apply(a) as tf.SymbolicTensor;
    const h2 = tf.layers.dense({ units: 2 }).apply(a) as tf.SymbolicTensor;
    const y = tf.layers.add().apply([h1, h2]) as tf.SymbolicTensor;
    const m = tf.model({ inputs: a, outputs: y });
    expect(() => exportToOnnx(m, { task: 'REGRESSION' })).toThrow(OnnxExportError);
  });
});
