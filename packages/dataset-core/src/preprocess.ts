/**
 * Declarative preprocessing: a JSON spec stored with the dataset version, fitted on the TRAINING
 * split only into JSON parameters (means, vocabularies, ...), and one transform used verbatim by
 * both the trainer and the serving path so features can never drift between them.
 */
import { z } from 'zod';
import { DatasetInputError } from './errors.ts';
import { isUninformative, schemaWarnings, validateLabel, type ColumnSchema } from './infer.ts';
import { createPrng, type Prng } from './random.ts';
import {
  categoryKey,
  isMissing,
  parseBoolean,
  parseDatetime,
  parseNumber,
  parseNumericArray,
  textOf,
  tokenize,
  type CellValue,
  type Row,
} from './values.ts';

// ---------------------------------------------------------------------------------------------
// Spec schema

const Drop = z.strictObject({ strategy: z.literal('drop') });
const Mean = z.strictObject({ strategy: z.literal('mean') });
const Median = z.strictObject({ strategy: z.literal('median') });
const Mode = z.strictObject({ strategy: z.literal('mode') });
const constant = <T extends z.ZodType>(value: T) => z.strictObject({ strategy: z.literal('constant'), value });

const Scaling = z.enum(['none', 'standardize', 'minmax']);
const Name = z.string().min(1);

const NumericColumnSpec = z.strictObject({
  name: Name,
  type: z.literal('numeric'),
  exclude: z.boolean().default(false),
  missing: z.discriminatedUnion('strategy', [Drop, Mean, Median, Mode, constant(z.number())]).default({ strategy: 'mean' }),
  scaling: Scaling.default('standardize'),
});

/** Datetimes become epoch seconds, then are scaled like numbers. */
const DatetimeColumnSpec = z.strictObject({
  name: Name,
  type: z.literal('datetime'),
  exclude: z.boolean().default(false),
  missing: z
    .discriminatedUnion('strategy', [
      Drop, Mean, Median, Mode,
      constant(z.string().refine((s) => parseDatetime(s) !== null, 'must be an ISO-8601 date/time')),
    ])
    .default({ strategy: 'median' }),
  scaling: Scaling.default('standardize'),
});

const BooleanColumnSpec = z.strictObject({
  name: Name,
  type: z.literal('boolean'),
  exclude: z.boolean().default(false),
  missing: z.discriminatedUnion('strategy', [Drop, Mode, constant(z.boolean())]).default({ strategy: 'mode' }),
});

const CategoricalColumnSpec = z.strictObject({
  name: Name,
  type: z.literal('categorical'),
  exclude: z.boolean().default(false),
  missing: z
    .discriminatedUnion('strategy', [Drop, Mode, constant(z.union([z.string(), z.number(), z.boolean()]))])
    .default({ strategy: 'mode' }),
  /** onehot: one 0/1 feature per category, unknown = all zeros. index: one feature, unknown = 0. */
  encoding: z.enum(['onehot', 'index']).default('onehot'),
  /** Keep only the most frequent categories of the training split; the rest are "unknown". */
  maxCategories: z.number().int().min(1).max(10_000).default(100),
});

const TokenizeSpec = z.strictObject({
  /** Output sequence length. */
  maxLength: z.number().int().min(1).max(8192).default(64),
  /** Vocabulary size INCLUDING the reserved ids 0 (padding) and 1 (out-of-vocabulary). */
  vocabSize: z.number().int().min(3).max(1_000_000).default(10_000),
  padding: z.enum(['pre', 'post']).default('post'),
  truncation: z.enum(['pre', 'post']).default('post'),
});

const TextColumnSpec = z.strictObject({
  name: Name,
  type: z.literal('text'),
  exclude: z.boolean().default(false),
  missing: z.discriminatedUnion('strategy', [Drop, constant(z.string())]).default({ strategy: 'constant', value: '' }),
  tokenize: TokenizeSpec.default(TokenizeSpec.parse({})),
});

