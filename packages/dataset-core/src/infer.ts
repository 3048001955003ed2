/**
 * Single-pass, bounded-memory schema inference. Each column keeps O(1) numeric moments (Welford),
 * a capped distinct-value map, a fixed-size reservoir for the median and a capped token vocabulary,
 * so inferring a multi-GB file needs only a few MB per column.
 */
import { DatasetInputError } from './errors.ts';
import { createPrng, type Prng } from './random.ts';
import {
  categoryKey,
  isMissing,
  parseBoolean,
  parseDatetime,
  parseNumber,
  parseNumericArray,
  tokenize,
  type CellValue,
  type Row,
} from './values.ts';

export const COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'text', 'datetime', 'image'] as const;
/** `image` = a numeric array per cell (JSON array or space/comma separated numbers). */
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface NumericStats {
  /** Non-missing values that parsed as numbers. */
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  /** Exact up to the reservoir size, a seeded-reservoir estimate beyond it. */
  median: number;
}

export interface DatetimeStats {
  count: number;
  /** ISO-8601 (UTC). */
  min: string;
  max: string;
}

export interface BooleanStats {
  count: number;
  trueCount: number;
  falseCount: number;
}

export interface TextStats {
  meanTokens: number;
  maxTokens: number;
  /** Distinct tokens seen; a lower bound when `vocabularyCapped`. */
  vocabularySize: number;
  vocabularyCapped: boolean;
}

export interface ImageStats {
  count: number;
  /** Element count when every array has the same length, else null. */
  length: number | null;
  minLength: number;
  maxLength: number;
  min: number;
  max: number;
  mean: number;
}

export interface DistinctStats {
  /** Distinct non-missing values; a lower bound when `capped`. */
  count: number;
  capped: boolean;
  /** Most frequent values first (ties by value), at most `maxReportedValues`. */
  top: Array<{ value: string; count: number }>;
}

/** Stats for every interpretation that applies, so a type override never needs a second pass. */
export interface ColumnStats {
  /** Non-missing values. */
  count: number;
  /** Missing values (null, empty, NA, ... or key absent from a JSON record). */
  missing: number;
  distinct: DistinctStats;
  numeric?: NumericStats;
  boolean?: BooleanStats;
  datetime?: DatetimeStats;
  text?: TextStats;
  image?: ImageStats;
}

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** What inference chose; differs from `type` after an override. */
  inferredType: ColumnType;
  stats: ColumnStats;
}

export interface InferOptions {
  /** Distinct values tracked per column before giving up counting. Default 1000. */
  maxDistinct?: number;
  /** Values reported in `stats.distinct.top`. Default 100. */
  maxReportedValues?: number;
  /** Distinct tokens tracked per column. Default 50 000. */
  maxVocabulary?: number;
  /** Reservoir size for the median. Default 4096. */
  reservoirSize?: number;
  /** Refuse datasets wider than this (guards against JSON with unbounded keys). Default 5000. */
  maxColumns?: number;
}

const MAX_TRACKED_VALUE_LENGTH = 256;

/** Streaming stats for one column. Feed every row's value (including missing) to {@link add}. */
export class ColumnStatsAccumulator {
  readonly name: string;
  private readonly maxDistinct: number;
  private readonly maxReported: number;
  private readonly maxVocabulary: number;
  private readonly reservoirSize: number;

  private count = 0;
  private missing = 0;
  private readonly distinct = new Map<string, number>();
  private distinctCapped = false;
  // numeric (Welford)
  private nCount = 0;
  private nMean = 0;
  private nM2 = 0;
  private nMin = Infinity;
  private nMax = -Infinity;
  private readonly reservoir: number[] = [];
  private readonly prng: Prng;
  // boolean
  private bTrue = 0;
  private bFalse = 0;
  // datetime (stop checking after the first non-datetime: it cannot become the type any more)
  private dCandidate = true;
  private dCount = 0;
  private dMin = Infinity;
  private dMax = -Infinity;
  // text
  private tokensTotal = 0;
  private tokensMax = 0;
  private readonly vocabulary = new Set<string>();
  private vocabularyCapped = false;
  // image
  private iCandidate = true;
  private iCount = 0;
  private iMinLen = Infinity;
  private iMaxLen = 0;
  private iMin = Infinity;
  private iMax = -Infinity;
  private iSum = 0;
  private iElements = 0;

