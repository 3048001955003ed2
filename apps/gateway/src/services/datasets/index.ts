import { Readable } from 'node:stream';
import { z } from 'zod';
import { Prisma, type Dataset, type DatasetVersion } from '@modelgraph/db';
import {
  COLUMN_TYPES,
  DatasetInputError,
  featureNames,
  featureShape,
  labelClasses,
  parseFittedPreprocessing,
  type ColumnType,
  type DataFormat,
  type FittedPreprocessing,
} from '@modelgraph/dataset-core';
import { AppError, badInput, conflict, notFound } from '../../errors.ts';
import { parseInput } from '../api-keys.ts';
import { isUuid, requireScope, type ServiceContext } from '../context.ts';
import { NEWEST_FIRST, afterCursorWhere, encodeCursor, pageSize, toConnection, type PageArgs } from '../pagination.ts';
import {
  DEFAULT_SPLIT,
  analyseStoredVersion,
  ingestDatasetVersion,
  readStoredRecords,
  type IngestResult,
  type SplitOptions,
  type StoredColumns,
  type StoredSplit,
} from './ingest.ts';

// ---------------------------------------------------------------- validation of stored JSON

const StoredSplitSchema = z.object({
  seed: z.number().int(),
  stratified: z.boolean(),
  fractions: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  counts: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
  assignment: z.string(),
});

const StoredColumnsSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.enum(COLUMN_TYPES), inferredType: z.enum(COLUMN_TYPES), stats: z.any() })),
  warnings: z.array(z.object({ code: z.string(), column: z.string().optional(), message: z.string() }).passthrough()),
  histograms: z.record(z.string(), z.array(z.object({ start: z.number(), end: z.number(), count: z.number() }))),
});

/** A dataset version with its JSON columns validated (zod) on the way out of the database. */
export interface DatasetVersionView extends Omit<DatasetVersion, 'columns' | 'split' | 'fittedParams'> {
  columnsInfo: StoredColumns;
  splitInfo: StoredSplit;
  fitted: FittedPreprocessing;
}

export function toVersionView(row: DatasetVersion): DatasetVersionView {
  const { columns, split, fittedParams, ...rest } = row;
  return {
    ...rest,
    columnsInfo: StoredColumnsSchema.parse(columns) as StoredColumns,
    splitInfo: StoredSplitSchema.parse(split),
    fitted: parseFittedPreprocessing(fittedParams),
  };
}

// ---------------------------------------------------------------- errors

/** Maps dataset-core's typed input errors to BAD_USER_INPUT naming the line or column. */
export function toUserError(error: unknown): unknown {
  if (error instanceof DatasetInputError) {
    const status = error.code === 'TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'BAD_USER_INPUT';
    return new AppError(status, error.message, {
      reason: error.code,
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.column !== undefined ? { column: error.column } : {}),
    });
  }
  if (error && typeof error === 'object' && 'code' in error && (error as { code: unknown }).code === 'STORAGE_FULL') {
    return new AppError('SERVICE_UNAVAILABLE', 'Artifact storage is full; the upload was not kept. Try again later.', { reason: 'STORAGE_FULL' });
  }
  return error;
}

// ---------------------------------------------------------------- datasets

const CreateDatasetSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters'),
  description: z.string().max(5000).nullish(),
});