const ImageColumnSpec = z.strictObject({
  name: Name,
  type: z.literal('image'),
  exclude: z.boolean().default(false),
  missing: z.discriminatedUnion('strategy', [Drop, constant(z.number())]).default({ strategy: 'drop' }),
  /** e.g. [28, 28] or [32, 32, 3]; cells must hold exactly prod(shape) numbers (row-major). */
  shape: z.array(z.number().int().min(1)).min(1).max(4),
  /** Fitted over all pixels of the training split (one global centre/scale). */
  scaling: Scaling.default('minmax'),
});

const ColumnSpec = z.discriminatedUnion('type', [
  NumericColumnSpec,
  DatetimeColumnSpec,
  BooleanColumnSpec,
  CategoricalColumnSpec,
  TextColumnSpec,
  ImageColumnSpec,
]);

const LabelSpec = z.strictObject({
  column: Name,
  task: z.enum(['classification', 'regression']),
  /** Classification only: class index (default) or one-hot vector. */
  encoding: z.enum(['index', 'onehot']).default('index'),
});

const MAX_IMAGE_ELEMENTS = 16 * 1024 * 1024;

/** The declarative preprocessing spec stored with a dataset version. */
export const PreprocessingSpecSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    label: LabelSpec.nullable().default(null),
    /** Feature columns in output order. */
    columns: z.array(ColumnSpec),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.columns.forEach((col, i) => {
      if (seen.has(col.name)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `column "${col.name}" is listed twice` });
      seen.add(col.name);
      if (spec.label && col.name === spec.label.column && !col.exclude) {
        ctx.addIssue({ code: 'custom', path: ['columns', i], message: `the label column "${col.name}" cannot also be a feature; exclude it` });
      }
      if (col.type === 'image' && col.shape.reduce((a, b) => a * b, 1) > MAX_IMAGE_ELEMENTS) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'shape'], message: `image shape has more than ${MAX_IMAGE_ELEMENTS} elements` });
      }
    });
    if (!spec.columns.some((c) => !c.exclude && c.name !== spec.label?.column)) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'at least one feature column must be included' });
    }
  });

export type PreprocessingSpec = z.output<typeof PreprocessingSpecSchema>;
/** What a user may send: defaults filled in by {@link parsePreprocessingSpec}. */
export type PreprocessingSpecInput = z.input<typeof PreprocessingSpecSchema>;
export type ColumnSpec = z.output<typeof ColumnSpec>;
export type LabelSpec = z.output<typeof LabelSpec>;

function zodMessage(err: z.ZodError, what: string): string {
  const issues = err.issues.slice(0, 5).map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  return `invalid ${what}: ${issues.join('; ')}${err.issues.length > 5 ? ` (and ${err.issues.length - 5} more)` : ''}`;
}

/**
 * Validates a spec (throws `INVALID_SPEC`) and fills defaults. With `columns`, also checks every
 * referenced column exists (`UNKNOWN_COLUMN`) and the label is usable (see `validateLabel`).
 */
export function parsePreprocessingSpec(input: unknown, columns?: readonly ColumnSchema[]): PreprocessingSpec {
  const result = PreprocessingSpecSchema.safeParse(input);
  if (!result.success) throw new DatasetInputError('INVALID_SPEC', zodMessage(result.error, 'preprocessing spec'), { cause: result.error });
  const spec = result.data;
  if (columns) {
    const names = new Set(columns.map((c) => c.name));
    for (const col of spec.columns) {
      if (!names.has(col.name)) {
        throw new DatasetInputError('UNKNOWN_COLUMN', `preprocessing spec refers to column "${col.name}", which does not exist in the dataset`, { column: col.name });
      }
    }
    if (spec.label) {
      const info = validateLabel(columns, spec.label.column);
      if (info.task !== spec.label.task) {
        // A numeric column can be a class id only once overridden to categorical; say so.
        throw new DatasetInputError(
          'INVALID_LABEL',
          `label column "${spec.label.column}" is ${columns.find((c) => c.name === spec.label!.column)!.type}, which means ${info.task}, but the spec asks for ${spec.label.task}${spec.label.task === 'classification' ? '; override the column type to categorical first' : ''}`,
          { column: spec.label.column },
        );
      }
    }
  }
  return spec;
}