  constructor(name: string, opts: InferOptions = {}) {
    this.name = name;
    this.maxDistinct = opts.maxDistinct ?? 1000;
    this.maxReported = opts.maxReportedValues ?? 100;
    this.maxVocabulary = opts.maxVocabulary ?? 50_000;
    this.reservoirSize = opts.reservoirSize ?? 4096;
    this.prng = createPrng(0x5eed); // fixed seed: identical input gives identical stats
  }

  /** Records `n` missing values at once (e.g. rows seen before a JSON key first appeared). */
  addMissing(n = 1): void {
    this.missing += n;
  }

  add(value: CellValue | undefined): void {
    if (isMissing(value)) {
      this.missing++;
      return;
    }
    this.count++;

    if (Array.isArray(value)) {
      this.addArray(value);
      this.distinctCapped = true; // arrays are not categories; don't hash megabytes of pixels
      this.dCandidate = false;
      return;
    }

    // distinct values
    const key = categoryKey(value)!;
    if (key.length > MAX_TRACKED_VALUE_LENGTH) {
      this.distinctCapped = true;
    } else {
      const seen = this.distinct.get(key);
      if (seen !== undefined) this.distinct.set(key, seen + 1);
      else if (this.distinct.size < this.maxDistinct) this.distinct.set(key, 1);
      else this.distinctCapped = true;
    }

    const b = parseBoolean(value);
    if (b === true) this.bTrue++;
    else if (b === false) this.bFalse++;

    const n = typeof value === 'boolean' ? null : parseNumber(value);
    if (n !== null) this.addNumber(n);

    if (this.dCandidate) {
      const t = parseDatetime(value);
      if (t === null) this.dCandidate = false;
      else {
        this.dCount++;
        if (t < this.dMin) this.dMin = t;
        if (t > this.dMax) this.dMax = t;
      }
    }

    if (typeof value === 'string') {
      if (this.iCandidate) {
        // Only multi-element strings can be arrays; checking stops at the first non-array.
        const arr = n === null ? parseNumericArray(value) : null;
        if (arr === null || arr.length < 2) this.iCandidate = false;
        else this.addArray(arr);
      }
      if (n === null) this.addText(value);
      else this.addTokens(1);
    } else {
      this.iCandidate = false;
      this.addTokens(1);
    }
  }

  private addNumber(x: number): void {
    this.nCount++;
    const d = x - this.nMean;
    this.nMean += d / this.nCount;
    this.nM2 += d * (x - this.nMean);
    if (x < this.nMin) this.nMin = x;
    if (x > this.nMax) this.nMax = x;
    // Algorithm R reservoir sampling.
    if (this.reservoir.length < this.reservoirSize) this.reservoir.push(x);
    else {
      const j = this.prng.nextInt(this.nCount);
      if (j < this.reservoirSize) this.reservoir[j] = x;
    }
  }

  private addArray(arr: number[]): void {
    if (!this.iCandidate) return;
    this.iCount++;
    if (arr.length < this.iMinLen) this.iMinLen = arr.length;
    if (arr.length > this.iMaxLen) this.iMaxLen = arr.length;
    for (const x of arr) {
      if (x < this.iMin) this.iMin = x;
      if (x > this.iMax) this.iMax = x;
      this.iSum += x;
    }
    this.iElements += arr.length;
  }

  private addText(s: string): void {
    const tokens = tokenize(s);
    this.addTokens(tokens.length);
    if (this.vocabularyCapped) return;
    for (const t of tokens) {
      if (this.vocabulary.has(t)) continue;
      if (this.vocabulary.size >= this.maxVocabulary) {
        this.vocabularyCapped = true;
        return;
      }
      this.vocabulary.add(t);
    }
  }

  private addTokens(n: number): void {
    this.tokensTotal += n;
    if (n > this.tokensMax) this.tokensMax = n;
  }

