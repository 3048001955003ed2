/**
 * Predict inputs → feeds, validated against the model signature with errors that name the row and
 * field; and model outputs → per-row predictions.
 */
import { categoryKey, isMissing, parseBoolean, parseDatetime, parseNumber } from '@modelgraph/dataset-core';
import { rowSize, type BatchTensor, type FeedBatch, type OutputBatch } from './feeds.ts';

/** ONNX Runtime's element type names. */
export type TensorElementType =
  | 'float32'
  | 'float16'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'int4'
  | 'uint4';

export interface TensorInfo {
  name: string;
  type: TensorElementType;
  /** A number is a fixed dim; null is dynamic/symbolic (e.g. the batch). */
  shape: (number | null)[];
}

export type RecordFieldKind = 'numeric' | 'boolean' | 'datetime' | 'categorical';

export interface RecordField {
  /** The record key (the dataset's column name). */
  name: string;
  kind: RecordFieldKind;
  /** The graph input fed by this field (shape [N, 1]). */
  input: string;
}

export type PredictTask = 'REGRESSION' | 'BINARY' | 'MULTICLASS';

/** JSON-serialisable; stored with the model version. */
export interface ModelSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Shape of one row of the single float input (tensor models). Default: that input's shape without dim 0. */
  featureShape?: number[];
  /** Present when the graph embeds preprocessing and takes one input per column (record models). */
  recordFields?: RecordField[];
  /** Class labels in output-column order. Default: "0", "1", … */
  labels?: string[];
  task: PredictTask;
}

export class PredictInputError extends Error {
  readonly code = 'BAD_USER_INPUT' as const;
  /** Where in the input, e.g. `tensors[3]` or `records[1].Origin`. */
  readonly path: string | undefined;
  constructor(message: string, path?: string) {
    super(message);
    this.name = 'PredictInputError';
    this.path = path;
  }
}

export function isPredictInputError(err: unknown): err is PredictInputError {
  return err instanceof PredictInputError;
}

export interface FeedOptions {
  /** Reject requests with more rows than this. Default: unlimited. */
  maxRows?: number;
}

function checkRowCount(field: 'tensors' | 'records', list: unknown, opts: FeedOptions | undefined): asserts list is unknown[] {
  if (!Array.isArray(list)) throw new PredictInputError(`${field} must be a list`, field);
  if (list.length === 0) throw new PredictInputError(`${field} must contain at least one row`, field);
  const max = opts?.maxRows;
  if (max !== undefined && list.length > max) {
    throw new PredictInputError(`${field} has ${list.length} rows; at most ${max} are allowed per request`, field);
  }
}

function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;
}

/** The one float input a tensor model takes, and its row shape (null when it must come from the rows). */
function tensorInput(signature: ModelSignature): { input: TensorInfo; rowShape: number[] | null } {
  if (signature.recordFields && signature.recordFields.length > 0) {
    throw new PredictInputError('this model takes records (named features), not tensors', 'tensors');
  }
  const [input, ...rest] = signature.inputs;
  if (!input || rest.length > 0 || input.type !== 'float32') {
    throw new PredictInputError('this model does not take a single float tensor input; use records', 'tensors');
  }
  if (signature.featureShape) return { input, rowShape: signature.featureShape };
  const dims = input.shape.slice(1);
  if (dims.every((d): d is number => d !== null)) return { input, rowShape: dims };
  // A dynamic width (e.g. a sequence length) is allowed for [N, ?] only: taken from the rows.
  if (dims.length === 1) return { input, rowShape: null };
  throw new Error(`model input "${input.name}" has shape ${fmtShape(input.shape)}; its signature needs a featureShape`);
}