/**
 * A sensible starting spec from the inferred schema: constant/empty/identifier-like columns excluded,
 * numbers standardised, categories one-hot, text tokenised to a length that covers the longest value
 * (capped), images min-max scaled with a guessed shape.
 */
export function defaultPreprocessingSpec(columns: readonly ColumnSchema[], labelColumn?: string | null): PreprocessingSpec {
  const label = labelColumn ? validateLabel(columns, labelColumn) : null;
  const identifierLike = new Set(schemaWarnings(columns, labelColumn ?? undefined).filter((w) => w.code === 'IDENTIFIER_LIKE').map((w) => w.column));
  const specs: PreprocessingSpecInput['columns'] = [];
  for (const col of columns) {
    const exclude = col.name === label?.column || isUninformative(col) || identifierLike.has(col.name);
    const base = { name: col.name, exclude };
    switch (col.type) {
      case 'numeric':
        specs.push({ ...base, type: 'numeric' });
        break;
      case 'datetime':
        specs.push({ ...base, type: 'datetime' });
        break;
      case 'boolean':
        specs.push({ ...base, type: 'boolean' });
        break;
      case 'categorical':
        specs.push({ ...base, type: 'categorical' });
        break;
      case 'text': {
        const t = col.stats.text;
        specs.push({
          ...base,
          type: 'text',
          tokenize: {
            maxLength: Math.min(256, Math.max(8, t?.maxTokens ?? 64)),
            vocabSize: Math.min(20_000, Math.max(3, (t?.vocabularySize ?? 10_000) + 2)),
          },
        });
        break;
      }
      case 'image': {
        const img = col.stats.image;
        const len = img?.length ?? img?.maxLength ?? 1;
        specs.push({ ...base, exclude: exclude || img?.length == null, type: 'image', shape: guessImageShape(len) });
        break;
      }
    }
  }
  return parsePreprocessingSpec({
    version: 1,
    label: label ? { column: label.column, task: label.task } : null,
    columns: specs,
  });
}

/** [h, w] for square greyscale, [h, w, 3] for square RGB, else flat. */
function guessImageShape(len: number): number[] {
  const side = Math.round(Math.sqrt(len));
  if (side * side === len && side > 1) return [side, side];
  const rgb = Math.round(Math.sqrt(len / 3));
  if (rgb * rgb * 3 === len && rgb > 1) return [rgb, rgb, 3];
  return [len];
}

// ---------------------------------------------------------------------------------------------
// Fitted parameters

const FittedScaled = {
  name: Name,
  dropMissing: z.boolean(),
  /** Raw-domain value used for missing cells (also for `drop` columns at serve time). */
  fill: z.number(),
  /** output = (value - center) / scale */
  center: z.number(),
  scale: z.number().positive(),
};

const FittedNumeric = z.object({ type: z.literal('numeric'), ...FittedScaled });
const FittedDatetime = z.object({ type: z.literal('datetime'), ...FittedScaled });
const FittedBoolean = z.object({ type: z.literal('boolean'), name: Name, dropMissing: z.boolean(), fill: z.union([z.literal(0), z.literal(1)]) });
const FittedCategorical = z.object({
  type: z.literal('categorical'),
  name: Name,
  dropMissing: z.boolean(),
  /** null = impute as "unknown". */
  fill: z.string().nullable(),
  encoding: z.enum(['onehot', 'index']),
  /** onehot position i / index i+1 (0 is reserved for unknown). */
  categories: z.array(z.string()),
});
const FittedText = z.object({
  type: z.literal('text'),
  name: Name,
  dropMissing: z.boolean(),
  fill: z.string(),
  /** Token id = position + 2 (0 = padding, 1 = out-of-vocabulary). */
  vocabulary: z.array(z.string()),
  maxLength: z.number().int().min(1),
  padding: z.enum(['pre', 'post']),
  truncation: z.enum(['pre', 'post']),
});
const FittedImage = z.object({ type: z.literal('image'), ...FittedScaled, shape: z.array(z.number().int().min(1)).min(1) });

const FittedColumn = z.discriminatedUnion('type', [FittedNumeric, FittedDatetime, FittedBoolean, FittedCategorical, FittedText, FittedImage]);

