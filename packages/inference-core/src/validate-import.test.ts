import * as tf from '@tensorflow/tfjs';
import { DataType, encodeModel, exportToOnnx, type OnnxExportResult } from '@modelgraph/onnx-export';
import ort from 'onnxruntime-node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { heavyModel, oddReshapeModel, rng, tinyModel } from './test-models.ts';
import { OnnxImportError, validateOnnxModel, type ValidateOnnxOptions } from './validate-import.ts';

const OPTS: ValidateOnnxOptions = { maxBytes: 16 * 1024 * 1024, timeoutMs: 20_000 };

let exported: OnnxExportResult;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' }));
  exported = exportToOnnx(m, {
    task: 'MULTICLASS',
    labels: ['setosa', 'versicolor', 'virginica'],
    preprocessing: {
      columns: [
        { kind: 'numeric', name: 'petal_length', impute: 3, scale: { type: 'standardize', mean: 3, std: 1.5 } },
        { kind: 'categorical', name: 'colour', encoding: 'onehot', categories: ['blue', 'red', 'white'] },
      ],
    },
  });
  m.dispose();
});

/** The parent must survive every bad model: the event loop ticks and ORT still works in-process. */
afterEach(async () => {
  await new Promise((r) => setImmediate(r));
  const s = await ort.InferenceSession.create(tinyModel(), { logSeverityLevel: 4 });
  const out = await s.run({ x: new ort.Tensor('float32', new Float32Array(4), [1, 4]), s: new ort.Tensor('string', [''], [1, 1]) });
  expect(out.y!.dims).toEqual([1, 2]);
  await s.release();
});

