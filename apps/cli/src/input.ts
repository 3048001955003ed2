// Reading input: stdin, JSON/`@file` flag values, and records from JSON, JSON lines or CSV.
import { readFileSync } from 'node:fs';
import { CliError, EXIT, UsageError } from './framework.ts';

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A flag holding JSON inline, or `@path` to a JSON file. */
export function jsonFlag(name: string, value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      throw new CliError(EXIT.BAD_INPUT, `--${name}: cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${name} must be JSON (or @file.json): ${(error as Error).message}`);
  }
}

export function intFlag(name: string, value: string | undefined, { min = 0 } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, not ${JSON.stringify(value)}`);
  return n;
}

export function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not ${JSON.stringify(value)}`);
  return n;
}

export function listFlag(value: string | string[] | boolean | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const src = text.replace(/^\uFEFF/, '');
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
    i += 1;
  }
  if (quoted) throw new CliError(EXIT.BAD_INPUT, 'CSV input ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function csvValue(cell: string): string | number | null {
  const trimmed = cell.trim();
  if (trimmed === '') return null;
  return NUMERIC.test(trimmed) ? Number(trimmed) : cell;
}

export type InputFormat = 'json' | 'jsonl' | 'csv';

export function detectFormat(text: string): InputFormat {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length > 1 && lines.every((l) => l.trim().startsWith('{'))) {
      try {
        JSON.parse(trimmed);
        return 'json';
      } catch {
        return 'jsonl';
      }
    }
    return 'json';
  }
  return 'csv';
}

/** Records (objects keyed by column name) from JSON (array or one object), JSON lines or CSV with a header. */
export function parseRecords(text: string, format: InputFormat = detectFormat(text)): Record<string, unknown>[] {
  if (!text.trim()) throw new CliError(EXIT.BAD_INPUT, 'no input: pipe JSON, JSON lines or CSV records on stdin (or use --input <file>)');
  if (format === 'csv') {
    const rows = parseCsv(text);
    const [header, ...body] = rows;
    if (!header || body.length === 0) throw new CliError(EXIT.BAD_INPUT, 'CSV input needs a header row and at least one record');
    return body.map((cells, r) => {
      if (cells.length !== header.length) throw new CliError(EXIT.BAD_INPUT, `CSV line ${r + 2} has ${cells.length} fields; the header has ${header.length}`);
      return Object.fromEntries(header.map((name, i) => [name, csvValue(cells[i]!)]));
    });
  }
  let values: unknown[];
  try {
    values = format === 'jsonl' ? text.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown) : [JSON.parse(text) as unknown].flat();
  } catch (error) {
    throw new CliError(EXIT.BAD_INPUT, `input is not valid ${format === 'jsonl' ? 'JSON lines' : 'JSON'}: ${(error as Error).message}`);
  }
  values.forEach((v, i) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new CliError(EXIT.BAD_INPUT, `record ${i + 1} is not a JSON object`);
  });
  return values as Record<string, unknown>[];
}

/** Tensor rows from JSON (`[[…], …]` or one row) or CSV of numbers (a non-numeric first row is a header). */
export function parseTensors(text: string, format: InputFormat = detectFormat(text)): number[][] {
  if (!text.trim()) throw new CliError(EXIT.BAD_INPUT, 'no input: pipe tensor rows on stdin (JSON [[…]] or CSV)');
  let rows: unknown[];
  if (format === 'csv') {
    const csv = parseCsv(text);
    if (csv[0] && csv[0].some((c) => !NUMERIC.test(c.trim()))) csv.shift();
    rows = csv.map((r) => r.map((c) => Number(c)));
  } else {
    try {
      const parsed = format === 'jsonl' ? text.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown) : (JSON.parse(text) as unknown);
      rows = Array.isArray(parsed) && parsed.every((r) => typeof r === 'number') ? [parsed] : (parsed as unknown[]);
    } catch (error) {
      throw new CliError(EXIT.BAD_INPUT, `input is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!Array.isArray(rows) || rows.length === 0) throw new CliError(EXIT.BAD_INPUT, 'no tensor rows in the input');
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new CliError(EXIT.BAD_INPUT, `tensor row ${i + 1} is not an array of finite numbers`);
    }
  });
  return rows as number[][];
}
