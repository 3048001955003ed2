/**
 * Test helpers (not part of the package API): seeded random data, running ORT, and tfjs ↔ ONNX
 * parity checks.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { exportToOnnx, type ExportOptions, type OnnxExportResult } from './export.ts';

export { tf, ort };

export const TOLERANCE = 1e-4;

/** mulberry32 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

export function randomInts(n: number, seed: number, lo: number, hiExclusive: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + Math.floor((hiExclusive - lo) * r()));
}

let ready: Promise<void> | undefined;
export function tfReady(): Promise<void> {
  ready ??= tf.setBackend('cpu').then(() => tf.ready());
  return ready;
}

export function seq(inputShape: number[], layers: tf.layers.Layer[]): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.inputLayer({ inputShape }));
  for (const l of layers) m.add(l);
  return m;
}

export function predictTf(model: tf.LayersModel, x: Float32Array, shape: number[]): Float32Array {
  return tf.tidy(() => {
    const y = model.predict(tf.tensor(x, shape)) as tf.Tensor;
    return Float32Array.from(y.dataSync());
  });
}

export async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes);
}

export async function runOnnx(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const s = await session(bytes);
  try {
    return (await s.run(feeds)) as Record<string, ort.Tensor>;
  } finally {
    await s.release();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = TOLERANCE): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      expect(a, `index ${i}`).toBeNaN();
      continue;
    }
    const ok = Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
    if (!ok) expect.fail(`index ${i}: onnx ${a} vs tfjs ${e} (max abs diff ${maxAbsDiff(actual, expected)})`);
  }
}

export interface ParityOptions {
  batch?: number;
  /** Input values; default uniform [-2, 2). */
  input?: Float32Array;
  seed?: number;
  exportOptions?: Partial<ExportOptions>;
  tol?: number;
}

/**
 * Exports `model` as REGRESSION (the raw model output as `value`), runs it in ORT and tfjs on the
 * same random input and asserts element-wise closeness. Returns the export for further checks.
 */
export async function expectParity(model: tf.LayersModel, opts: ParityOptions = {}): Promise<OnnxExportResult> {
  await tfReady();
  const batch = opts.batch ?? 3;
  const inShape = [batch, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const size = inShape.reduce((a, b) => a * b, 1);
  const x = opts.input ?? randomArray(size, opts.seed ?? 7);
  const expected = predictTf(model, x, inShape);
  const result = exportToOnnx(model, { task: 'REGRESSION', ...opts.exportOptions });
  const inputName = result.inputs[0]!.name;
  const out = await runOnnx(result.bytes, { [inputName]: new ort.Tensor('float32', x, inShape) });
  const value = out['value']!;
  const outShape = (model.outputs[0]!.shape as Array<number | null>).map((d, i) => (i === 0 ? batch : d));
  expect(value.dims).toEqual(outShape);
  expectClose(value.data as Float32Array, expected, opts.tol ?? TOLERANCE);
  return result;
}

/** Random normal initializer with a seed (biases etc. default to zeros in tfjs, which hides bugs). */
export function rn(seed: number, stddev = 0.5): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev, seed });
}
