// Streaming ingest of one dataset version: store (encrypted, hashed) and infer the schema in one
// pass over the upload, then split and fit preprocessing in a second pass over the stored file.
// Nothing is committed to the database until every step has succeeded; on failure the stored file
// is deleted, so nothing half-written stays behind.
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DatasetInputError,
  SchemaAccumulator,
  applyTypeOverrides,
  assignSplits,
  categoryKey,
  createDecryptStream,
  createEncryptStream,
  createHashingPassThrough,
  defaultPreprocessingSpec,
  deriveTenantKey,
  encodeSplits,
  fitPreprocessing,
  parsePreprocessingSpec,
  parseNumber,
  parseRecords,
  schemaWarnings,
  splitCounts,
  validateLabel,
  validateSplitFractions,
  type ColumnSchema,
  type ColumnType,
  type DataFormat,
  type FittedPreprocessing,
  type Row,
  type SchemaWarning,
} from '@modelgraph/dataset-core';
import type { ArtifactStore } from '@modelgraph/artifact-store';

export interface SplitOptions {
  train: number;
  validation: number;
  test: number;
  seed: number;
  stratify?: boolean | null;
}

export interface IngestOptions {
  format: DataFormat;
  labelColumn?: string | null;
  columnTypes?: Record<string, ColumnType>;
  split?: SplitOptions | null;
  preprocessing?: unknown;
  maxBytes: number;
}

export const DEFAULT_SPLIT: SplitOptions = { train: 0.8, validation: 0.1, test: 0.1, seed: 42 };
const HISTOGRAM_BINS = 20;

/** Stored in DatasetVersion.split. */
export interface StoredSplit {
  seed: number;
  stratified: boolean;
  fractions: { train: number; validation: number; test: number };
  counts: { train: number; validation: number; test: number };
  /** Packed per-row assignment (0 train, 1 validation, 2 test), see dataset-core encodeSplits. */
  assignment: string;
}

export interface Histogram {
  start: number;
  end: number;
  count: number;
}

/** Stored in DatasetVersion.columns. */
export interface StoredColumns {
  columns: ColumnSchema[];
  warnings: SchemaWarning[];
  histograms: Record<string, Histogram[]>;
}

export interface IngestResult {
  versionId: string;
  storageKey: string;
  sha256: string;
  byteSize: number;
  rowCount: number;
  columns: StoredColumns;
  labelColumn: string | null;
  split: StoredSplit;
  fitted: FittedPreprocessing;
}

export function rawStorageKey(tenantId: string, datasetId: string, versionId: string): string {
  return `tenants/${tenantId}/datasets/${datasetId}/${versionId}/raw.enc`;
}

/** Refuses input past `limit` bytes with a typed error, before any more is stored. */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      callback(new DatasetInputError('TOO_LARGE', `the file is larger than the limit of ${this.limit} bytes`));
      return;
    }
    callback(null, chunk);
  }
}

/** Reads the stored file back as plaintext records. */
export async function* readStoredRecords(
  store: ArtifactStore,
  masterKey: Buffer,
  tenantId: string,
  storageKey: string,
  format: DataFormat,
) {
  const encrypted = await store.get(storageKey);
  const plain = encrypted.pipe(createDecryptStream(deriveTenantKey(masterKey, tenantId)));
  encrypted.on('error', (error) => plain.destroy(error));
  try {
    yield* parseRecords(plain, { format, maxBytes: Number.MAX_SAFE_INTEGER });
  } finally {
    encrypted.destroy();
    plain.destroy();
  }
}

/** Pass 1: upload → (limit, hash) → tee → [encrypt → store] and [parse → schema stats, label keys]. */
async function storeAndInfer(
  store: ArtifactStore,
  key: Buffer,
  storageKey: string,
  source: Readable,
  opts: IngestOptions,
) {
  const limiter = new ByteLimit(opts.maxBytes);
  const hasher = createHashingPassThrough();
  const toStore = new PassThrough();
  const toParse = new PassThrough();
  const fail = (error: Error) => {
    toStore.destroy(error);
    toParse.destroy(error);
  };
  source.on('error', fail);
  limiter.on('error', fail);
  hasher.on('error', fail);
  source.pipe(limiter).pipe(hasher);
  hasher.pipe(toStore);
  hasher.pipe(toParse);

  const storing = (async () => {
    const encrypt = createEncryptStream(key);
    // Both settle either way: pipeline destroys `encrypt` on failure, which fails the write too.
    const [piped, written] = await Promise.allSettled([pipeline(toStore, encrypt), store.put(storageKey, encrypt)]);
    // The store's own error (e.g. STORAGE_FULL) explains more than the stream error it caused upstream.
    if (written.status === 'rejected') throw written.reason;
    if (piped.status === 'rejected') throw piped.reason;
  })();
  storing.catch((error: Error) => toParse.destroy(error));

  const labelKeys: (string | null)[] = [];
  const parsing = (async () => {
    const accumulator = new SchemaAccumulator();
    for await (const record of parseRecords(toParse, { format: opts.format, maxBytes: opts.maxBytes })) {
      accumulator.add(record.values, record.line);
      if (opts.labelColumn) labelKeys.push(categoryKey(record.values[opts.labelColumn] ?? null));
    }
    return accumulator.finish();
  })();
  parsing.catch((error: Error) => fail(error));

  const [stored, parsed] = await Promise.allSettled([storing, parsing]);
  // A typed input error explains the failure better than the stream errors it caused downstream.
  const errors = [parsed, stored].flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  const inputError = errors.find((e) => e instanceof DatasetInputError);
  if (inputError || errors[0]) throw inputError ?? errors[0];
  if (parsed.status !== 'fulfilled') throw new Error('unreachable');
  return { schema: parsed.value, labelKeys, sha256: hasher.digest(), byteSize: hasher.bytes };
}

