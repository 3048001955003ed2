import { beforeAll, describe, expect, it } from 'vitest';
import { exportToOnnx } from './export.ts';
import {
  DataType,
  decodeModel,
  decodeTensor,
  encodeModel,
  floatTensor,
  int64Tensor,
  stringTensor,
  tensorValues,
  type ModelProto,
} from './onnx-proto.ts';
import { ProtoReader, ProtoWriter } from './protobuf.ts';
import { ort, rn, runOnnx, seq, tf, tfReady } from './test-utils.ts';

beforeAll(tfReady);

describe('protobuf wire format', () => {
  it('encodes varints like protoc (incl. negative int64 as 10 bytes)', () => {
    expect(Array.from(new ProtoWriter().varint(0).finish())).toEqual([0]);
    expect(Array.from(new ProtoWriter().varint(300).finish())).toEqual([0xac, 0x02]);
    expect(Array.from(new ProtoWriter().varint(2 ** 35).finish())).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(Array.from(new ProtoWriter().varint(-1).finish())).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    for (const v of [0n, 1n, 127n, 128n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), -5n]) {
      const bytes = new ProtoWriter().varint(v).finish();
      expect(BigInt.asIntN(64, new ProtoReader(bytes).varint())).toBe(v);
    }
  });

  it('reads unpacked repeated fields too', () => {
    // TensorProto with dims written unpacked (field 1 as three varints) and data_type FLOAT.
    const w = new ProtoWriter();
    for (const d of [2, 3, 4]) w.fieldVarint(1, d);
    w.fieldVarint(2, DataType.FLOAT);
    w.fieldFloat(4, 1.5);
    w.fieldFloat(4, -2);
    const t = decodeTensor(w.finish());
    expect(t.dims).toEqual([2, 3, 4]);
    expect(t.floatData).toEqual([1.5, -2]);
  });
});

describe('ONNX ModelProto encode/decode', () => {
  const handmade: ModelProto = {
    irVersion: 8,
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    producerName: 'test',
    producerVersion: '1.2.3',
    modelVersion: 42,
    docString: 'doc',
    metadataProps: [
      { key: 'labels', value: '["a","b"]' },
      { key: 'unicode', value: 'größe → ✓' },
    ],
    graph: {
      name: 'g',
      input: [
        { name: 'x', elemType: DataType.FLOAT, shape: ['N', 3] },
        { name: 's', elemType: DataType.STRING, shape: ['N', 1] },
      ],
      output: [
        { name: 'y', elemType: DataType.FLOAT, shape: ['N', null] },
        { name: 'k', elemType: DataType.INT64 },
      ],
      initializer: [
        floatTensor('w', [3, 2], [1, 2, 3, 4, 5, -6.5]),
        int64Tensor('axes', [2], [-1, 2 ** 40]),
        stringTensor('names', [2], ['', 'x']),
        { name: 'fd', dataType: DataType.FLOAT, dims: [2], floatData: [0.5, -0.25] },
        { name: 'i64', dataType: DataType.INT64, dims: [2], int64Data: [-3n, 2n ** 62n] },
      ],
      node: [
        {
          input: ['x', 'w'],
          output: ['y'],
          name: 'mm',
          opType: 'MatMul',
        },
        {
          input: ['y', '', 'axes'],
          output: ['k'],
          name: 'n2',
          opType: 'Custom',
          domain: 'ai.onnx.ml',
          docString: 'node doc',
          attribute: [
            { name: 'f', type: 'FLOAT', f: 0.5 },
            { name: 'i', type: 'INT', i: -7 },
            { name: 's', type: 'STRING', s: 'SAME_UPPER' },
            { name: 't', type: 'TENSOR', t: floatTensor('', [1], [0]) },
            { name: 'fs', type: 'FLOATS', floats: [0.25, -1] },
            { name: 'is', type: 'INTS', ints: [0, -1, 3] },
            { name: 'ss', type: 'STRINGS', strings: ['Sigmoid', 'Tanh', ''] },
            {
              name: 'g',
              type: 'GRAPH',
              g: { name: 'body', node: [], initializer: [], input: [], output: [{ name: 'o', elemType: DataType.BOOL, shape: [] }] },
            },
          ],
        },
      ],
    },
  };

  it('round-trips a handmade model exactly', () => {
    const bytes = encodeModel(handmade);
    const decoded = decodeModel(bytes);
    expect(decoded).toEqual(handmade);
    expect(encodeModel(decoded)).toEqual(bytes);
    expect(tensorValues(decoded.graph.initializer[1]!)).toEqual([-1n, 2n ** 40n]);
    expect(tensorValues(decoded.graph.initializer[0]!)).toEqual([1, 2, 3, 4, 5, -6.5]);
  });

  it('round-trips an exported model byte-for-byte, and ORT loads and runs both', async () => {
    const m = seq([4], [
      tf.layers.dense({ units: 3, activation: 'relu', biasInitializer: rn(1) }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    const r = exportToOnnx(m, { task: 'MULTICLASS', labels: ['no', 'yes'], modelVersion: 7, metadata: { owner: 'team' } });
    const decoded = decodeModel(r.bytes);
    const again = encodeModel(decoded);
    expect(again).toEqual(r.bytes);

    expect(decoded.irVersion).toBe(8);
    expect(decoded.modelVersion).toBe(7);
    expect(decoded.opsetImport).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    const meta = Object.fromEntries((decoded.metadataProps ?? []).map((e) => [e.key, e.value]));
    expect(meta).toMatchObject({ task: 'MULTICLASS', labels: '["no","yes"]', model_version: '7', owner: 'team' });
    expect(decoded.graph.input).toEqual([{ name: 'features', elemType: DataType.FLOAT, shape: ['N', 4] }]);
    expect(decoded.graph.output.map((o) => o.name)).toEqual(['probabilities', 'label_index', 'label']);

    const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [1, 4]);
    const a = await runOnnx(r.bytes, { features: x });
    const b = await runOnnx(again, { features: x });
    expect(Array.from(a['probabilities']!.data as Float32Array)).toEqual(Array.from(b['probabilities']!.data as Float32Array));

    const session = await ort.InferenceSession.create(r.bytes);
    expect(session.inputNames).toEqual(['features']);
    expect(session.outputNames).toEqual(['probabilities', 'label_index', 'label']);
    await session.release();
  });
});
