/**
 * Streaming parsers for CSV, JSON (top-level array of flat objects) and JSON Lines.
 *
 * Input arrives as raw bytes; we count them (byte limit), validate UTF-8 strictly, strip a BOM and
 * only ever hold one chunk plus one in-progress record in memory, so multi-hundred-MB uploads are
 * fine. Every user-caused failure is a {@link DatasetInputError} that names the line.
 */
import { Readable, pipeline } from 'node:stream';
import { CsvError, parse as createCsvParser } from 'csv-parse';
import { DatasetInputError } from './errors.ts';
import type { CellValue } from './values.ts';

export type DataFormat = 'CSV' | 'JSON' | 'JSONL';

export interface ParseOptions {
  format: DataFormat;
  /** Reject input larger than this many bytes with `TOO_LARGE`. Default {@link DEFAULT_MAX_BYTES}. */
  maxBytes?: number;
  /** CSV field delimiter (one character). Default `,`. */
  delimiter?: string;
  /** Largest single record (CSV row / JSON object / JSONL line) in characters. Default 8 MiB. */
  maxRecordBytes?: number;
}

/** One data record. `line` is the 1-based physical line where the record starts. */
export interface ParsedRecord {
  line: number;
  values: Record<string, CellValue>;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

/**
 * Parses a byte stream into records. Column order is the order of first appearance (the CSV header
 * order for CSV). CSV cells are strings, with empty cells as `null`; JSON cells keep their JSON
 * type, and arrays of numbers (e.g. image pixels) are flattened into `number[]`.
 */
export async function* parseRecords(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: ParseOptions,
): AsyncGenerator<ParsedRecord, void, undefined> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!(maxBytes > 0)) throw new DatasetInputError('INVALID_SPEC', 'maxBytes must be a positive number');
  const text = decodeUtf8(source, maxBytes);
  switch (opts.format) {
    case 'CSV': {
      const delimiter = opts.delimiter ?? ',';
      if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
        throw new DatasetInputError('INVALID_SPEC', `CSV delimiter must be a single character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
      }
      yield* parseCsv(text, delimiter, maxRecordBytes);
      return;
    }
    case 'JSONL':
      yield* parseJsonLines(text, maxRecordBytes);
      return;
    case 'JSON':
      yield* parseJsonArray(text, maxRecordBytes);
      return;
    default:
      throw new DatasetInputError('INVALID_SPEC', `unsupported format ${JSON.stringify(opts.format)}; use CSV, JSON or JSONL`);
  }
}

// ---------------------------------------------------------------------------------------------
// Bytes -> text

/**
 * Strict streaming UTF-8 decode. `TextDecoder` with `fatal` + `stream` does the real work; on
 * failure we re-scan just the failing chunk to report the exact line and byte offset.
 */
async function* decodeUtf8(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true }); // default ignoreBOM=false strips a leading BOM
  let total = 0;
  let newlines = 0;
  let carry: Uint8Array = new Uint8Array(0); // bytes of an incomplete trailing sequence held by the decoder
  let first = true;
  for await (const chunk of source) {
    if (chunk.byteLength === 0) continue;
    if (first) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new DatasetInputError('INVALID_ENCODING', 'the file is UTF-16 encoded (it starts with a UTF-16 byte-order mark); save it as UTF-8 and upload again', { line: 1, byteOffset: 0 });
      }
    }
    const start = total;
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new DatasetInputError('TOO_LARGE', `the file is larger than the ${formatBytes(maxBytes)} limit`, { byteOffset: maxBytes });
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (cause) {
      const joined = concatBytes(carry, chunk);
      const bad = findInvalidUtf8(joined);
      const idx = bad < 0 ? carry.length : bad;
      const offset = start - carry.length + idx;
      const line = newlines + countNewlines(joined, carry.length, Math.max(idx, carry.length)) + 1;
      throw encodingError(line, offset, joined[idx], cause);
    }
    newlines += countNewlines(chunk, 0, chunk.byteLength);
    carry = incompleteTail(concatBytes(carry.subarray(Math.max(0, carry.length - 3)), chunk.subarray(Math.max(0, chunk.byteLength - 3))));
    if (text.length > 0) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch (cause) {
    throw encodingError(newlines + 1, total - carry.length, carry[0], cause, true);
  }
  if (rest.length > 0) yield rest;
}

function encodingError(line: number, byteOffset: number, byte: number | undefined, cause: unknown, truncated = false): DatasetInputError {
  const what = truncated
    ? 'the file ends in the middle of a UTF-8 character'
    : `invalid UTF-8 byte${byte === undefined ? '' : ` 0x${byte.toString(16).padStart(2, '0').toUpperCase()}`}`;
  return new DatasetInputError(
    'INVALID_ENCODING',
    `${what} at line ${line} (byte offset ${byteOffset}); save the file as UTF-8 and upload again`,
    { line, byteOffset, cause },
  );
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function seqLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // continuation byte or invalid lead
}

/** The suffix of `bytes` that starts a multi-byte sequence not yet complete (at most 3 bytes). */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation: keep looking for the lead byte
    const len = seqLength(b);
    return len > back ? bytes.slice(bytes.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** Index of the first byte that makes `bytes` invalid UTF-8 (WHATWG rules), or -1. */
function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    const len = seqLength(b);
    if (len === 0) return i;
    let lo = 0x80;
    let hi = 0xbf;
    if (b === 0xe0) lo = 0xa0; // overlong
    else if (b === 0xed) hi = 0x9f; // surrogates
    else if (b === 0xf0) lo = 0x90; // overlong
    else if (b === 0xf4) hi = 0x8f; // > U+10FFFF
    for (let k = 1; k < len; k++) {
      if (i + k >= bytes.length) return -1; // incomplete at end: not (yet) an error
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return -1;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024 && n % (1024 * 1024 * 1024) === 0) return `${n / (1024 * 1024 * 1024)} GiB`;
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

// ---------------------------------------------------------------------------------------------
// CSV

async function* parseCsv(text: AsyncIterable<string>, delimiter: string, maxRecordBytes: number): AsyncGenerator<ParsedRecord, void, undefined> {
  const parser = createCsvParser({
    delimiter,
    bom: false, // already stripped by the decoder
    trim: true,
    // Blank lines come through as [''] and are skipped below: that way every record consumes exactly
    // one line plus its quoted newlines, and we track line numbers without csv-parse's per-record
    // `info` object (which halves throughput).
    skip_empty_lines: false,
    relax_column_count: true, // we check field counts ourselves to word the error and name the line
    max_record_size: maxRecordBytes,
  });
  pipeline(Readable.from(text), parser, () => {
    // errors surface through the async iterator below
  });
  let header: string[] | undefined;
  let records = 0;
  let nextLine = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine++;
      for (const f of fields) {
        for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) nextLine++;
      }
      if (fields.length === 1 && fields[0] === '') continue; // blank line
      if (header === undefined) {
        header = csvHeader(fields, line);
        continue;
      }
      if (fields.length !== header.length) {
        throw new DatasetInputError(
          'RAGGED_ROW',
          `line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${header.length} (the header has ${header.length} columns)`,
          { line },
        );
      }
      const values = Object.create(null) as Record<string, CellValue>;
      for (let i = 0; i < header.length; i++) {
        const f = fields[i]!;
        values[header[i]!] = f === '' ? null : f;
      }
      records++;
      yield { line, values };
    }
  } catch (err) {
    throw err instanceof CsvError ? csvError(err, maxRecordBytes) : err;
  } finally {
    parser.destroy();
  }
  if (header === undefined) throw new DatasetInputError('EMPTY_FILE', 'the file is empty');
  if (records === 0) throw new DatasetInputError('EMPTY_FILE', 'the file has a header row but no data rows', { line: nextLine });
}

function csvHeader(fields: string[], line: number): string[] {
  const seen = new Set<string>();
  return fields.map((raw, i) => {
    const name = raw.trim() === '' ? `column_${i + 1}` : raw.trim(); // e.g. pandas' unnamed index column
    if (seen.has(name)) {
      throw new DatasetInputError('DUPLICATE_COLUMN', `the header (line ${line}) names column "${name}" more than once; column names must be unique`, { line, column: name });
    }
    seen.add(name);
    return name;
  });
}

function csvError(err: CsvError, maxRecordBytes: number): DatasetInputError {
  const line = typeof err['lines'] === 'number' ? err['lines'] : undefined;
  const at = line === undefined ? '' : ` at line ${line}`;
  let message: string;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      message = `a quoted field opened${at} is never closed`;
      break;
    case 'INVALID_OPENING_QUOTE':
      message = `unexpected quote character inside an unquoted field${at}; wrap the field in quotes and double any quotes inside it`;
      break;
    case 'CSV_INVALID_CLOSING_QUOTE':
      message = `unexpected character after a closing quote${at}; quotes inside a quoted field must be doubled ("")`;
      break;
    case 'CSV_MAX_RECORD_SIZE':
      message = `the record${at} is longer than ${formatBytes(maxRecordBytes)}; check for an unbalanced quote`;
      break;
    default:
      message = `could not parse the CSV${at}: ${err.message}`;
  }
  return new DatasetInputError('PARSE_ERROR', message, { ...(line !== undefined && { line }), cause: err });
}

// ---------------------------------------------------------------------------------------------
// JSON values -> cells

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function toRecord(obj: unknown, line: number, what: string): Record<string, CellValue> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new DatasetInputError('PARSE_ERROR', `line ${line}: ${what} is ${typeName(obj)}, expected an object of column values`, { line });
  }
  const values = Object.create(null) as Record<string, CellValue>;
  for (const [key, v] of Object.entries(obj)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      values[key] = v;
    } else if (Array.isArray(v)) {
      const flat = flattenNumbers(v);
      if (flat === null) {
        throw new DatasetInputError('PARSE_ERROR', `line ${line}, column "${key}": arrays may only contain numbers (e.g. image pixels)`, { line, column: key });
      }
      values[key] = flat;
    } else {
      throw new DatasetInputError('PARSE_ERROR', `line ${line}, column "${key}": nested objects are not supported; flatten the record first`, { line, column: key });
    }
  }
  return values;
}

function flattenNumbers(v: unknown[]): number[] | null {
  const out: number[] = [];
  const walk = (a: unknown[]): boolean => {
    for (const x of a) {
      if (typeof x === 'number') out.push(x);
      else if (Array.isArray(x)) { if (!walk(x)) return false; }
      else return false;
    }
    return true;
  };
  return walk(v) ? out : null;
}

function jsonSyntaxError(line: number, err: unknown, what: string): DatasetInputError {
  const detail = err instanceof Error ? err.message : String(err);
  return new DatasetInputError('PARSE_ERROR', `line ${line}: ${what} is not valid JSON (${detail})`, { line, cause: err });
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

async function* parseJsonLines(text: AsyncIterable<string>, maxRecordBytes: number): AsyncGenerator<ParsedRecord, void, undefined> {
  let pending = '';
  let line = 1; // line number of the start of `pending`
  let records = 0;
  function* emit(raw: string, at: number): Generator<ParsedRecord> {
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(s);
    } catch (err) {
      throw jsonSyntaxError(at, err, 'the line');
    }
    records++;
    yield { line: at, values: toRecord(obj, at, 'the line') };
  }
  for await (const chunk of text) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      const raw = pending.length > 0 ? pending + chunk.slice(from, nl) : chunk.slice(from, nl);
      pending = '';
      if (raw.length > maxRecordBytes) throw tooLongRecord(line, maxRecordBytes);
      yield* emit(raw, line);
      line++;
      from = nl + 1;
    }
    pending += chunk.slice(from);
    if (pending.length > maxRecordBytes) throw tooLongRecord(line, maxRecordBytes);
  }
  yield* emit(pending, line);
  if (records === 0) throw new DatasetInputError('EMPTY_FILE', 'the file is empty');
}

function tooLongRecord(line: number, max: number): DatasetInputError {
  return new DatasetInputError('PARSE_ERROR', `the record at line ${line} is longer than ${formatBytes(max)}`, { line });
}

// ---------------------------------------------------------------------------------------------
// JSON array of records

// Plain constants rather than an enum so the file stays erasable-syntax only.
const S = { Start: 0, BeforeElement: 1, InObject: 2, AfterElement: 3, End: 4 } as const;
type JsonState = (typeof S)[keyof typeof S];

/**
 * Incremental scanner for `[ {...}, {...} ]`. It only tracks brackets and strings to find where each
 * top-level object ends, then hands that object's text to `JSON.parse` (so we never hold more than
 * one record, yet get the engine's exact JSON semantics).
 */
async function* parseJsonArray(text: AsyncIterable<string>, maxRecordBytes: number): AsyncGenerator<ParsedRecord, void, undefined> {
  let state: JsonState = S.Start;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let partsLength = 0;
  let recordLine = 0;
  let index = 0; // element index, for messages
  let afterComma = false;
  let records = 0;
  const unexpected = (ch: string, expected: string) =>
    new DatasetInputError('PARSE_ERROR', `line ${line}: expected ${expected} but found ${JSON.stringify(ch)}`, { line });

  for await (const chunk of text) {
    const out: ParsedRecord[] = [];
    let objStart = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === S.InObject) {
        if (c === 10) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true; // backslash
          else if (c === 34) inString = false;
          continue;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (--depth === 0) {
            const tail = chunk.slice(objStart === -1 ? 0 : objStart, i + 1);
            const json = parts.length === 0 ? tail : parts.join('') + tail;
            parts = [];
            partsLength = 0;
            objStart = -1;
            if (json.length > maxRecordBytes) throw tooLongRecord(recordLine, maxRecordBytes);
            let obj: unknown;
            try {
              obj = JSON.parse(json);
            } catch (err) {
              throw jsonSyntaxError(recordLine, err, `array element ${index + 1}`);
            }
            out.push({ line: recordLine, values: toRecord(obj, recordLine, `array element ${index + 1}`) });
            records++;
            index++;
            state = S.AfterElement;
          }
        }
        continue;
      }
      if (c === 10) { line++; continue; }
      if (c === 32 || c === 9 || c === 13) continue;
      const ch = chunk[i]!;
      switch (state) {
        case S.Start:
          if (c !== 91) {
            throw new DatasetInputError(
              'PARSE_ERROR',
              c === 123
                ? `line ${line}: a JSON dataset must be an array of records ([{...}, {...}]); for one object per line choose the JSONL format`
                : `line ${line}: expected "[" to start an array of records but found ${JSON.stringify(ch)}`,
              { line },
            );
          }
          state = S.BeforeElement;
          break;
        case S.BeforeElement:
          if (c === 93 && !afterComma) { state = S.End; break; }
          if (c !== 123) {
            if (c === 93) throw new DatasetInputError('PARSE_ERROR', `line ${line}: trailing comma before "]"`, { line });
            const kind = c === 91 ? 'an array' : c === 34 ? 'a string' : c === 110 ? 'null' : c === 116 || c === 102 ? 'a boolean' : (c >= 48 && c <= 57) || c === 45 ? 'a number' : `${JSON.stringify(ch)}`;
            throw new DatasetInputError('PARSE_ERROR', `line ${line}: array element ${index + 1} is ${kind}, expected an object of column values`, { line });
          }
          state = S.InObject;
          afterComma = false;
          depth = 1;
          inString = false;
          escaped = false;
          recordLine = line;
          objStart = i;
          break;
        case S.AfterElement:
          if (c === 44) { state = S.BeforeElement; afterComma = true; }
          else if (c === 93) state = S.End;
          else throw unexpected(ch, '"," or "]" after an array element');
          break;
        case S.End:
          throw unexpected(ch, 'nothing after the closing "]"');
      }
    }
    if (state === S.InObject) {
      const piece = chunk.slice(objStart === -1 ? 0 : objStart);
      parts.push(piece);
      partsLength += piece.length;
      if (partsLength > maxRecordBytes) throw tooLongRecord(recordLine, maxRecordBytes);
    }
    yield* out;
  }
  const final = state as JsonState; // TS loses track of assignments made inside the scan loop
  if (final === S.Start) throw new DatasetInputError('EMPTY_FILE', 'the file is empty');
  if (final !== S.End) {
    const at = final === S.InObject ? recordLine : line;
    throw new DatasetInputError('PARSE_ERROR', `line ${at}: unexpected end of file; the JSON array is not closed`, { line: at });
  }
  if (records === 0) throw new DatasetInputError('EMPTY_FILE', 'the JSON array has no records');
}