const FittedLabel = z.discriminatedUnion('task', [
  z.object({
    task: z.literal('classification'),
    column: Name,
    /** How raw values become class keys: booleans unify yes/true/1. */
    valueType: z.enum(['categorical', 'boolean']),
    encoding: z.enum(['index', 'onehot']),
    /** Class index = position. */
    classes: z.array(z.string()).min(2),
  }),
  z.object({ task: z.literal('regression'), column: Name }),
]);

/** Zod schema for fitted parameters, to validate what is read back from storage. */
export const FittedPreprocessingSchema = z.object({
  version: z.literal(1),
  spec: PreprocessingSpecSchema,
  columns: z.array(FittedColumn),
  label: FittedLabel.nullable(),
  /** Training rows used for fitting (after dropping rows with missing label / drop columns). */
  trainingRows: z.number().int().min(0),
});

export type FittedPreprocessing = z.output<typeof FittedPreprocessingSchema>;
export type FittedColumn = z.output<typeof FittedColumn>;
export type FittedLabel = z.output<typeof FittedLabel>;

/** Parses fitted parameters loaded from storage (throws `INVALID_SPEC`). */
export function parseFittedPreprocessing(input: unknown): FittedPreprocessing {
  const result = FittedPreprocessingSchema.safeParse(input);
  if (!result.success) throw new DatasetInputError('INVALID_SPEC', zodMessage(result.error, 'fitted preprocessing'), { cause: result.error });
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Reading cells (shared by fit and transform so both see the same "missing")

function readScalar(type: 'numeric' | 'datetime', v: CellValue | undefined): number | null {
  if (type === 'numeric') return parseNumber(v);
  const t = parseDatetime(v);
  return t === null ? null : t / 1000; // epoch seconds
}

function readImage(name: string, shape: readonly number[], v: CellValue | undefined): number[] | null {
  if (isMissing(v)) return null;
  const arr = parseNumericArray(v);
  const expected = shape.reduce((a, b) => a * b, 1);
  if (arr === null) {
    throw new DatasetInputError('INVALID_VALUE', `column "${name}": an image must be an array of numbers or a string of space-separated numbers`, { column: name });
  }
  if (arr.length !== expected) {
    throw new DatasetInputError('INVALID_VALUE', `column "${name}": expected ${expected} values for image shape [${shape.join(', ')}], got ${arr.length}`, { column: name });
  }
  return arr;
}

function labelKey(valueType: 'categorical' | 'boolean', v: CellValue | undefined): string | null {
  if (valueType === 'boolean') {
    const b = parseBoolean(v);
    return b === null ? null : String(b);
  }
  return categoryKey(v);
}

/** Deterministic, locale-independent order; numeric keys sort numerically. */
function sortKeys(keys: string[]): string[] {
  const nums = keys.map((k) => parseNumber(k));
  if (nums.every((n) => n !== null)) {
    return keys.map((k, i) => [k, nums[i]!] as const).sort((a, b) => a[1] - b[1] || cmp(a[0], b[0])).map(([k]) => k);
  }
  return [...keys].sort(cmp);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Fitting

const RESERVOIR = 100_000;
const MAX_TRACKED_CATEGORIES = 100_000;
const MAX_CLASSES = 10_000;

/** Bounded frequency counter: when over capacity, evicts the rarest keys (lossy counting). */
class FrequencyCounter {
  readonly counts = new Map<string, number>();
  private readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }
  add(key: string, n = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + n);
      return;
    }
    this.counts.set(key, n);
    if (this.counts.size > this.capacity) this.prune();
  }
  private prune(): void {
    // Drop everything at or below the median count; deterministic for a given input order.
    const sorted = [...this.counts.values()].sort((a, b) => a - b);
    const cut = sorted[Math.floor(sorted.length / 2)]!;
    for (const [k, c] of this.counts) if (c <= cut) this.counts.delete(k);
  }
  /** Top `n` keys by count, ties broken by key. */
  top(n: number): string[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
      .slice(0, n)
      .map(([k]) => k);
  }
}