/** Flattened rows → the single float input, shaped [N, ...featureShape]. */
export function tensorsToFeeds(signature: ModelSignature, rows: readonly unknown[], opts?: FeedOptions): FeedBatch {
  checkRowCount('tensors', rows, opts);
  const { input, rowShape: fixed } = tensorInput(signature);
  let rowShape = fixed;
  if (!rowShape) {
    const first = rows[0];
    if (!Array.isArray(first) || first.length === 0) throw new PredictInputError('tensors[0] must be a non-empty list of numbers', 'tensors[0]');
    rowShape = [first.length];
  }
  const width = rowSize(rowShape);
  const data = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const path = `tensors[${r}]`;
    if (!Array.isArray(row)) throw new PredictInputError(`${path} must be a list of numbers`, path);
    if (row.length !== width) {
      throw new PredictInputError(`${path} has ${row.length} values; the model expects ${width} (shape ${fmtShape(rowShape)})`, path);
    }
    for (let i = 0; i < width; i++) {
      const v: unknown = row[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new PredictInputError(`${path}[${i}] must be a finite number`, `${path}[${i}]`);
      data[r * width + i] = v;
    }
  }
  return { rows: rows.length, tensors: { [input.name]: { type: 'float32', rowShape: [...rowShape], data } } };
}

