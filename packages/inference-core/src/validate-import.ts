/**
 * Validation of an imported (user-supplied, untrusted) ONNX file. It never crashes or blocks the
 * caller for long:
 *  1. size checks (TOO_LARGE, EMPTY);
 *  2. a protobuf-level scan in this process that never materialises tensor payloads: framing, a graph,
 *     opset and metadata, and refusal of external data anywhere (EXTERNAL_DATA) — ORT would otherwise
 *     read whatever file path the model names;
 *  3. ONNX Runtime itself in a child process (session creation, metadata, one dummy row), killed after
 *     `timeoutMs` (TIMEOUT); a crash, signal or garbage output is INVALID_ONNX;
 *  4. the declared signature, if any, compared with the file (SIGNATURE_MISMATCH).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TensorElementType, TensorInfo } from './signature.ts';

export type OnnxImportErrorCode = 'TOO_LARGE' | 'EMPTY' | 'INVALID_ONNX' | 'EXTERNAL_DATA' | 'TIMEOUT' | 'SIGNATURE_MISMATCH';

export class OnnxImportError extends Error {
  readonly code: OnnxImportErrorCode;
  constructor(code: OnnxImportErrorCode, message: string) {
    super(message);
    this.name = 'OnnxImportError';
    this.code = code;
  }
}

export function isOnnxImportError(err: unknown): err is OnnxImportError {
  return err instanceof OnnxImportError;
}

export interface ValidateOnnxOptions {
  maxBytes: number;
  /** Wall-clock budget of the child process (session creation + dummy run). */
  timeoutMs: number;
  /** When given, the file must match it: same input names, declared outputs present, same types and ranks. */
  declared?: { inputs: TensorInfo[]; outputs: TensorInfo[] };
  /**
   * Address-space limit of the child in MiB (Linux, via `ulimit -v`), so a memory bomb kills the child,
   * not the host. Default max(4096, 1024 + 6 × maxBytes in MiB); 0 disables.
   */
  memoryLimitMb?: number;
}

export interface ValidatedOnnxModel {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Version of the default (ai.onnx) opset; 0 when the model imports none. */
  opset: number;
  /** metadata_props. */
  metadata: Record<string, string>;
}

/** Graph input element types the serving path can feed (FeedBatch types). */
const FEEDABLE = new Set<string>(['float32', 'int64', 'string']);

// ------------------------------------------------------------------------------------------------
// Protobuf scan

class Malformed extends Error {}
class ExternalData extends Error {}

const MAX_DEPTH = 32;
const textDecoder = new TextDecoder('utf-8', { fatal: false });

interface Field {
  field: number;
  wire: number;
  /** Varint value (wire 0). */
  value: number;
  /** Payload bounds (wire 2). */
  start: number;
  end: number;
}

/** Reads the fields of one message in `buf[start, end)`; only bounds are checked, payloads are not copied. */
function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let mult = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new Malformed('truncated varint');
      const b = buf[pos++]!;
      result += (b & 0x7f) * mult;
      if ((b & 0x80) === 0) return result;
      mult *= 128;
    }
    throw new Malformed('varint too long');
  };
  while (pos < end) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new Malformed('field number 0');
    switch (wire) {
      case 0:
        yield { field, wire, value: varint(), start: pos, end: pos };
        break;
      case 1:
      case 5: {
        const n = wire === 1 ? 8 : 4;
        if (pos + n > end) throw new Malformed('truncated fixed-size field');
        pos += n;
        break;
      }
      case 2: {
        const len = varint();
        if (len > end - pos) throw new Malformed(`field ${field} runs past the end of its message`);
        yield { field, wire, value: 0, start: pos, end: pos + len };
        pos += len;
        break;
      }
      default:
        throw new Malformed(`unsupported wire type ${wire}`);
    }
  }
}

function len(f: Field, what: string): Field {
  if (f.wire !== 2) throw new Malformed(`${what} is not a message`);
  return f;
}

function text(buf: Uint8Array, f: Field): string {
  return textDecoder.decode(buf.subarray(f.start, f.end));
}

interface Scan {
  irVersion: number;
  hasGraph: boolean;
  opset: number;
  metadata: Record<string, string>;
  /** Main-graph inputs/outputs whose ValueInfo has no shape at all (unknown rank). */
  unknownRank: Set<string>;
}

