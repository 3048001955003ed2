// ONNX Runtime helpers shared by the in-process pool, the session worker threads and the import
// validation child process. Plain JS (types in ort-host.d.mts) because workers and child processes
// run under bare `node`, without a TypeScript loader.
import { performance } from 'node:perf_hooks';
import ort from 'onnxruntime-node';

export { ort };

/** Typed-array constructor per ORT element type (bool is bytes, float16 is raw uint16 bits). */
const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

/** ORT value metadata → `{ name, isTensor, type, shape }` with symbolic/unknown dims as null. */
export function describeValues(metadata) {
  return metadata.map((m) =>
    m.isTensor
      ? { name: m.name, isTensor: true, type: m.type, shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)) }
      : { name: m.name, isTensor: false, type: null, shape: [] },
  );
}

/** One row of zeros / '' / false per input: dynamic dims → 1. */
export function dummyFeeds(inputMetadata) {
  const feeds = {};
  for (const m of inputMetadata) {
    if (!m.isTensor) throw new Error(`input "${m.name}" is not a tensor`);
    const dims = m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
    const size = dims.reduce((a, b) => a * b, 1);
    if (m.type === 'string') feeds[m.name] = new ort.Tensor('string', new Array(size).fill(''), dims);
    else {
      const Ctor = ARRAYS[m.type];
      if (!Ctor) throw new Error(`input "${m.name}" has unsupported type ${m.type}`);
      feeds[m.name] = new ort.Tensor(m.type, new Ctor(size), dims);
    }
  }
  return feeds;
}

/** `{ type, dims, data }` (structured-clone friendly) → ort.Tensor. */
export function toOrtTensor(raw) {
  return new ort.Tensor(raw.type, raw.data, raw.dims);
}

/** ort.Tensor → `{ type, dims, data }`; typed data gets its own buffer so it can be transferred. */
export function fromOrtTensor(t) {
  let data = t.data;
  if (ArrayBuffer.isView(data) && (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength)) data = data.slice();
  return { type: t.type, dims: [...t.dims], data };
}

/** The ArrayBuffers of a record of raw tensors that can be transferred without copying. */
export function transferables(raws) {
  const list = [];
  for (const raw of Object.values(raws)) {
    const d = raw.data;
    if (ArrayBuffer.isView(d) && d.buffer instanceof ArrayBuffer && d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && !list.includes(d.buffer)) {
      list.push(d.buffer);
    }
  }
  return list;
}

export async function createSession(bytes, options) {
  return ort.InferenceSession.create(bytes, options ?? {});
}

/**
 * Creates a session and (optionally) warms it up with one dummy row, so the first real request does
 * not pay for ORT's lazy allocations. A failed warm-up is reported, not thrown: real inputs may still work.
 */
export async function loadSession(bytes, options, warmup) {
  const session = await createSession(bytes, options);
  let warmupMs = null;
  let warmupError = null;
  if (warmup) {
    const started = performance.now();
    try {
      await session.run(dummyFeeds(session.inputMetadata));
      warmupMs = performance.now() - started;
    } catch (err) {
      warmupError = err instanceof Error ? err.message : String(err);
    }
  }
  return {
    session,
    inputs: describeValues(session.inputMetadata),
    outputs: describeValues(session.outputMetadata),
    warmupMs,
    warmupError,
  };
}

/** Runs with raw feeds and returns raw outputs. */
export async function runRaw(session, rawFeeds) {
  const feeds = {};
  for (const [name, raw] of Object.entries(rawFeeds)) feeds[name] = toOrtTensor(raw);
  const out = await session.run(feeds);
  const result = {};
  for (const [name, t] of Object.entries(out)) result[name] = fromOrtTensor(t);
  return result;
}
