/**
 * Value coercion shared by inference, fitting and transforming. Keeping these in one place is
 * what guarantees training and serving interpret a raw cell identically.
 */

/** A parsed cell: CSV yields strings/null, JSON may also yield numbers, booleans and numeric arrays. */
export type CellValue = string | number | boolean | null | number[];

/** One record keyed by column name. Absent keys are treated as missing. */
export type Row = Readonly<Record<string, CellValue | undefined>>;

/**
 * Strings treated as missing (exact match after trimming). Mirrors pandas' defaults, plus `?`
 * which several classic datasets (e.g. UCI auto-mpg) use.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', '-NaN', 'NULL', 'null', 'None', '<NA>', '?',
]);

export function isMissing(value: CellValue | undefined): value is null | undefined {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return MISSING_TOKENS.has(value.trim());
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Strict numeric parse: finite numbers and plain decimal/exponent strings only (no hex, no `Infinity`). */
export function parseNumber(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s.length === 0 || s.length > 64 || !NUMBER_RE.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const TRUE_TOKENS = new Set(['true', 'yes', '1']);
const FALSE_TOKENS = new Set(['false', 'no', '0']);

/** Boolean parse: true/false, yes/no, 1/0 (case-insensitive), JSON booleans, numbers 0/1. */
export function parseBoolean(value: CellValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const s = value.trim().toLowerCase();
  if (TRUE_TOKENS.has(s)) return true;
  if (FALSE_TOKENS.has(s)) return false;
  return null;
}

// ISO-8601 date or date-time (T or space separator, optional seconds/fraction/zone).
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
// YYYY/MM/DD with optional time. Day-first vs month-first slash formats are deliberately not
// guessed: `03/04/2020` is ambiguous and a wrong guess silently corrupts the column.
const SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/**
 * Parses ISO-8601 and `YYYY/MM/DD[ HH:MM[:SS]]` to epoch milliseconds. Values without a zone are
 * read as UTC so the result never depends on the server's time zone.
 */
export function parseDatetime(value: CellValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s.length < 8 || s.length > 40) return null;
  const m = ISO_RE.exec(s) ?? SLASH_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Reject impossible calendar dates such as Feb 30 (Date.UTC would roll them over).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const zone = m[8];
  if (zone === undefined || zone === 'Z' || zone === 'z') return t;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offH = Number(digits.slice(0, 2));
  const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (offH > 14 || offM > 59) return null;
  return t - sign * (offH * 60 + offM) * 60_000;
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** Word tokenizer used for text stats and text preprocessing: NFKC, lower-case, letter/digit runs. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN_RE) ?? [];
}

/** Canonical string for a categorical value so CSV `"USA "` and JSON `"USA"` are one category. */
export function categoryKey(value: CellValue | undefined): string | null {
  if (isMissing(value)) return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Text of a cell for tokenisation. */
export function textOf(value: CellValue | undefined): string | null {
  if (isMissing(value)) return null;
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : String(value);
}

const ARRAY_SPLIT_RE = /[\s,;]+/;

/**
 * Parses a numeric array cell: a (possibly nested) JSON number array, or a string of numbers separated by
 * whitespace/commas (optionally wrapped in `[...]`), as in FER-2013's `pixels` column.
 */
export function parseNumericArray(value: CellValue | undefined): number[] | null {
  if (Array.isArray(value)) {
    // Serving requests may send nested (e.g. 2-D) arrays; flatten row-major like the parser does.
    const flat = (value as unknown[]).flat(Infinity);
    return flat.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (flat as number[]) : null;
  }
  if (typeof value !== 'string') return null;
  let s = value.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1).trim();
  if (s.length === 0) return null;
  const parts = s.split(ARRAY_SPLIT_RE);
  const out = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const n = parseNumber(parts[i]!);
    if (n === null) return null;
    out[i] = n;
  }
  return out;
}
