import { z } from 'zod';
import { Prisma, type ModelDefinition } from '@modelgraph/db';
import { featureShape, tokenVocabularySize, type FittedPreprocessing } from '@modelgraph/dataset-core';
import {
  ModelSpecError,
  parseModelSpec,
  resolveModelSpec,
  type DatasetShape,
  type ModelSpec,
  type ResolvedModel,
  type Task,
} from '@modelgraph/training-core';
import { AppError, conflict, notFound } from '../errors.ts';
import { parseInput } from './api-keys.ts';
import { isUuid, requireScope, type ServiceContext } from './context.ts';
import { getDatasetVersion, type DatasetVersionView } from './datasets/index.ts';
import { NEWEST_FIRST, afterCursorWhere, encodeCursor, pageSize, toConnection, type PageArgs } from './pagination.ts';

export const CreateModelInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200),
  datasetVersionId: z.string(),
  task: z.enum(['REGRESSION', 'BINARY', 'MULTICLASS']).nullish(),
  architecture: z.unknown(),
  loss: z.string().nullish(),
  optimizer: z.unknown().optional(),
  epochs: z.number().int().nullish(),
  batchSize: z.number().int().nullish(),
  earlyStopping: z.unknown().optional(),
  seed: z.number().int().nullish(),
});
export type CreateModelInput = z.input<typeof CreateModelInputSchema>;

/** What the dataset version's fitted preprocessing says about model inputs and outputs. */
export function datasetShapeOf(fitted: FittedPreprocessing, task?: Task | null): DatasetShape & { labels: string[] | null } {
  const label = fitted.label;
  if (!label) {
    throw new AppError('BAD_USER_INPUT', 'the dataset version has no label column; set one with updateColumnTypes before defining a model', {
      field: 'datasetVersionId',
    });
  }
  const classes = label.task === 'classification' ? label.classes : null;
  const defaultTask: Task = label.task === 'regression' ? 'REGRESSION' : classes!.length === 2 ? 'BINARY' : 'MULTICLASS';
  const chosen = task ?? defaultTask;
  if ((chosen === 'REGRESSION') !== (label.task === 'regression')) {
    throw new AppError('BAD_USER_INPUT', `task ${chosen} does not fit the label "${label.column}", which is ${label.task}`, { field: 'task' });
  }
  if (chosen === 'BINARY' && classes!.length !== 2) {
    throw new AppError('BAD_USER_INPUT', `task BINARY needs exactly 2 classes; label "${label.column}" has ${classes!.length}`, { field: 'task' });
  }
  const vocabSize = tokenVocabularySize(fitted);
  return {
    featureShape: featureShape(fitted),
    task: chosen,
    ...(classes ? { numClasses: classes.length } : {}),
    ...(vocabSize !== null ? { vocabSize } : {}),
    labels: classes,
  };
}

function specIssueError(error: ModelSpecError): AppError {
  return new AppError('BAD_USER_INPUT', error.path && !error.message.startsWith(error.path) ? `${error.path}: ${error.message}` : error.message, {
    reason: 'INVALID_MODEL_SPEC',
    path: error.path,
    issues: error.issues,
  });
}

/** Validates a definition against its dataset version; returns the stored spec and the resolved model. */
function validateDefinition(input: z.output<typeof CreateModelInputSchema>, version: DatasetVersionView) {
  const shape = datasetShapeOf(version.fitted, input.task ?? null);
  const raw = {
    task: shape.task,
    architecture: input.architecture,
    ...(input.loss != null ? { loss: input.loss } : {}),
    ...(input.optimizer != null ? { optimizer: input.optimizer } : {}),
    ...(input.epochs != null ? { epochs: input.epochs } : {}),
    ...(input.batchSize != null ? { batchSize: input.batchSize } : {}),
    ...(input.earlyStopping != null ? { earlyStopping: input.earlyStopping } : {}),
    ...(input.seed != null ? { seed: input.seed } : {}),
  };
  const spec: ModelSpec = parseModelSpec(raw);
  const resolved = resolveModelSpec(spec, shape);
  return { spec, resolved, shape };
}