function scanTensor(buf: Uint8Array, t: Field, where: string): void {
  let name = '';
  let location = '';
  let external = false;
  for (const f of fields(buf, t.start, t.end)) {
    if (f.field === 8 && f.wire === 2) name = text(buf, f);
    else if (f.field === 13) {
      // external_data: StringStringEntry { key = 1, value = 2 }
      external = true;
      let key = '';
      for (const e of fields(buf, len(f, 'external_data').start, f.end)) {
        if (e.field === 1 && e.wire === 2) key = text(buf, e);
        else if (e.field === 2 && e.wire === 2 && key === 'location') location = text(buf, e);
      }
    } else if (f.field === 14 && f.wire === 0 && f.value === 1) external = true; // data_location = EXTERNAL
  }
  if (external) {
    const file = location ? ` (file ${JSON.stringify(location.slice(0, 200))})` : '';
    throw new ExternalData(`${where} tensor ${JSON.stringify(name)} stores its data in an external file${file}; embed all weights in the .onnx file`);
  }
}

function scanSparse(buf: Uint8Array, s: Field, where: string): void {
  for (const f of fields(buf, s.start, s.end)) {
    if (f.field === 1 || f.field === 2) scanTensor(buf, len(f, 'sparse tensor part'), where);
  }
}

function scanAttribute(buf: Uint8Array, a: Field, depth: number): void {
  for (const f of fields(buf, a.start, a.end)) {
    switch (f.field) {
      case 5: // t
      case 10: // tensors
        scanTensor(buf, len(f, 'attribute tensor'), 'attribute');
        break;
      case 6: // g
      case 11: // graphs
        scanGraph(buf, len(f, 'attribute graph'), depth + 1, null);
        break;
      case 22: // sparse_tensor
      case 23: // sparse_tensors
        scanSparse(buf, len(f, 'attribute sparse tensor'), 'attribute');
        break;
    }
  }
}

function scanNodes(buf: Uint8Array, n: Field, depth: number): void {
  for (const f of fields(buf, n.start, n.end)) {
    if (f.field === 5) scanAttribute(buf, len(f, 'attribute'), depth);
  }
}

/** ValueInfoProto → its name, and whether its tensor type carries a shape. */
function valueInfoShape(buf: Uint8Array, v: Field): { name: string; hasShape: boolean } {
  let name = '';
  let hasShape = false;
  for (const f of fields(buf, v.start, v.end)) {
    if (f.field === 1 && f.wire === 2) name = text(buf, f);
    else if (f.field === 2 && f.wire === 2) {
      for (const t of fields(buf, f.start, f.end)) {
        if (t.field !== 1 || t.wire !== 2) continue; // tensor_type
        for (const tt of fields(buf, t.start, t.end)) if (tt.field === 2) hasShape = true;
      }
    }
  }
  return { name, hasShape };
}

function scanGraph(buf: Uint8Array, g: Field, depth: number, main: Scan | null): void {
  if (depth > MAX_DEPTH) throw new Malformed('graphs are nested too deeply');
  for (const f of fields(buf, g.start, g.end)) {
    switch (f.field) {
      case 1:
        scanNodes(buf, len(f, 'node'), depth);
        break;
      case 5:
        scanTensor(buf, len(f, 'initializer'), 'initializer');
        break;
      case 15:
        scanSparse(buf, len(f, 'sparse initializer'), 'initializer');
        break;
      case 11:
      case 12:
        if (main) {
          const v = valueInfoShape(buf, len(f, 'graph input/output'));
          if (!v.hasShape) main.unknownRank.add(v.name);
        }
        break;
    }
  }
}

function scanModel(buf: Uint8Array): Scan {
  const scan: Scan = { irVersion: 0, hasGraph: false, opset: 0, metadata: {}, unknownRank: new Set() };
  for (const f of fields(buf, 0, buf.length)) {
    switch (f.field) {
      case 1:
        if (f.wire !== 0) throw new Malformed('ir_version is not a number');
        scan.irVersion = f.value;
        break;
      case 7:
        scan.hasGraph = true;
        scanGraph(buf, len(f, 'graph'), 0, scan);
        break;
      case 8: {
        let domain = '';
        let version = 0;
        for (const o of fields(buf, len(f, 'opset_import').start, f.end)) {
          if (o.field === 1 && o.wire === 2) domain = text(buf, o);
          else if (o.field === 2 && o.wire === 0) version = o.value;
        }
        if (domain === '' || domain === 'ai.onnx') scan.opset = version;
        break;
      }
      case 14: {
        let key = '';
        let value = '';
        for (const e of fields(buf, len(f, 'metadata_props').start, f.end)) {
          if (e.field === 1 && e.wire === 2) key = text(buf, e);
          else if (e.field === 2 && e.wire === 2) value = text(buf, e);
        }
        scan.metadata[key] = value;
        break;
      }
      case 25: // functions: FunctionProto { node = 7, attribute_proto = 11 }
        for (const fn of fields(buf, len(f, 'function').start, f.end)) {
          if (fn.field === 7) scanNodes(buf, len(fn, 'function node'), 1);
          else if (fn.field === 11) scanAttribute(buf, len(fn, 'function attribute'), 1);
        }
        break;
    }
  }
  if (scan.irVersion <= 0) throw new Malformed('no ir_version');
  if (!scan.hasGraph) throw new Malformed('no graph');
  return scan;
}