class ScalarFitter {
  n = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  readonly sample: number[] = [];
  readonly modes = new FrequencyCounter(MAX_TRACKED_CATEGORIES);
  private readonly prng: Prng;
  // Only pay for a sample / value counts when the median / mode is actually needed.
  private readonly wantMedian: boolean;
  private readonly wantMode: boolean;
  constructor(prng: Prng, need: { median?: boolean; mode?: boolean } = {}) {
    this.prng = prng;
    this.wantMedian = need.median ?? false;
    this.wantMode = need.mode ?? false;
  }
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (this.wantMode) this.modes.add(String(x));
    if (!this.wantMedian) return;
    if (this.sample.length < RESERVOIR) this.sample.push(x);
    else {
      const j = this.prng.nextInt(this.n);
      if (j < RESERVOIR) this.sample[j] = x;
    }
  }
  median(): number {
    const s = [...this.sample].sort((a, b) => a - b);
    if (s.length === 0) return 0;
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  }
  mode(): number {
    const top = this.modes.top(1)[0];
    return top === undefined ? 0 : Number(top);
  }
  centerScale(scaling: 'none' | 'standardize' | 'minmax'): { center: number; scale: number } {
    if (this.n === 0 || scaling === 'none') return { center: 0, scale: 1 };
    if (scaling === 'standardize') {
      const std = Math.sqrt(this.m2 / this.n);
      return { center: this.mean, scale: std > 0 ? std : 1 }; // constant column -> all zeros, not NaN
    }
    const range = this.max - this.min;
    return { center: this.min, scale: range > 0 ? range : 1 };
  }
}

interface Fitter {
  add(v: CellValue | undefined): void;
  finish(): FittedColumn;
}

function makeFitter(col: ColumnSpec, prng: Prng): Fitter {
  switch (col.type) {
    case 'numeric':
    case 'datetime': {
      const f = new ScalarFitter(prng, { median: col.missing.strategy === 'median', mode: col.missing.strategy === 'mode' });
      return {
        add: (v) => {
          const x = readScalar(col.type, v);
          if (x !== null) f.add(x);
        },
        finish: () => {
          const m = col.missing;
          const fallback = f.n > 0 ? f.mean : 0;
          const fill =
            m.strategy === 'mean' || m.strategy === 'drop' ? fallback
              : m.strategy === 'median' ? f.median()
                : m.strategy === 'mode' ? f.mode()
                  : col.type === 'datetime' ? readScalar('datetime', m.value as string)!
                    : (m.value as number);
          return { type: col.type, name: col.name, dropMissing: m.strategy === 'drop', fill, ...f.centerScale(col.scaling) };
        },
      };
    }
    case 'boolean': {
      let t = 0;
      let fl = 0;
      return {
        add: (v) => {
          const b = parseBoolean(v);
          if (b === true) t++;
          else if (b === false) fl++;
        },
        finish: () => {
          const m = col.missing;
          const fill: 0 | 1 = m.strategy === 'constant' ? (m.value ? 1 : 0) : t > fl ? 1 : 0;
          return { type: 'boolean', name: col.name, dropMissing: m.strategy === 'drop', fill };
        },
      };
    }
    case 'categorical': {
      const counter = new FrequencyCounter(MAX_TRACKED_CATEGORIES);
      return {
        add: (v) => {
          const k = categoryKey(v);
          if (k !== null) counter.add(k);
        },
        finish: () => {
          const m = col.missing;
          const categories = [...counter.top(col.maxCategories)].sort(cmp);
          const fill = m.strategy === 'constant' ? categoryKey(m.value) : (counter.top(1)[0] ?? null);
          return { type: 'categorical', name: col.name, dropMissing: m.strategy === 'drop', fill, encoding: col.encoding, categories };
        },
      };
    }
    case 'text': {
      const tk = col.tokenize;
      const counter = new FrequencyCounter(Math.max(200_000, tk.vocabSize * 4));
      return {
        add: (v) => {
          const s = textOf(v);
          if (s !== null) for (const token of tokenize(s)) counter.add(token);
        },
        finish: () => {
          const m = col.missing;
          return {
            type: 'text',
            name: col.name,
            dropMissing: m.strategy === 'drop',
            fill: m.strategy === 'constant' ? m.value : '',
            vocabulary: counter.top(tk.vocabSize - 2),
            maxLength: tk.maxLength,
            padding: tk.padding,
            truncation: tk.truncation,
          };
        },
      };
    }
    case 'image': {
      const f = new ScalarFitter(prng);
      return {
        add: (v) => {
          const arr = readImage(col.name, col.shape, v);
          if (arr !== null) for (const x of arr) f.add(x);
        },
        finish: () => {
          const m = col.missing;
          return {
            type: 'image',
            name: col.name,
            dropMissing: m.strategy === 'drop',
            fill: m.strategy === 'constant' ? m.value : 0,
            shape: [...col.shape],
            ...f.centerScale(col.scaling),
          };
        },
      };
    }
  }
}