  /** Stats so far (the accumulator can keep going afterwards). */
  stats(): ColumnStats {
    const top = [...this.distinct.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, this.maxReported)
      .map(([value, count]) => ({ value, count }));
    const stats: ColumnStats = {
      count: this.count,
      missing: this.missing,
      distinct: { count: this.distinct.size, capped: this.distinctCapped, top },
    };
    if (this.nCount > 0) {
      const sorted = [...this.reservoir].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      stats.numeric = {
        count: this.nCount,
        min: this.nMin,
        max: this.nMax,
        mean: this.nMean,
        std: Math.sqrt(this.nM2 / this.nCount),
        median: sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
      };
    }
    if (this.bTrue + this.bFalse > 0) {
      stats.boolean = { count: this.bTrue + this.bFalse, trueCount: this.bTrue, falseCount: this.bFalse };
    }
    if (this.dCandidate && this.dCount > 0) {
      stats.datetime = { count: this.dCount, min: new Date(this.dMin).toISOString(), max: new Date(this.dMax).toISOString() };
    }
    if (this.count > 0) {
      stats.text = {
        meanTokens: this.tokensTotal / this.count,
        maxTokens: this.tokensMax,
        vocabularySize: this.vocabulary.size,
        vocabularyCapped: this.vocabularyCapped,
      };
    }
    if (this.iCandidate && this.iCount > 0) {
      stats.image = {
        count: this.iCount,
        length: this.iMinLen === this.iMaxLen ? this.iMinLen : null,
        minLength: this.iMinLen,
        maxLength: this.iMaxLen,
        min: this.iMin,
        max: this.iMax,
        mean: this.iElements > 0 ? this.iSum / this.iElements : 0,
      };
    }
    return stats;
  }

  /** Final schema for this column with the inferred type. */
  finish(): ColumnSchema {
    const stats = this.stats();
    const type = chooseType(stats);
    return { name: this.name, type, inferredType: type, stats };
  }
}

/**
 * Type precedence: boolean (so 0/1 columns are flags), image, numeric, datetime, then categorical vs
 * text by cardinality and words per value.
 */
function chooseType(s: ColumnStats): ColumnType {
  const n = s.count;
  if (n === 0) return 'categorical';
  if (s.boolean?.count === n) return 'boolean';
  if (s.image?.count === n) return 'image';
  if (s.numeric?.count === n) return 'numeric';
  if (s.datetime?.count === n) return 'datetime';
  if (s.distinct.capped) return 'text';
  const distinct = s.distinct.count;
  const ratio = distinct / n;
  const meanTokens = s.text?.meanTokens ?? 1;
  if (distinct <= 20 && ratio <= 0.5) return 'categorical'; // few labels, even multi-word ones
  if (meanTokens > 3) return 'text';
  if (distinct <= 50 || ratio <= 0.5) return 'categorical';
  return 'text';
}

export interface InferredSchema {
  rowCount: number;
  columns: ColumnSchema[];
}

/**
 * Accumulates stats for all columns of a record stream. Columns are ordered by first appearance;
 * a key missing from some JSON records counts as missing for those rows.
 */
export class SchemaAccumulator {
  private readonly opts: InferOptions;
  private readonly maxColumns: number;
  private readonly columns = new Map<string, { acc: ColumnStatsAccumulator; start: number; seen: number }>();
  private rows = 0;

