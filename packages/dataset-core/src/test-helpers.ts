/** Helpers shared by the unit tests (not exported from the package). */
import { DatasetInputError, type DatasetErrorCode } from './errors.ts';
import { parseRecords, type ParseOptions, type ParsedRecord } from './parse.ts';

/** Splits text/bytes into fixed-size chunks to exercise chunk boundaries. */
export function chunked(input: string | Uint8Array, size = 7): Uint8Array[] {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: Uint8Array[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

export async function parseAll(input: string | Uint8Array, opts: ParseOptions, chunkSize = 7): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const r of parseRecords(chunked(input, chunkSize), opts)) out.push(r);
  return out;
}

/** Runs `fn` and returns the DatasetInputError it throws (fails the test otherwise). */
export async function captureError(fn: () => unknown): Promise<DatasetInputError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DatasetInputError) return err;
    throw new Error(`expected a DatasetInputError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a DatasetInputError, but nothing was thrown');
}

export async function expectCode(fn: () => unknown, code: DatasetErrorCode): Promise<DatasetInputError> {
  const err = await captureError(fn);
  if (err.code !== code) throw new Error(`expected ${code}, got ${err.code}: ${err.message}`);
  return err;
}

/** Plain objects (parse returns null-prototype records). */
export function plain<T extends object>(records: { values: T }[]): T[] {
  return records.map((r) => ({ ...r.values }));
}
