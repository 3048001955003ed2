/**
 * The tensor-batch format shared by the batcher, the session pool and the signature helpers: named
 * tensors that all have the same number of rows along dim 0, stored flat (row-major) so batches can be
 * concatenated and split without touching ORT.
 */

export type TensorType = 'float32' | 'int64' | 'string';

export type TensorData = Float32Array | BigInt64Array | string[];

export interface BatchTensor {
  type: TensorType;
  /** The shape of one row, i.e. the tensor shape without dim 0. `[]` for a `[N]` tensor. */
  rowShape: number[];
  /** `rows × prod(rowShape)` values, row-major. */
  data: TensorData;
}

export interface FeedBatch {
  rows: number;
  tensors: Record<string, BatchTensor>;
}

/** Outputs use the same convention (dim 0 is the batch). */
export type OutputBatch = FeedBatch;

export function rowSize(rowShape: readonly number[]): number {
  let n = 1;
  for (const d of rowShape) n *= d;
  return n;
}

function expectedType(data: TensorData): TensorType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'string';
}

/** Throws a TypeError when the batch is internally inconsistent (a programming error, not user input). */
export function checkBatch(batch: FeedBatch, what = 'batch'): void {
  if (!Number.isInteger(batch.rows) || batch.rows < 0) throw new TypeError(`${what}: rows must be a non-negative integer, got ${batch.rows}`);
  for (const [name, t] of Object.entries(batch.tensors)) {
    if (!t.rowShape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new TypeError(`${what}: tensor "${name}" has an invalid row shape [${t.rowShape.join(', ')}]`);
    }
    if (expectedType(t.data) !== t.type || (t.type === 'string' && !Array.isArray(t.data))) {
      throw new TypeError(`${what}: tensor "${name}" is declared ${t.type} but holds ${expectedType(t.data)} data`);
    }
    const want = batch.rows * rowSize(t.rowShape);
    if (t.data.length !== want) {
      throw new TypeError(`${what}: tensor "${name}" has ${t.data.length} values; ${batch.rows} rows of [${t.rowShape.join(', ')}] need ${want}`);
    }
  }
}

/**
 * A key identifying a batch's layout (names, types, row shapes). Batches can only be concatenated
 * when their layouts are equal.
 */
export function layoutKey(batch: FeedBatch): string {
  return Object.keys(batch.tensors)
    .sort()
    .map((name) => {
      const t = batch.tensors[name]!;
      return `${name}:${t.type}[${t.rowShape.join(',')}]`;
    })
    .join('|');
}

function joinTyped<A extends Float32Array | BigInt64Array>(out: A, parts: readonly A[]): A {
  let pos = 0;
  for (const p of parts) {
    (out as Float32Array).set(p as Float32Array, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Concatenates batches along dim 0. All must have the same layout. A single batch is returned as is
 * (no copy).
 */
export function concatFeeds(list: readonly FeedBatch[]): FeedBatch {
  if (list.length === 0) throw new TypeError('concatFeeds needs at least one batch');
  if (list.length === 1) return list[0]!;
  const first = list[0]!;
  const key = layoutKey(first);
  let rows = 0;
  for (const [i, b] of list.entries()) {
    if (layoutKey(b) !== key) throw new TypeError(`concatFeeds: batch ${i} has layout ${layoutKey(b)}, expected ${key}`);
    rows += b.rows;
  }
  const tensors: Record<string, BatchTensor> = {};
  for (const [name, t0] of Object.entries(first.tensors)) {
    const size = rows * rowSize(t0.rowShape);
    const parts = list.map((b) => b.tensors[name]!.data);
    let data: TensorData;
    if (t0.type === 'string') data = (parts as string[][]).flat();
    else if (t0.type === 'float32') data = joinTyped(new Float32Array(size), parts as Float32Array[]);
    else data = joinTyped(new BigInt64Array(size), parts as BigInt64Array[]);
    tensors[name] = { type: t0.type, rowShape: [...t0.rowShape], data };
  }
  return { rows, tensors };
}

/** Rows `[offset, offset + rows)` of every tensor, copied (so a slice does not pin the whole batch's buffers). */
export function sliceOutputs(outputs: OutputBatch, offset: number, rows: number): OutputBatch {
  if (!Number.isInteger(offset) || !Number.isInteger(rows) || offset < 0 || rows < 0 || offset + rows > outputs.rows) {
    throw new RangeError(`sliceOutputs: rows [${offset}, ${offset + rows}) are outside a batch of ${outputs.rows}`);
  }
  const tensors: Record<string, BatchTensor> = {};
  for (const [name, t] of Object.entries(outputs.tensors)) {
    const size = rowSize(t.rowShape);
    tensors[name] = { type: t.type, rowShape: [...t.rowShape], data: t.data.slice(offset * size, (offset + rows) * size) };
  }
  return { rows, tensors };
}