// ------------------------------------------------------------------------------------------------
// Child process

interface ChildValue {
  name: string;
  isTensor: boolean;
  type: string | null;
  shape: (number | null)[];
}

type ChildResult =
  | { ok: true; inputs: ChildValue[]; outputs: ChildValue[]; dummy: Record<string, number[]> }
  | { ok: false; stage: 'load' | 'run'; error: string };

const CHILD_SCRIPT = fileURLToPath(new URL('./validate-child.mjs', import.meta.url));
const MAX_STDOUT = 1024 * 1024;

/** ORT messages embed source paths and C++ signatures; keep the part a user can act on. */
function shortReason(message: string): string {
  const cleaned = message
    .replace(/\/onnxruntime_src\/\S+\s*/g, '')
    .replace(/onnxruntime::\S+?\([^)]*\)(\s*const)?\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}

function runChild(bytes: Uint8Array, timeoutMs: number, memoryLimitMb: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    void (async () => {
      // An empty working directory: nothing relative to read even if a path slipped through.
      const cwd = await mkdtemp(join(tmpdir(), 'onnx-validate-'));
      const cleanup = () => void rm(cwd, { recursive: true, force: true }).catch(() => {});
      const limit = memoryLimitMb > 0 && process.platform === 'linux' && existsSync('/bin/sh');
      const [cmd, args] = limit
        ? ['/bin/sh', ['-c', `ulimit -v ${Math.floor(memoryLimitMb * 1024)} && exec "$0" "$@"`, process.execPath, CHILD_SCRIPT]]
        : [process.execPath, [CHILD_SCRIPT]];
      // No inherited environment: secrets stay out of the process that parses untrusted input.
      const child = spawn(cmd, args, { cwd, env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let overflow = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
        if (stdout.length > MAX_STDOUT) {
          overflow = true;
          child.kill('SIGKILL');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        stderr = (stderr + s).slice(-4096);
      });
      child.stdin.on('error', () => {}); // EPIPE when the child dies early; 'close' reports why
      child.on('error', (err) => {
        clearTimeout(timer);
        cleanup();
        reject(new Error(`could not start the ONNX validator: ${err.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        cleanup();
        if (timedOut) return reject(new OnnxImportError('TIMEOUT', `the model did not load and run within ${timeoutMs} ms`));
        if (overflow) return reject(new OnnxImportError('INVALID_ONNX', 'the ONNX validator produced too much output'));
        const line = stdout.trim().split('\n').pop() ?? '';
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          const why = signal ? `signal ${signal}` : `exit code ${code}`;
          const detail = stderr.trim().split('\n').filter(Boolean).pop();
          return reject(new OnnxImportError('INVALID_ONNX', `ONNX Runtime crashed on this model (${why})${detail ? `: ${shortReason(detail)}` : ''}`));
        }
        resolve(parsed as ChildResult);
      });
      child.stdin.end(bytes);
    })().catch(reject);
  });
}

// ------------------------------------------------------------------------------------------------
// Signature comparison

function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;
}

function compare(kind: 'input' | 'output', declared: TensorInfo[], actual: TensorInfo[], unknownRank: Set<string>): void {
  const byName = new Map(actual.map((t) => [t.name, t]));
  for (const d of declared) {
    const a = byName.get(d.name);
    if (!a) {
      throw new OnnxImportError('SIGNATURE_MISMATCH', `declared ${kind} ${JSON.stringify(d.name)} is not in the model (its ${kind}s: ${actual.map((t) => JSON.stringify(t.name)).join(', ') || 'none'})`);
    }
    if (a.type !== d.type) throw new OnnxImportError('SIGNATURE_MISMATCH', `${kind} ${JSON.stringify(d.name)} is ${a.type} in the model but declared ${d.type}`);
    if (unknownRank.has(d.name)) continue; // the file does not say; ORT checks at run time
    if (a.shape.length !== d.shape.length) {
      throw new OnnxImportError(
        'SIGNATURE_MISMATCH',
        `${kind} ${JSON.stringify(d.name)} has rank ${a.shape.length} ${fmtShape(a.shape)} in the model but declared rank ${d.shape.length} ${fmtShape(d.shape)}`,
      );
    }
    a.shape.forEach((dim, i) => {
      const want = d.shape[i];
      if (dim !== null && want !== null && want !== undefined && dim !== want) {
        throw new OnnxImportError('SIGNATURE_MISMATCH', `${kind} ${JSON.stringify(d.name)} has shape ${fmtShape(a.shape)} in the model but declared ${fmtShape(d.shape)}`);
      }
    });
  }
  if (kind === 'input') {
    // Every input must be fed, so the declaration must name them all. Extra outputs are harmless.
    const names = new Set(declared.map((d) => d.name));
    const extra = actual.filter((a) => !names.has(a.name));
    if (extra.length > 0) throw new OnnxImportError('SIGNATURE_MISMATCH', `model input ${JSON.stringify(extra[0]!.name)} is not declared`);
  }
}

// ------------------------------------------------------------------------------------------------

function toTensorInfos(kind: 'input' | 'output', values: ChildValue[]): TensorInfo[] {
  return values.map((v) => {
    if (!v.isTensor || v.type === null) throw new OnnxImportError('INVALID_ONNX', `${kind} ${JSON.stringify(v.name)} is not a tensor (sequences and maps are not supported)`);
    return { name: String(v.name), type: v.type as TensorElementType, shape: v.shape.map((d) => (typeof d === 'number' ? d : null)) };
  });
}

function isChildValues(v: unknown): v is ChildValue[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof x.name === 'string' && Array.isArray(x.shape));
}

/**
 * Validates an untrusted ONNX file. Resolves with its signature, or rejects with an
 * {@link OnnxImportError}; any other rejection is an infrastructure problem (e.g. cannot spawn).
 */
export async function validateOnnxModel(bytes: Uint8Array, opts: ValidateOnnxOptions): Promise<ValidatedOnnxModel> {
  if (bytes.length > opts.maxBytes) throw new OnnxImportError('TOO_LARGE', `the model is ${bytes.length} bytes; the limit is ${opts.maxBytes}`);
  if (bytes.length === 0) throw new OnnxImportError('EMPTY', 'the model file is empty');

  let scan: Scan;
  try {
    scan = scanModel(bytes);
  } catch (err) {
    if (err instanceof ExternalData) throw new OnnxImportError('EXTERNAL_DATA', err.message);
    const reason = err instanceof Malformed ? err.message : err instanceof RangeError ? 'structure too deep' : String(err);
    throw new OnnxImportError('INVALID_ONNX', `not a valid ONNX model (${reason})`);
  }

  const memoryLimitMb = opts.memoryLimitMb ?? Math.max(4096, Math.ceil(1024 + (6 * opts.maxBytes) / (1024 * 1024)));
  const result = await runChild(bytes, opts.timeoutMs, memoryLimitMb);
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
    throw new OnnxImportError('INVALID_ONNX', 'the ONNX validator returned an unexpected result');
  }
  if (!result.ok) {
    const what = result.stage === 'run' ? 'failed to run one dummy row' : 'could not load the model';
    throw new OnnxImportError('INVALID_ONNX', `ONNX Runtime ${what}: ${shortReason(String(result.error))}`);
  }
  if (!isChildValues(result.inputs) || !isChildValues(result.outputs)) {
    throw new OnnxImportError('INVALID_ONNX', 'the ONNX validator returned an unexpected result');
  }
  const inputs = toTensorInfos('input', result.inputs);
  const outputs = toTensorInfos('output', result.outputs);
  for (const i of inputs) {
    if (!FEEDABLE.has(i.type)) throw new OnnxImportError('INVALID_ONNX', `input ${JSON.stringify(i.name)} is ${i.type}; served models take float32, int64 or string inputs`);
  }
  if (outputs.length === 0) throw new OnnxImportError('INVALID_ONNX', 'the model has no outputs');
  // Outputs are split per request along dim 0, so one input row must give one output row.
  for (const [name, dims] of Object.entries(result.dummy ?? {})) {
    if (!Array.isArray(dims) || dims[0] !== 1) {
      throw new OnnxImportError('INVALID_ONNX', `output ${JSON.stringify(name)} has shape [${Array.isArray(dims) ? dims.join(', ') : '?'}] for one input row; outputs must have the batch as dim 0`);
    }
  }
  if (opts.declared) {
    compare('input', opts.declared.inputs, inputs, scan.unknownRank);
    compare('output', opts.declared.outputs, outputs, scan.unknownRank);
  }
  return { inputs, outputs, opset: scan.opset, metadata: scan.metadata };
}