/** True when the cell counts as missing for this column's type (same rule in fit and transform). */
function cellMissing(col: ColumnSpec | FittedColumn, v: CellValue | undefined): boolean {
  switch (col.type) {
    case 'numeric':
    case 'datetime':
      return readScalar(col.type, v) === null;
    case 'boolean':
      return parseBoolean(v) === null;
    case 'categorical':
      return categoryKey(v) === null;
    case 'text':
      return textOf(v) === null;
    case 'image':
      return isMissing(v);
  }
}

/**
 * Fits the spec on the TRAINING rows (stream them; one pass, bounded memory). Rows the training
 * transform would drop (missing label, missing value in a `drop` column) are skipped here too, so
 * fitted statistics describe exactly the rows the model sees. Result is plain JSON.
 */
export async function fitPreprocessing(
  specInput: PreprocessingSpecInput | PreprocessingSpec,
  columns: readonly ColumnSchema[],
  trainingRows: AsyncIterable<Row> | Iterable<Row>,
): Promise<FittedPreprocessing> {
  const spec = parsePreprocessingSpec(specInput, columns);
  const active = spec.columns.filter((c) => !c.exclude && c.name !== spec.label?.column);
  const prng = createPrng(0x0f17);
  const fitters = active.map((c) => makeFitter(c, prng));
  const dropCols = active.filter((c) => c.missing.strategy === 'drop');

  const labelSpec = spec.label;
  const labelValueType: 'categorical' | 'boolean' =
    columns.find((c) => c.name === labelSpec?.column)?.type === 'boolean' ? 'boolean' : 'categorical';
  const classCounts = new Map<string, number>();
  let rows = 0;
  let index = 0;

  rowLoop: for await (const row of trainingRows) {
    index++;
    if (labelSpec) {
      const lv = row[labelSpec.column];
      if (labelSpec.task === 'regression') {
        if (parseNumber(lv) === null) continue;
      } else {
        const k = labelKey(labelValueType, lv);
        if (k === null) continue;
        if (!classCounts.has(k) && classCounts.size >= MAX_CLASSES) {
          throw new DatasetInputError('INVALID_LABEL', `label column "${labelSpec.column}" has more than ${MAX_CLASSES} classes`, { column: labelSpec.column });
        }
        classCounts.set(k, (classCounts.get(k) ?? 0) + 1);
      }
    }
    for (const c of dropCols) if (cellMissing(c, row[c.name])) continue rowLoop;
    rows++;
    try {
      for (let i = 0; i < active.length; i++) fitters[i]!.add(row[active[i]!.name]);
    } catch (err) {
      if (err instanceof DatasetInputError) {
        throw new DatasetInputError(err.code, `training row ${index}: ${err.message}`, { ...(err.column !== undefined && { column: err.column }), cause: err });
      }
      throw err;
    }
  }

  let label: FittedLabel | null = null;
  if (labelSpec) {
    if (labelSpec.task === 'regression') label = { task: 'regression', column: labelSpec.column };
    else {
      const classes = sortKeys([...classCounts.keys()]);
      if (classes.length < 2) {
        throw new DatasetInputError(
          'CONSTANT_COLUMN',
          `label column "${labelSpec.column}" has ${classes.length === 0 ? 'no values' : `only one class (${JSON.stringify(classes[0])})`} in the training split; a classifier needs at least two`,
          { column: labelSpec.column },
        );
      }
      label = { task: 'classification', column: labelSpec.column, valueType: labelValueType, encoding: labelSpec.encoding, classes };
    }
  }
  if (rows === 0) {
    throw new DatasetInputError('EMPTY_FILE', 'no training rows are left after dropping rows with missing values');
  }
  return { version: 1, spec, columns: fitters.map((f) => f.finish()), label, trainingRows: rows };
}