function histogramsFor(columns: ColumnSchema[]) {
  const bins = new Map<string, { min: number; width: number; counts: number[] }>();
  for (const column of columns) {
    const numeric = column.stats.numeric;
    if (column.type !== 'numeric' || !numeric || numeric.count === 0) continue;
    const width = numeric.max > numeric.min ? (numeric.max - numeric.min) / HISTOGRAM_BINS : 1;
    bins.set(column.name, { min: numeric.min, width, counts: new Array(HISTOGRAM_BINS).fill(0) });
  }
  return {
    add(row: Row) {
      for (const [name, h] of bins) {
        const value = parseNumber(row[name]);
        if (value === null) continue;
        const index = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((value - h.min) / h.width)));
        h.counts[index] = (h.counts[index] ?? 0) + 1;
      }
    },
    finish(): Record<string, Histogram[]> {
      return Object.fromEntries(
        [...bins].map(([name, h]) => [
          name,
          h.counts.map((count, i) => ({ start: h.min + i * h.width, end: h.min + (i + 1) * h.width, count })),
        ]),
      );
    },
  };
}

/**
 * Validates the label and overrides, splits and fits preprocessing on the training rows of an
 * already stored file. Shared by ingest and updateColumnTypes.
 */
export async function analyseStoredVersion(args: {
  store: ArtifactStore;
  masterKey: Buffer;
  tenantId: string;
  storageKey: string;
  format: DataFormat;
  inferredColumns: ColumnSchema[];
  rowCount: number;
  labelColumn: string | null;
  columnTypes: Record<string, ColumnType>;
  split: SplitOptions;
  preprocessing: unknown;
  /** Label category keys per row, if pass 1 already collected them. */
  labelKeys?: (string | null)[];
}) {
  const columns = applyTypeOverrides(args.inferredColumns, args.columnTypes);
  const label = args.labelColumn ? validateLabel(columns, args.labelColumn) : null;
  const fractions = validateSplitFractions({ train: args.split.train, validation: args.split.validation, test: args.split.test });
  const stratified = Boolean(label && label.task === 'classification' && args.split.stratify !== false);

  let labelKeys = args.labelKeys;
  if (stratified && !labelKeys) {
    labelKeys = [];
    for await (const record of readStoredRecords(args.store, args.masterKey, args.tenantId, args.storageKey, args.format)) {
      labelKeys.push(categoryKey(record.values[args.labelColumn!] ?? null));
    }
  }
  const assignment = assignSplits({
    rowCount: args.rowCount,
    fractions,
    seed: args.split.seed,
    ...(stratified && labelKeys ? { stratifyBy: labelKeys } : {}),
  });

  const spec =
    args.preprocessing === undefined || args.preprocessing === null
      ? defaultPreprocessingSpec(columns, label?.column ?? null)
      : parsePreprocessingSpec(args.preprocessing, columns);

  const histograms = histogramsFor(columns);
  const records = readStoredRecords(args.store, args.masterKey, args.tenantId, args.storageKey, args.format);
  async function* trainingRows() {
    let index = 0;
    for await (const record of records) {
      histograms.add(record.values);
      if (assignment[index] === 0) yield record.values;
      index += 1;
    }
  }
  const fitted = await fitPreprocessing(spec, columns, trainingRows());

  const split: StoredSplit = {
    seed: args.split.seed,
    stratified,
    fractions,
    counts: splitCounts(assignment),
    assignment: encodeSplits(assignment),
  };
  return {
    columns: { columns, warnings: schemaWarnings(columns, label?.column), histograms: histograms.finish() },
    labelColumn: label?.column ?? null,
    split,
    fitted,
  };
}

export async function ingestDatasetVersion(args: {
  store: ArtifactStore;
  masterKey: Buffer;
  tenantId: string;
  datasetId: string;
  source: Readable;
  options: IngestOptions;
}): Promise<IngestResult> {
  const versionId = randomUUID();
  const storageKey = rawStorageKey(args.tenantId, args.datasetId, versionId);
  const key = deriveTenantKey(args.masterKey, args.tenantId);
  try {
    const pass1 = await storeAndInfer(args.store, key, storageKey, args.source, args.options);
    if (pass1.schema.rowCount === 0) throw new DatasetInputError('EMPTY_FILE', 'the file has no data rows');
    const analysed = await analyseStoredVersion({
      store: args.store,
      masterKey: args.masterKey,
      tenantId: args.tenantId,
      storageKey,
      format: args.options.format,
      inferredColumns: pass1.schema.columns,
      rowCount: pass1.schema.rowCount,
      labelColumn: args.options.labelColumn ?? null,
      columnTypes: args.options.columnTypes ?? {},
      split: args.options.split ?? DEFAULT_SPLIT,
      preprocessing: args.options.preprocessing,
      labelKeys: args.options.labelColumn ? pass1.labelKeys : undefined,
    });
    return {
      versionId,
      storageKey,
      sha256: pass1.sha256,
      byteSize: pass1.byteSize,
      rowCount: pass1.schema.rowCount,
      ...analysed,
    };
  } catch (error) {
    await args.store.delete(storageKey).catch(() => undefined);
    throw error;
  }
}