async function importError(bytes: Uint8Array, opts: Partial<ValidateOnnxOptions> = {}): Promise<OnnxImportError> {
  const err = await validateOnnxModel(bytes, { ...OPTS, ...opts }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(OnnxImportError);
  return err as OnnxImportError;
}

// ---- a minimal protobuf writer, to append fields encodeModel cannot write (external data) ----

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
const enc = (s: string) => [...new TextEncoder().encode(s)];
const lenField = (field: number, payload: number[]) => [...varint(field * 8 + 2), ...varint(payload.length), ...payload];
const varField = (field: number, v: number) => [...varint(field * 8), ...varint(v)];

/** A float TensorProto named `name` whose data lives in an external file. */
function externalTensor(name: string, location: string): number[] {
  return [
    ...lenField(1, varint(4)), // dims [4]
    ...varField(2, DataType.FLOAT),
    ...lenField(8, enc(name)),
    ...lenField(13, [...lenField(1, enc('location')), ...lenField(2, enc(location))]),
    ...varField(14, 1), // data_location = EXTERNAL
  ];
}

/**
 * Protobuf merges repeated occurrences of an embedded message, so appending a second `graph` field
 * adds these parts to the model's graph (ORT would see them too).
 */
function withGraphParts(base: Uint8Array, graphFields: number[]): Uint8Array {
  return new Uint8Array([...base, ...lenField(7, graphFields)]);
}

describe('validateOnnxModel', () => {
  it('accepts a model exported by onnx-export and reports its signature', async () => {
    const v = await validateOnnxModel(exported.bytes, { ...OPTS, declared: { inputs: exported.inputs.map(sig), outputs: exported.outputs.map(sig) } });
    expect(v.inputs).toEqual([
      { name: 'petal_length', type: 'float32', shape: [null, 1] },
      { name: 'colour', type: 'string', shape: [null, 1] },
    ]);
    expect(v.outputs.map((o) => [o.name, o.type, o.shape])).toEqual([
      ['probabilities', 'float32', [null, 3]],
      ['label_index', 'int64', [null]],
      ['label', 'string', [null]],
    ]);
    expect(v.opset).toBe(17);
    expect(v.metadata).toMatchObject({ task: 'MULTICLASS', labels: exported.metadata.labels, producer: exported.metadata.producer });
  });

  it('refuses empty and oversized files before anything else', async () => {
    expect((await importError(new Uint8Array(0))).code).toBe('EMPTY');
    const e = await importError(exported.bytes, { maxBytes: 100 });
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe(`the model is ${exported.bytes.length} bytes; the limit is 100`);
  });

  it('refuses truncated models', async () => {
    for (const cut of [0.5, 0.9]) {
      const e = await importError(exported.bytes.subarray(0, Math.floor(exported.bytes.length * cut)));
      expect(e.code).toBe('INVALID_ONNX');
      expect(e.message).toMatch(/^not a valid ONNX model/);
    }
  });

  it('refuses random bytes (seeded)', async () => {
    const r = rng(42);
    for (const size of [1, 7, 64, 1000, 50_000]) {
      const bytes = Uint8Array.from({ length: size }, () => Math.floor(r() * 256));
      expect((await importError(bytes)).code).toBe('INVALID_ONNX');
    }
    // Random bytes behind a plausible header reach ONNX Runtime in the child process.
    const header = [...varField(1, 8), ...lenField(7, [])];
    const tail = Array.from({ length: 300 }, () => Math.floor(r() * 256));
    const e = await importError(new Uint8Array([...header, ...lenField(2, tail)]));
    expect(e.code).toBe('INVALID_ONNX');
  });

  it('reports what ONNX Runtime disliked, briefly', async () => {
    const unknownOp = encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        node: [{ input: ['x'], output: ['y'], opType: 'NoSuchOp' }],
        initializer: [],
        input: [{ name: 'x', elemType: DataType.FLOAT, shape: ['N', 1] }],
        output: [{ name: 'y', elemType: DataType.FLOAT, shape: ['N', 1] }],
      },
    });
    const e = await importError(unknownOp);
    expect(e.code).toBe('INVALID_ONNX');
    expect(e.message).toMatch(/^ONNX Runtime could not load the model: .*NoSuchOp/);
    expect(e.message.length).toBeLessThan(400);
    expect(e.message).not.toMatch(/onnxruntime_src/);
    const reshape = await importError(oddReshapeModel());
    expect(reshape.message).toMatch(/^ONNX Runtime failed to run one dummy row: /);
  });

  it('refuses external data in initializers, Constant attributes and subgraphs', async () => {
    const init = withGraphParts(tinyModel(), lenField(5, externalTensor('W2', '../../../etc/passwd')));
    const e1 = await importError(init);
    expect(e1.code).toBe('EXTERNAL_DATA');
    expect(e1.message).toBe('initializer tensor "W2" stores its data in an external file (file "../../../etc/passwd"); embed all weights in the .onnx file');

    const constantNode = [
      ...lenField(2, enc('c')), // output
      ...lenField(4, enc('Constant')),
      ...lenField(5, [...lenField(1, enc('value')), ...lenField(5, externalTensor('cval', 'weights.bin')), ...varField(20, 4)]),
    ];
    const e2 = await importError(withGraphParts(tinyModel(), lenField(1, constantNode)));
    expect(e2.code).toBe('EXTERNAL_DATA');
    expect(e2.message).toMatch(/^attribute tensor "cval"/);

    // An If node whose then_branch graph has an external initializer.
    const subgraph = [...lenField(2, enc('then')), ...lenField(5, externalTensor('deep', 'deep.bin'))];
    const ifNode = [...lenField(1, enc('cond')), ...lenField(4, enc('If')), ...lenField(5, [...lenField(1, enc('then_branch')), ...lenField(6, subgraph), ...varField(20, 5)])];
    expect((await importError(withGraphParts(tinyModel(), lenField(1, ifNode)))).code).toBe('EXTERNAL_DATA');

    // data_location alone (no external_data entries) is refused too.
    const bare = [...lenField(8, enc('loc')), ...varField(14, 1)];
    expect((await importError(withGraphParts(tinyModel(), lenField(5, bare)))).code).toBe('EXTERNAL_DATA');
  });

  it('refuses a model that does not match its declared signature, naming the tensor', async () => {
    const inputs = exported.inputs.map(sig);
    const outputs = exported.outputs.map(sig);
    const cases: [Parameters<typeof validateOnnxModel>[1]['declared'], RegExp][] = [
      [{ inputs: [{ ...inputs[0]!, name: 'petal_len' }, inputs[1]!], outputs }, /declared input "petal_len" is not in the model \(its inputs: "petal_length", "colour"\)/],
      [{ inputs: [inputs[0]!, { ...inputs[1]!, type: 'float32' }], outputs }, /input "colour" is string in the model but declared float32/],
      [{ inputs: [{ ...inputs[0]!, shape: [null] }, inputs[1]!], outputs }, /input "petal_length" has rank 2 \[\?, 1\] in the model but declared rank 1 \[\?\]/],
      [{ inputs, outputs: [{ ...outputs[0]!, shape: [null, 4] }] }, /output "probabilities" has shape \[\?, 3\] in the model but declared \[\?, 4\]/],
      [{ inputs: [inputs[0]!], outputs }, /model input "colour" is not declared/],
      [{ inputs, outputs: [...outputs, { name: 'logits', type: 'float32', shape: [null, 3] }] }, /declared output "logits" is not in the model/],
    ];
    for (const [declared, message] of cases) {
      const e = await importError(exported.bytes, { declared });
      expect(e.code).toBe('SIGNATURE_MISMATCH');
      expect(e.message).toMatch(message);
    }
    // Declared outputs may be a subset.
    await expect(validateOnnxModel(exported.bytes, { ...OPTS, declared: { inputs, outputs: [outputs[0]!] } })).resolves.toBeTruthy();
  });

  it('refuses inputs the serving path cannot feed', async () => {
    const doubleIn = encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        node: [{ input: ['x'], output: ['y'], opType: 'Identity' }],
        initializer: [],
        input: [{ name: 'x', elemType: DataType.DOUBLE, shape: ['N', 1] }],
        output: [{ name: 'y', elemType: DataType.DOUBLE, shape: ['N', 1] }],
      },
    });
    expect((await importError(doubleIn)).message).toBe('input "x" is float64; served models take float32, int64 or string inputs');
  });

  it('kills a validation that takes too long', async () => {
    const started = performance.now();
    const e = await importError(heavyModel(1024, 24), { timeoutMs: 30 });
    expect(e.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('turns a crashed validator into INVALID_ONNX', async () => {
    if (process.platform !== 'linux') return;
    // An address-space limit too small for Node itself: the child dies without printing a result.
    const e = await importError(tinyModel(), { memoryLimitMb: 64 });
    expect(e.code).toBe('INVALID_ONNX');
    expect(e.message).toMatch(/^ONNX Runtime crashed on this model \((exit code|signal)/);
  });
});

function sig(t: OnnxExportResult['inputs'][number]) {
  return { name: t.name, type: t.type, shape: t.shape.map((d) => (typeof d === 'number' ? d : null)) };
}