  constructor(opts: InferOptions = {}) {
    this.opts = opts;
    this.maxColumns = opts.maxColumns ?? 5000;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Adds one record. `line` is only used to word errors. */
  add(values: Row, line?: number): void {
    for (const key in values) {
      let col = this.columns.get(key);
      if (col === undefined) {
        if (this.columns.size >= this.maxColumns) {
          throw new DatasetInputError('TOO_LARGE', `${line === undefined ? '' : `line ${line}: `}the dataset has more than ${this.maxColumns} columns`, {
            ...(line !== undefined && { line }),
            column: key,
          });
        }
        col = { acc: new ColumnStatsAccumulator(key, this.opts), start: this.rows, seen: 0 };
        col.acc.addMissing(this.rows);
        this.columns.set(key, col);
      }
      col.acc.add(values[key]);
      col.seen++;
    }
    this.rows++;
  }

  /** Schemas so far, in first-appearance order. Does not consume the accumulator. */
  finish(): InferredSchema {
    const columns: ColumnSchema[] = [];
    for (const { acc, start, seen } of this.columns.values()) {
      const schema = acc.finish();
      schema.stats.missing += this.rows - start - seen; // rows after creation that lacked the key
      columns.push(schema);
    }
    return { rowCount: this.rows, columns };
  }
}

/** Infers the schema of a record stream (e.g. the output of `parseRecords`) in one pass. */
export async function inferSchema(
  records: AsyncIterable<{ line?: number; values: Row }> | Iterable<{ line?: number; values: Row }>,
  opts: InferOptions = {},
): Promise<InferredSchema> {
  const acc = new SchemaAccumulator(opts);
  for await (const r of records) acc.add(r.values, r.line);
  return acc.finish();
}

// ---------------------------------------------------------------------------------------------
// Overrides, label and warnings

/** Which stats section must have values for a column to be read as each type. */
function compatibleCount(stats: ColumnStats, type: ColumnType): number {
  switch (type) {
    case 'numeric': return stats.numeric?.count ?? 0;
    case 'boolean': return stats.boolean?.count ?? 0;
    case 'datetime': return stats.datetime?.count ?? 0;
    case 'image': return stats.image?.count ?? 0;
    case 'categorical':
    case 'text': return stats.count;
  }
}

function findColumn(columns: readonly ColumnSchema[], name: string, role: string): ColumnSchema {
  const col = columns.find((c) => c.name === name);
  if (col) return col;
  const folded = columns.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
  const hint = folded
    ? `; did you mean "${folded.name}"?`
    : `; available columns: ${columns.slice(0, 20).map((c) => `"${c.name}"`).join(', ')}${columns.length > 20 ? ', ...' : ''}`;
  throw new DatasetInputError('UNKNOWN_COLUMN', `${role} "${name}" does not exist in the dataset${hint}`, { column: name });
}

/**
 * Applies user type overrides (`{ zip: 'categorical' }`). Unknown columns or types, and types
 * no value of the column can be read as (e.g. `numeric` for a column of words), are rejected.
 * Values that don't fit an accepted override are treated as missing downstream.
 */
export function applyTypeOverrides(
  columns: readonly ColumnSchema[],
  overrides: Readonly<Record<string, ColumnType>>,
): ColumnSchema[] {
  const byName = new Map<string, ColumnType>();
  for (const [name, type] of Object.entries(overrides)) {
    findColumn(columns, name, 'column');
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw new DatasetInputError('INVALID_OVERRIDE', `column "${name}": unknown type ${JSON.stringify(type)}; use one of ${COLUMN_TYPES.join(', ')}`, { column: name });
    }
    byName.set(name, type);
  }
  return columns.map((col) => {
    const type = byName.get(col.name);
    if (type === undefined || type === col.type) return col;
    if (compatibleCount(col.stats, type) === 0 && col.stats.count > 0) {
      throw new DatasetInputError('INVALID_OVERRIDE', `column "${col.name}" cannot be used as ${type}: none of its values can be read as ${type}`, { column: col.name });
    }
    return { ...col, type };
  });
}

export type TaskType = 'classification' | 'regression';

export interface LabelInfo {
  column: string;
  task: TaskType;
}

function isConstant(col: ColumnSchema): boolean {
  const s = col.stats;
  if (s.count === 0) return false;
  if (col.type === 'numeric' && s.numeric) return s.numeric.min === s.numeric.max && s.numeric.count === s.count;
  if (col.type === 'image' && s.image) return s.image.min === s.image.max;
  return !s.distinct.capped && s.distinct.count === 1;
}

/**
 * Checks the label column exists and is learnable: `UNKNOWN_COLUMN`, `EMPTY_COLUMN` (no values),
 * `CONSTANT_COLUMN` (one value) or `INVALID_LABEL` (text/datetime/image). Numeric labels mean
 * regression; categorical/boolean mean classification (override a numeric column to categorical
 * for integer class ids).
 */