export async function validateModel(ctx: ServiceContext, rawInput: CreateModelInput) {
  requireScope(ctx, 'READ');
  const input = parseInput(CreateModelInputSchema, rawInput);
  const version = await getDatasetVersion(ctx, input.datasetVersionId);
  try {
    const { resolved } = validateDefinition(input, version);
    return { valid: true, errors: [], layers: layersOf(resolved) };
  } catch (error) {
    if (error instanceof ModelSpecError) return { valid: false, errors: error.issues, layers: [] };
    if (error instanceof AppError) return { valid: false, errors: [{ path: String(error.extensions.field ?? ''), message: error.message }], layers: [] };
    throw error;
  }
}

export async function createModel(ctx: ServiceContext, rawInput: CreateModelInput): Promise<ModelDefinition> {
  const actor = requireScope(ctx, 'WRITE');
  const input = parseInput(CreateModelInputSchema, rawInput);
  const version = await getDatasetVersion(ctx, input.datasetVersionId);
  let validated;
  try {
    validated = validateDefinition(input, version);
  } catch (error) {
    if (error instanceof ModelSpecError) throw specIssueError(error);
    throw error;
  }
  try {
    return await ctx.db.modelDefinition.create({
      data: {
        tenantId: actor.tenantId,
        name: input.name,
        datasetVersionId: version.id,
        task: validated.shape.task,
        spec: validated.spec as unknown as Prisma.InputJsonValue,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict(`a model named ${JSON.stringify(input.name)} already exists`, { field: 'name' });
    }
    throw error;
  }
}

export async function getModel(ctx: ServiceContext, id: string): Promise<ModelDefinition> {
  const actor = requireScope(ctx, 'READ');
  const model = isUuid(id) ? await ctx.db.modelDefinition.findFirst({ where: { id, tenantId: actor.tenantId } }) : null;
  if (!model) throw notFound('Model', id);
  return model;
}

export async function loadModels(ctx: ServiceContext, ids: readonly string[]) {
  const actor = requireScope(ctx, 'READ');
  const rows = await ctx.db.modelDefinition.findMany({ where: { tenantId: actor.tenantId, id: { in: ids.filter(isUuid) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listModels(ctx: ServiceContext, args: PageArgs) {
  const actor = requireScope(ctx, 'READ');
  const size = pageSize(args.first);
  const rows = await ctx.db.modelDefinition.findMany({
    where: { tenantId: actor.tenantId, ...afterCursorWhere(args.after) },
    orderBy: NEWEST_FIRST,
    take: size + 1,
  });
  return toConnection(rows, size, Boolean(args.after), encodeCursor);
}

/** The stored spec, re-validated (zod) on the way out of the database, resolved against its dataset. */
export async function resolvedModelOf(ctx: ServiceContext, model: ModelDefinition): Promise<ResolvedModel | null> {
  if (!model.datasetVersionId) return null;
  const version = await getDatasetVersion(ctx, model.datasetVersionId);
  const spec = parseModelSpec(model.spec);
  return resolveModelSpec(spec, datasetShapeOf(version.fitted, model.task));
}

export function layersOf(resolved: ResolvedModel) {
  return resolved.layers.map((layer, i) => {
    const shape = resolved.shapes[i];
    const { type, ...config } = layer as { type: string } & Record<string, unknown>;
    return {
      name: shape?.layer ?? `layers[${i}] ${type}`,
      type,
      outputShape: shape?.outputShape ?? [],
      params: shape?.params ?? 0,
      config,
    };
  });
}

export async function listModelVersions(ctx: ServiceContext, modelId: string, args: PageArgs) {
  const actor = requireScope(ctx, 'READ');
  const size = pageSize(args.first);
  const rows = await ctx.db.modelVersion.findMany({
    where: { tenantId: actor.tenantId, modelDefinitionId: modelId, ...afterCursorWhere(args.after) },
    orderBy: NEWEST_FIRST,
    take: size + 1,
  });
  return toConnection(rows, size, Boolean(args.after), encodeCursor);
}