// ---------------------------------------------------------------------------------------------
// Transform

export type TransformMode = 'train' | 'serve';

export interface TransformedRow {
  /** Flat feature vector; reshape with {@link featureShape}. */
  features: number[];
  /** Class index / one-hot vector (classification) or the raw number (regression); train mode only. */
  label?: number | number[];
}

/** A fitted spec compiled for fast repeated use (lookup maps built once). */
export interface Transformer {
  readonly fitted: FittedPreprocessing;
  readonly featureCount: number;
  readonly featureShape: number[];
  readonly featureNames: string[];
  /**
   * `serve`: never drops; missing values (even in `drop` columns) are imputed, the label is ignored.
   * `train`: returns null for rows to skip (missing/unknown label, missing value in a `drop` column).
   */
  transform(row: Row, mode?: 'serve'): TransformedRow;
  transform(row: Row, mode: TransformMode): TransformedRow | null;
}

type Writer = (row: Row, out: number[], mode: TransformMode) => boolean;

function columnWidth(col: FittedColumn): number {
  switch (col.type) {
    case 'categorical': return col.encoding === 'onehot' ? col.categories.length : 1;
    case 'text': return col.maxLength;
    case 'image': return col.shape.reduce((a, b) => a * b, 1);
    default: return 1;
  }
}

function columnNames(col: FittedColumn): string[] {
  if (col.type === 'categorical' && col.encoding === 'onehot') return col.categories.map((c) => `${col.name}=${c}`);
  const width = columnWidth(col);
  return width === 1 && col.type !== 'text' && col.type !== 'image'
    ? [col.name]
    : Array.from({ length: width }, (_, i) => `${col.name}[${i}]`);
}

function makeWriter(col: FittedColumn): Writer {
  const drop = (mode: TransformMode) => col.dropMissing && mode === 'train';
  switch (col.type) {
    case 'numeric':
    case 'datetime': {
      const { center, scale, fill } = col;
      return (row, out, mode) => {
        let x = readScalar(col.type, row[col.name]);
        if (x === null) {
          if (drop(mode)) return false;
          x = fill;
        }
        out.push((x - center) / scale);
        return true;
      };
    }
    case 'boolean':
      return (row, out, mode) => {
        const b = parseBoolean(row[col.name]);
        if (b === null && drop(mode)) return false;
        out.push(b === null ? col.fill : b ? 1 : 0);
        return true;
      };
    case 'categorical': {
      const index = new Map(col.categories.map((c, i) => [c, i] as const));
      const width = col.categories.length;
      return (row, out, mode) => {
        let k = categoryKey(row[col.name]);
        if (k === null) {
          if (drop(mode)) return false;
          k = col.fill;
        }
        const i = k === null ? undefined : index.get(k);
        if (col.encoding === 'index') out.push(i === undefined ? 0 : i + 1);
        else for (let j = 0; j < width; j++) out.push(j === i ? 1 : 0);
        return true;
      };
    }
    case 'text': {
      const vocab = new Map(col.vocabulary.map((t, i) => [t, i + 2] as const));
      const { maxLength, padding, truncation } = col;
      return (row, out, mode) => {
        let s = textOf(row[col.name]);
        if (s === null) {
          if (drop(mode)) return false;
          s = col.fill;
        }
        let ids = tokenize(s).map((t) => vocab.get(t) ?? 1);
        if (ids.length > maxLength) ids = truncation === 'post' ? ids.slice(0, maxLength) : ids.slice(ids.length - maxLength);
        const pad = maxLength - ids.length;
        if (padding === 'pre') for (let j = 0; j < pad; j++) out.push(0);
        for (const id of ids) out.push(id);
        if (padding === 'post') for (let j = 0; j < pad; j++) out.push(0);
        return true;
      };
    }
    case 'image': {
      const { center, scale, fill, shape } = col;
      const size = shape.reduce((a, b) => a * b, 1);
      return (row, out, mode) => {
        const arr = readImage(col.name, shape, row[col.name]);
        if (arr === null) {
          if (drop(mode)) return false;
          const v = (fill - center) / scale;
          for (let j = 0; j < size; j++) out.push(v);
          return true;
        }
        for (const x of arr) out.push((x - center) / scale);
        return true;
      };
    }
  }
}