export async function createDataset(ctx: ServiceContext, raw: z.input<typeof CreateDatasetSchema>): Promise<Dataset> {
  const actor = requireScope(ctx, 'WRITE');
  const input = parseInput(CreateDatasetSchema, raw);
  try {
    return await ctx.db.dataset.create({
      data: { tenantId: actor.tenantId, name: input.name, description: input.description ?? null },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict(`a dataset named ${JSON.stringify(input.name)} already exists`, { field: 'name' });
    }
    throw error;
  }
}

export async function getDataset(ctx: ServiceContext, id: string): Promise<Dataset> {
  const actor = requireScope(ctx, 'READ');
  const dataset = isUuid(id) ? await ctx.db.dataset.findFirst({ where: { id, tenantId: actor.tenantId } }) : null;
  if (!dataset) throw notFound('Dataset', id);
  return dataset;
}

/** Batch loader body: datasets by id, for the caller's tenant only. */
export async function loadDatasets(ctx: ServiceContext, ids: readonly string[]): Promise<(Dataset | null)[]> {
  const actor = requireScope(ctx, 'READ');
  const rows = await ctx.db.dataset.findMany({ where: { tenantId: actor.tenantId, id: { in: ids.filter(isUuid) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listDatasets(ctx: ServiceContext, args: PageArgs) {
  const actor = requireScope(ctx, 'READ');
  const size = pageSize(args.first);
  const rows = await ctx.db.dataset.findMany({
    where: { tenantId: actor.tenantId, ...afterCursorWhere(args.after) },
    orderBy: NEWEST_FIRST,
    take: size + 1,
  });
  return toConnection(rows, size, Boolean(args.after), encodeCursor);
}

export async function deleteDataset(ctx: ServiceContext, id: string): Promise<string> {
  const actor = requireScope(ctx, 'WRITE');
  const dataset = await getDataset(ctx, id);
  const dependent = await ctx.db.modelVersion.findFirst({
    where: { tenantId: actor.tenantId, modelDefinition: { datasetVersion: { datasetId: dataset.id } } },
    include: { modelDefinition: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  if (dependent) {
    throw conflict(
      `dataset ${JSON.stringify(dataset.name)} is used by model ${JSON.stringify(dependent.modelDefinition.name)} version ${dependent.version}; delete or retrain that model first`,
      { reason: 'DATASET_IN_USE', modelDefinitionId: dependent.modelDefinitionId, modelVersion: dependent.version },
    );
  }
  await ctx.db.$transaction([
    ctx.db.modelDefinition.deleteMany({ where: { tenantId: actor.tenantId, datasetVersion: { datasetId: dataset.id } } }),
    ctx.db.dataset.deleteMany({ where: { id: dataset.id, tenantId: actor.tenantId } }),
  ]);
  await ctx.platform.store
    .deletePrefix(`tenants/${actor.tenantId}/datasets/${dataset.id}`)
    .catch((error: unknown) => ctx.logger.warn({ err: error, datasetId: dataset.id }, 'could not delete dataset files'));
  ctx.logger.info({ tenantId: actor.tenantId, datasetId: dataset.id }, 'dataset deleted');
  return dataset.id;
}

// ---------------------------------------------------------------- versions

const COLUMN_TYPE_BY_GRAPHQL: Record<string, ColumnType> = Object.fromEntries(COLUMN_TYPES.map((t) => [t.toUpperCase(), t]));

const SplitSchema = z
  .object({
    train: z.number().min(0).max(1),
    validation: z.number().min(0).max(1),
    test: z.number().min(0).max(1),
    seed: z.number().int().nullish().transform((v) => v ?? DEFAULT_SPLIT.seed),
    stratify: z.boolean().nullish(),
  })
  .nullish();

export const VersionOptionsSchema = z.object({
  format: z.enum(['CSV', 'JSON', 'JSONL']),
  labelColumn: z.string().trim().min(1).nullish(),
  columnTypes: z
    .array(z.object({ column: z.string(), type: z.string() }))
    .nullish()
    .transform((list, ctx) => {
      const out: Record<string, ColumnType> = {};
      for (const { column, type } of list ?? []) {
        const mapped = COLUMN_TYPE_BY_GRAPHQL[type.toUpperCase()];
        if (!mapped) {
          ctx.addIssue({ code: 'custom', message: `unknown column type ${JSON.stringify(type)}`, path: [column] });
          return z.NEVER;
        }
        out[column] = mapped;
      }
      return out;
    }),
  split: SplitSchema,
  preprocessing: z.unknown().optional(),
});
export type VersionOptionsInput = z.input<typeof VersionOptionsSchema>;

async function insertVersion(ctx: ServiceContext, tenantId: string, datasetId: string, format: DataFormat, result: IngestResult) {
  // Version numbers are per dataset; a concurrent insert of the same number loses on the unique
  // index and simply takes the next one.
  for (let attempt = 0; ; attempt += 1) {
    const last = await ctx.db.datasetVersion.findFirst({
      where: { tenantId, datasetId },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    try {
      const [row] = await ctx.db.$transaction([
        ctx.db.datasetVersion.create({
          data: {
            id: result.versionId,
            tenantId,
            datasetId,
            version: (last?.version ?? 0) + 1,
            format,
            rowCount: result.rowCount,
            byteSize: BigInt(result.byteSize),
            sha256: result.sha256,
            storageKey: result.storageKey,
            columns: result.columns as unknown as Prisma.InputJsonValue,
            labelColumn: result.labelColumn,
            preprocessing: result.fitted.spec as unknown as Prisma.InputJsonValue,
            fittedParams: result.fitted as unknown as Prisma.InputJsonValue,
            split: result.split as unknown as Prisma.InputJsonValue,
          },
        }),
        ctx.db.dataset.updateMany({ where: { id: datasetId, tenantId }, data: { updatedAt: new Date() } }),
        ctx.db.usageRecord.create({
          data: { tenantId, apiKeyId: ctx.actor.kind === 'tenant' ? ctx.actor.apiKeyId : null, kind: 'DATASET_UPLOAD', units: result.byteSize },
        }),
      ]);
      return row;
    } catch (error) {
      if (attempt < 5 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue;
      throw error;
    }
  }
}

/** Creates a version from a byte stream (inline GraphQL content or the streaming upload endpoint). */
export async function createDatasetVersion(
  ctx: ServiceContext,
  datasetId: string,
  source: Readable,
  rawOptions: VersionOptionsInput,
  maxBytes = ctx.platform.maxUploadBytes,
): Promise<DatasetVersionView> {
  const actor = requireScope(ctx, 'WRITE');
  const options = parseInput(VersionOptionsSchema, rawOptions);
  await getDataset(ctx, datasetId);
  let result: IngestResult;
  try {
    result = await ingestDatasetVersion({
      store: ctx.platform.store,
      masterKey: ctx.platform.masterKey,
      tenantId: actor.tenantId,
      datasetId,
      source,
      options: {
        format: options.format,
        labelColumn: options.labelColumn ?? null,
        columnTypes: options.columnTypes,
        split: options.split ? (options.split as SplitOptions) : null,
        preprocessing: options.preprocessing,
        maxBytes,
      },
    });
  } catch (error) {
    throw toUserError(error);
  }
  try {
    const row = await insertVersion(ctx, actor.tenantId, datasetId, options.format, result);
    ctx.logger.info({ tenantId: actor.tenantId, datasetId, versionId: row.id, rows: row.rowCount }, 'dataset version created');
    return toVersionView(row);
  } catch (error) {
    await ctx.platform.store.delete(result.storageKey).catch(() => undefined);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') throw notFound('Dataset', datasetId);
    throw error;
  }
}

export function createDatasetVersionFromText(
  ctx: ServiceContext,
  input: { datasetId: string; content: string } & VersionOptionsInput,
) {
  const { datasetId, content, ...options } = input;
  return createDatasetVersion(ctx, datasetId, Readable.from([Buffer.from(content, 'utf8')]), options);
}

export async function getDatasetVersion(ctx: ServiceContext, id: string): Promise<DatasetVersionView> {
  const actor = requireScope(ctx, 'READ');
  const row = isUuid(id) ? await ctx.db.datasetVersion.findFirst({ where: { id, tenantId: actor.tenantId } }) : null;
  if (!row) throw notFound('DatasetVersion', id);
  return toVersionView(row);
}

export async function listDatasetVersions(ctx: ServiceContext, datasetId: string, args: PageArgs) {
  const actor = requireScope(ctx, 'READ');
  const size = pageSize(args.first);
  const rows = await ctx.db.datasetVersion.findMany({
    where: { tenantId: actor.tenantId, datasetId, ...afterCursorWhere(args.after) },
    orderBy: NEWEST_FIRST,
    take: size + 1,
  });
  return toConnection(rows.map(toVersionView), size, Boolean(args.after), encodeCursor);
}

export async function latestDatasetVersion(ctx: ServiceContext, datasetId: string): Promise<DatasetVersionView | null> {
  const actor = requireScope(ctx, 'READ');
  const row = await ctx.db.datasetVersion.findFirst({
    where: { tenantId: actor.tenantId, datasetId },
    orderBy: { version: 'desc' },
  });
  return row ? toVersionView(row) : null;
}

const UpdateColumnTypesSchema = z.object({
  datasetVersionId: z.string(),
  columnTypes: VersionOptionsSchema.shape.columnTypes,
  labelColumn: z.string().trim().min(1).nullish(),
});

/**
 * Re-types columns (and optionally the label) of a version: the raw data stays as uploaded; split
 * and fitted preprocessing are recomputed. Refused once a model is defined on the version, since
 * that model's inputs were derived from the old types.
 */
export async function updateColumnTypes(ctx: ServiceContext, raw: z.input<typeof UpdateColumnTypesSchema>) {
  const actor = requireScope(ctx, 'WRITE');
  const input = parseInput(UpdateColumnTypesSchema, raw);
  const version = await getDatasetVersion(ctx, input.datasetVersionId);
  const user = await ctx.db.modelDefinition.findFirst({
    where: { tenantId: actor.tenantId, datasetVersionId: version.id },
    select: { name: true },
  });
  if (user) {
    throw conflict(`dataset version ${version.version} is used by model ${JSON.stringify(user.name)}; upload a new version instead`, {
      reason: 'VERSION_IN_USE',
    });
  }
  const previous = version.columnsInfo.columns;
  const merged: Record<string, ColumnType> = Object.fromEntries(previous.filter((c) => c.type !== c.inferredType).map((c) => [c.name, c.type]));
  Object.assign(merged, input.columnTypes);
  const labelColumn = input.labelColumn === undefined ? version.labelColumn : input.labelColumn;
  let analysed;
  try {
    analysed = await analyseStoredVersion({
      store: ctx.platform.store,
      masterKey: ctx.platform.masterKey,
      tenantId: actor.tenantId,
      storageKey: version.storageKey,
      format: version.format,
      inferredColumns: previous.map((c) => ({ ...c, type: c.inferredType })),
      rowCount: version.rowCount,
      labelColumn: labelColumn ?? null,
      columnTypes: merged,
      split: { ...version.splitInfo.fractions, seed: version.splitInfo.seed, stratify: version.splitInfo.stratified || undefined },
      // The stored spec names the old types; re-derive defaults for the new ones.
      preprocessing: undefined,
    });
  } catch (error) {
    throw toUserError(error);
  }
  const row = await ctx.db.datasetVersion.update({
    where: { id: version.id, tenantId: actor.tenantId },
    data: {
      columns: analysed.columns as unknown as Prisma.InputJsonValue,
      labelColumn: analysed.labelColumn,
      preprocessing: analysed.fitted.spec as unknown as Prisma.InputJsonValue,
      fittedParams: analysed.fitted as unknown as Prisma.InputJsonValue,
      split: analysed.split as unknown as Prisma.InputJsonValue,
    },
  });
  return toVersionView(row);
}

const PreviewCursorSchema = z.number().int().min(0);

/** Rows as uploaded, read back from the (encrypted) stored file; cursor = row offset. */
export async function previewRows(ctx: ServiceContext, version: DatasetVersionView, args: PageArgs) {
  const actor = requireScope(ctx, 'READ');
  const size = pageSize(args.first);
  let offset = 0;
  if (args.after) {
    try {
      offset = PreviewCursorSchema.parse(JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'))) + 1;
    } catch {
      throw badInput('`after` is not a cursor returned by this API', { argument: 'after' });
    }
  }
  const rows: { index: number; values: Record<string, unknown> }[] = [];
  let index = 0;
  for await (const record of readStoredRecords(ctx.platform.store, ctx.platform.masterKey, actor.tenantId, version.storageKey, version.format)) {
    if (index >= offset) rows.push({ index, values: record.values });
    index += 1;
    if (rows.length > size) break;
  }
  const cursorOf = (row: { index: number }) => Buffer.from(JSON.stringify(row.index)).toString('base64url');
  const connection = toConnection(
    rows.map((r) => ({ ...r, id: String(r.index) })),
    size,
    offset > 0,
    cursorOf,
  );
  return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.values })) };
}

export function versionFeatureShape(version: DatasetVersionView): number[] {
  return featureShape(version.fitted);
}
export function versionFeatureNames(version: DatasetVersionView): string[] {
  return featureNames(version.fitted);
}
export function versionLabelClasses(version: DatasetVersionView): string[] | null {
  return labelClasses(version.fitted);
}