export function validateLabel(columns: readonly ColumnSchema[], label: string): LabelInfo {
  const col = findColumn(columns, label, 'label column');
  if (col.stats.count === 0) {
    throw new DatasetInputError('EMPTY_COLUMN', `label column "${label}" has no values`, { column: label });
  }
  if (isConstant(col)) {
    const only = col.stats.distinct.top[0]?.value ?? String(col.stats.numeric?.min);
    throw new DatasetInputError('CONSTANT_COLUMN', `label column "${label}" has a single value (${JSON.stringify(only)}), so there is nothing to learn`, { column: label });
  }
  switch (col.type) {
    case 'numeric':
      return { column: label, task: 'regression' };
    case 'categorical':
    case 'boolean':
      return { column: label, task: 'classification' };
    case 'text':
      throw new DatasetInputError('INVALID_LABEL', `label column "${label}" was inferred as free text (${col.stats.distinct.capped ? 'over ' : ''}${col.stats.distinct.count} distinct values); override its type to categorical to use it as a class label`, { column: label });
    default:
      throw new DatasetInputError('INVALID_LABEL', `label column "${label}" is ${col.type}; a label must be numeric (regression) or categorical/boolean (classification)`, { column: label });
  }
}

export type SchemaWarningCode =
  | 'CONSTANT_COLUMN'
  | 'EMPTY_COLUMN'
  | 'MOSTLY_MISSING'
  | 'HIGH_CARDINALITY'
  | 'IDENTIFIER_LIKE'
  | 'LOSSY_OVERRIDE'
  | 'MISSING_LABELS';

export interface SchemaWarning {
  code: SchemaWarningCode;
  column: string;
  message: string;
}

/**
 * Non-fatal findings to show the user before training: constant/empty feature columns (they carry
 * no signal and are excluded by the default spec), mostly-missing columns, high-cardinality
 * categories, identifier-like columns, overrides that drop values, and missing labels.
 */
export function schemaWarnings(columns: readonly ColumnSchema[], label?: string): SchemaWarning[] {
  const out: SchemaWarning[] = [];
  for (const col of columns) {
    const s = col.stats;
    const rows = s.count + s.missing;
    const name = col.name;
    if (name === label) {
      if (s.missing > 0) out.push({ code: 'MISSING_LABELS', column: name, message: `${s.missing} of ${rows} rows have no label and will be skipped` });
      continue;
    }
    if (s.count === 0) {
      out.push({ code: 'EMPTY_COLUMN', column: name, message: `column "${name}" has no values and will be ignored` });
      continue;
    }
    if (isConstant(col)) {
      out.push({ code: 'CONSTANT_COLUMN', column: name, message: `column "${name}" has a single value and will be ignored` });
      continue;
    }
    if (s.missing / rows > 0.5) {
      out.push({ code: 'MOSTLY_MISSING', column: name, message: `column "${name}" is missing in ${Math.round((100 * s.missing) / rows)}% of rows` });
    }
    if (col.type === 'categorical' && (s.distinct.capped || s.distinct.count > 100)) {
      out.push({ code: 'HIGH_CARDINALITY', column: name, message: `column "${name}" has ${s.distinct.capped ? 'over ' : ''}${s.distinct.count} categories; only the most frequent are encoded` });
    }
    if ((col.type === 'text' || col.type === 'categorical') && !s.distinct.capped && s.count > 20 && s.distinct.count === s.count && (s.text?.meanTokens ?? 1) <= 1.5) {
      out.push({ code: 'IDENTIFIER_LIKE', column: name, message: `every value of column "${name}" is unique; it looks like an identifier, consider excluding it` });
    }
    const usable = compatibleCount(s, col.type);
    if (col.type !== col.inferredType && usable < s.count) {
      out.push({ code: 'LOSSY_OVERRIDE', column: name, message: `${s.count - usable} values of column "${name}" cannot be read as ${col.type} and will be treated as missing` });
    }
  }
  return out;
}

/** True when a feature column carries no signal (no values, or a single value). */
export function isUninformative(col: ColumnSchema): boolean {
  return col.stats.count === 0 || isConstant(col);
}