function quoteList(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * One value → the float the graph expects, reading cells exactly like the training preprocessing
 * (dataset-core): a missing value becomes NaN, which the graph imputes.
 */
function toFloat(kind: Exclude<RecordFieldKind, 'categorical'>, v: unknown, path: string): number {
  if (v === null) return NaN;
  if (typeof v === 'string' && isMissing(v)) return NaN;
  switch (kind) {
    case 'numeric': {
      const n = typeof v === 'number' || typeof v === 'string' ? parseNumber(v) : null;
      if (n === null) throw new PredictInputError(`${path} must be a number`, path);
      return n;
    }
    case 'boolean': {
      const b = typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' ? parseBoolean(v) : null;
      if (b === null) throw new PredictInputError(`${path} must be a boolean (true/false, yes/no or 1/0)`, path);
      return b ? 1 : 0;
    }
    case 'datetime': {
      const t = typeof v === 'string' ? parseDatetime(v) : null;
      if (t === null) throw new PredictInputError(`${path} must be an ISO-8601 date/time string`, path);
      return t / 1000; // dataset-core's preprocessing works in epoch seconds
    }
  }
}

function toCategory(v: unknown, path: string): string {
  if (v === null) return '';
  // Numbers and booleans are accepted like in training data (JSON `4` and CSV "4" are one category).
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new PredictInputError(`${path} must be a string`, path);
  return categoryKey(v) ?? '';
}

/** Named records → one [N, 1] graph input per record field (the graph embeds the preprocessing). */
export function recordsToFeeds(signature: ModelSignature, records: readonly unknown[], opts?: FeedOptions): FeedBatch {
  const fields = signature.recordFields ?? [];
  if (fields.length === 0) throw new PredictInputError('this model takes tensors, not records', 'records');
  checkRowCount('records', records, opts);
  const known = new Set(fields.map((f) => f.name));
  const n = records.length;
  const columns = fields.map((f) => (f.kind === 'categorical' ? new Array<string>(n) : new Float32Array(n)));
  for (let r = 0; r < n; r++) {
    const rec = records[r];
    const path = `records[${r}]`;
    if (!isPlainObject(rec)) throw new PredictInputError(`${path} must be an object of feature values`, path);
    const unknown = Object.keys(rec).filter((k) => !known.has(k));
    const missing = fields.filter((f) => !Object.hasOwn(rec, f.name)).map((f) => f.name);
    if (unknown.length > 0 || missing.length > 0) {
      const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
      const lacks = missing.length > 0 ? `is missing ${plural(missing.length, 'feature', 'features')} ${quoteList(missing)}` : '';
      const extra = unknown.length > 0 ? `has unknown ${plural(unknown.length, 'field', 'fields')} ${quoteList(unknown)}` : '';
      // A misspelt name shows up as both; say both so the fix is obvious.
      const message = unknown.length === 0
        ? `${path} ${lacks} (use null for a missing value)`
        : missing.length === 0
          ? `${path} ${extra}; the model's features are ${quoteList([...known], 20)}`
          : `${path} ${extra} and ${lacks}`;
      throw new PredictInputError(message, missing.length > 0 ? `${path}.${missing[0]}` : path);
    }
    for (let c = 0; c < fields.length; c++) {
      const f = fields[c]!;
      const v = rec[f.name];
      const fieldPath = `${path}.${f.name}`;
      if (f.kind === 'categorical') (columns[c] as string[])[r] = toCategory(v, fieldPath);
      else (columns[c] as Float32Array)[r] = toFloat(f.kind, v, fieldPath);
    }
  }
  const tensors: Record<string, BatchTensor> = {};
  fields.forEach((f, c) => {
    tensors[f.input] = f.kind === 'categorical'
      ? { type: 'string', rowShape: [1], data: columns[c] as string[] }
      : { type: 'float32', rowShape: [1], data: columns[c] as Float32Array };
  });
  return { rows: n, tensors };
}

/** Nullable rather than optional fields, so it can be returned as the GraphQL `Prediction` as is. */
export interface Prediction {
  /** Classification: the most probable class. */
  label: string | null;
  labelIndex: number | null;
  probabilities: { label: string; probability: number }[] | null;
  /** Regression; also null when the model produced a non-finite number. */
  value: number | null;
  /** Regression with a multi-unit head only: every unit (`value` is the first). */
  values?: number[];
}

function outputTensor(signature: ModelSignature, outputs: OutputBatch, preferred: string): { name: string; t: BatchTensor } {
  const name = preferred in outputs.tensors ? preferred : signature.outputs[0]?.name;
  const t = name === undefined ? undefined : outputs.tensors[name];
  if (name === undefined || !t) throw new Error(`model outputs have neither "${preferred}" nor the signature's first output`);
  if (t.type === 'string') throw new Error(`model output "${name}" is a string tensor; expected numbers`);
  return { name, t };
}

function numberAt(data: Float32Array | BigInt64Array, i: number): number {
  return Number(data[i]!);
}

/**
 * Outputs → one prediction per row. Classification reads `probabilities` [N, C] (BINARY also accepts a
 * single sigmoid column [N, 1]); regression reads `value` [N, 1]. Models whose outputs are named otherwise
 * use the signature's first output. Throws a plain Error (a server-side problem) when the outputs do not fit.
 */
export function decodePredictions(signature: ModelSignature, outputs: OutputBatch, rows: number): Prediction[] {
  if (outputs.rows !== rows) throw new Error(`model returned ${outputs.rows} rows for ${rows} inputs`);
  const result: Prediction[] = [];
  if (signature.task === 'REGRESSION') {
    const { t } = outputTensor(signature, outputs, 'value');
    const data = t.data as Float32Array | BigInt64Array;
    const width = rowSize(t.rowShape);
    for (let r = 0; r < rows; r++) {
      const v = numberAt(data, r * width);
      const p: Prediction = { label: null, labelIndex: null, probabilities: null, value: Number.isFinite(v) ? v : null };
      if (width > 1) p.values = Array.from({ length: width }, (_, i) => numberAt(data, r * width + i));
      result.push(p);
    }
    return result;
  }
  const { name, t } = outputTensor(signature, outputs, 'probabilities');
  const data = t.data as Float32Array | BigInt64Array;
  const width = rowSize(t.rowShape);
  const sigmoid = signature.task === 'BINARY' && width === 1;
  const classes = sigmoid ? 2 : width;
  const labels = signature.labels ?? Array.from({ length: classes }, (_, i) => String(i));
  if (labels.length !== classes) throw new Error(`model output "${name}" has ${classes} classes but the signature has ${labels.length} labels`);
  // Plain loops: this runs for every predicted row on the serving path.
  for (let r = 0; r < rows; r++) {
    const probabilities: { label: string; probability: number }[] = new Array(classes);
    let best = 0;
    for (let i = 0; i < classes; i++) {
      const probability = sigmoid ? (i === 0 ? 1 - numberAt(data, r) : numberAt(data, r)) : numberAt(data, r * width + i);
      probabilities[i] = { label: labels[i]!, probability };
      if (probability > probabilities[best]!.probability) best = i;
    }
    result.push({ label: labels[best]!, labelIndex: best, probabilities, value: null });
  }
  return result;
}