/** Compiles fitted parameters (validated first) into a reusable {@link Transformer}. */
export function createTransformer(fittedInput: FittedPreprocessing | unknown): Transformer {
  const fitted = parseFittedPreprocessing(fittedInput);
  const writers = fitted.columns.map(makeWriter);
  const featureNames = fitted.columns.flatMap(columnNames);
  const featureCount = featureNames.length;
  const only = fitted.columns.length === 1 ? fitted.columns[0]! : undefined;
  const featureShape = only?.type === 'text' ? [only.maxLength] : only?.type === 'image' ? [...only.shape] : [featureCount];

  const label = fitted.label;
  const classIndex = label?.task === 'classification' ? new Map(label.classes.map((c, i) => [c, i] as const)) : undefined;
  const readLabel = (row: Row): number | number[] | null => {
    if (!label) return null;
    const v = row[label.column];
    if (label.task === 'regression') return parseNumber(v);
    const k = labelKey(label.valueType, v);
    const i = k === null ? undefined : classIndex!.get(k);
    if (i === undefined) return null; // missing, or a class never seen in training
    if (label.encoding === 'index') return i;
    return label.classes.map((_, j) => (j === i ? 1 : 0));
  };

  function transform(row: Row, mode?: 'serve'): TransformedRow;
  function transform(row: Row, mode: TransformMode): TransformedRow | null;
  function transform(row: Row, mode: TransformMode = 'serve'): TransformedRow | null {
    const features: number[] = [];
    for (const write of writers) if (!write(row, features, mode)) return null;
    if (mode === 'serve' || !label) return { features };
    const y = readLabel(row);
    return y === null ? null : { features, label: y };
  }

  return { fitted, featureCount, featureShape, featureNames, transform };
}

const compiled = new WeakMap<object, Transformer>();

function transformerFor(fitted: FittedPreprocessing): Transformer {
  let t = compiled.get(fitted);
  if (!t) {
    t = createTransformer(fitted);
    compiled.set(fitted, t);
  }
  return t;
}

/**
 * Transforms one raw row with fitted parameters. Deterministic: the same fitted JSON and row give
 * the same numbers in training and serving. See {@link Transformer.transform} for modes.
 */
export function transformRow(fitted: FittedPreprocessing, row: Row, mode?: 'serve'): TransformedRow;
export function transformRow(fitted: FittedPreprocessing, row: Row, mode: TransformMode): TransformedRow | null;
export function transformRow(fitted: FittedPreprocessing, row: Row, mode: TransformMode = 'serve'): TransformedRow | null {
  return transformerFor(fitted).transform(row, mode);
}

/** Model input shape: [maxLength] for a lone text column, the image shape for a lone image column, else [featureCount]. */
/**
 * Token ids a model's embedding must cover: 0 padding, 1 out-of-vocabulary, then the vocabulary
 * (the largest over text columns); null without a text column.
 */
export function tokenVocabularySize(fitted: FittedPreprocessing): number | null {
  let size: number | null = null;
  for (const c of fitted.columns) if (c.type === 'text') size = Math.max(size ?? 0, c.vocabulary.length + 2);
  return size;
}

export function featureShape(fitted: FittedPreprocessing): number[] {
  return [...transformerFor(fitted).featureShape];
}

/** One name per output feature, e.g. `mpg`, `origin=USA`, `review[3]`. */
export function featureNames(fitted: FittedPreprocessing): string[] {
  return [...transformerFor(fitted).featureNames];
}

/** Class names in label-index order (classification), else null. */
export function labelClasses(fitted: FittedPreprocessing): string[] | null {
  return fitted.label?.task === 'classification' ? [...fitted.label.classes] : null;
}
