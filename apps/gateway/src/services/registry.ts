import { z } from 'zod';
import { Prisma, type ModelAlias, type ModelDefinition, type ModelVersion } from '@modelgraph/db';
import { AppError, badInput, notFound } from '../errors.ts';
import { parseInput } from './api-keys.ts';
import { isUuid, requireScope, type ServiceContext } from './context.ts';
import { parseEvaluation } from './runs.ts';

export const GateSchema = z.object({
  metric: z.string().trim().min(1).max(100),
  op: z.enum(['GTE', 'GT', 'LTE', 'LT']),
  value: z.number().finite(),
});
export type Gate = z.infer<typeof GateSchema>;

export const BatchingSchema = z.object({
  maxBatchSize: z.number().int().min(1, 'maxBatchSize must be at least 1').max(4096, 'maxBatchSize must be at most 4096'),
  maxQueueDelayMs: z.number().min(0, 'maxQueueDelayMs must not be negative').max(1000, 'maxQueueDelayMs must be at most 1000'),
});
export type Batching = z.infer<typeof BatchingSchema>;
// No added wait by default: an idle runner starts at once (same-tick calls still coalesce), and calls
// arriving while a batch runs fill the next one, so batches grow with load on their own. Batches of
// up to 32 keep ONNX runs cheap per row while responses go out in smaller, steadier bursts (p99).
export const DEFAULT_BATCHING: Batching = { maxBatchSize: 32, maxQueueDelayMs: 0 };

export function batchingOf(model: ModelDefinition): Batching {
  const parsed = BatchingSchema.safeParse(model.batching);
  return parsed.success ? parsed.data : DEFAULT_BATCHING;
}

export function gateOf(alias: ModelAlias): Gate | null {
  if (alias.gate === null) return null;
  return GateSchema.parse(alias.gate);
}

const ALIAS_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

const SetAliasSchema = z.object({
  modelId: z.string(),
  name: z.string().regex(ALIAS_NAME, 'alias names are 1-63 letters, digits, "-" or "_", starting with a letter or digit'),
  version: z.number().int().min(1),
  gate: GateSchema.nullish(),
});

/** The metric a gate reads, from a version's stored evaluation (also per class: `f1[cat]`). */
export function metricValue(version: ModelVersion, metric: string): number | null {
  const evaluation = parseEvaluation(version.evaluation);
  if (!evaluation) return null;
  const perClass = /^(precision|recall|f1)\[(.+)\]$/.exec(metric);
  if (perClass) {
    const row = evaluation.perClass?.find((c) => c.label === perClass[2]);
    return row ? (row[perClass[1] as 'precision' | 'recall' | 'f1'] ?? null) : null;
  }
  const value = (evaluation as Record<string, unknown>)[metric];
  return typeof value === 'number' ? value : null;
}

function passes(actual: number, gate: Gate): boolean {
  switch (gate.op) {
    case 'GTE':
      return actual >= gate.value;
    case 'GT':
      return actual > gate.value;
    case 'LTE':
      return actual <= gate.value;
    case 'LT':
      return actual < gate.value;
  }
}

const OP_TEXT: Record<Gate['op'], string> = { GTE: '≥', GT: '>', LTE: '≤', LT: '<' };

export function checkGate(version: ModelVersion, gate: Gate, aliasName: string): void {
  const actual = metricValue(version, gate.metric);
  if (actual === null || !passes(actual, gate)) {
    throw new AppError(
      'GATE_FAILED',
      actual === null
        ? `version ${version.version} has no "${gate.metric}" metric, which the "${aliasName}" gate requires (${gate.metric} ${OP_TEXT[gate.op]} ${gate.value})`
        : `version ${version.version} has ${gate.metric} = ${actual}, but the "${aliasName}" gate requires ${gate.metric} ${OP_TEXT[gate.op]} ${gate.value}`,
      { metric: gate.metric, actual, required: gate.value, op: gate.op, version: version.version },
    );
  }
}

async function ownModel(ctx: ServiceContext, tenantId: string, modelId: string): Promise<ModelDefinition> {
  const model = isUuid(modelId) ? await ctx.db.modelDefinition.findFirst({ where: { id: modelId, tenantId } }) : null;
  if (!model) throw notFound('Model', modelId);
  return model;
}

/** Points an alias at a version. The gate (the new one if given, else the alias's current one) must hold. */
export async function setAlias(ctx: ServiceContext, raw: z.input<typeof SetAliasSchema>): Promise<ModelAlias> {
  const actor = requireScope(ctx, 'WRITE');
  const input = parseInput(SetAliasSchema, raw);
  const model = await ownModel(ctx, actor.tenantId, input.modelId);
  const version = await ctx.db.modelVersion.findFirst({ where: { tenantId: actor.tenantId, modelDefinitionId: model.id, version: input.version } });
  if (!version) throw notFound('ModelVersion', `${model.name}@${input.version}`);
  if (!version.onnxStorageKey) {
    throw badInput(`version ${version.version} has no ONNX artifact to serve`, { field: 'version' });
  }
  const existing = await ctx.db.modelAlias.findFirst({ where: { tenantId: actor.tenantId, modelDefinitionId: model.id, name: input.name } });
  const gate = input.gate === undefined ? (existing ? gateOf(existing) : null) : input.gate;
  if (gate) checkGate(version, gate, input.name);
  const gateJson = gate === null ? Prisma.DbNull : (gate as Prisma.InputJsonValue);
  const alias = await ctx.db.modelAlias.upsert({
    where: { modelDefinitionId_name: { modelDefinitionId: model.id, name: input.name } },
    create: { tenantId: actor.tenantId, modelDefinitionId: model.id, name: input.name, modelVersionId: version.id, gate: gateJson },
    update: { modelVersionId: version.id, gate: gateJson },
  });
  ctx.platform.inference?.aliasMoved(actor.tenantId, model.id);
  ctx.logger.info({ tenantId: actor.tenantId, modelId: model.id, alias: input.name, version: version.version }, 'alias set');
  return alias;
}

export async function deleteAlias(ctx: ServiceContext, modelId: string, name: string): Promise<string> {
  const actor = requireScope(ctx, 'WRITE');
  const model = await ownModel(ctx, actor.tenantId, modelId);
  const { count } = await ctx.db.modelAlias.deleteMany({ where: { tenantId: actor.tenantId, modelDefinitionId: model.id, name } });
  if (count === 0) throw notFound('ModelAlias', name);
  ctx.platform.inference?.aliasMoved(actor.tenantId, model.id);
  return name;
}

export async function listAliases(ctx: ServiceContext, modelId: string): Promise<ModelAlias[]> {
  const actor = requireScope(ctx, 'READ');
  return ctx.db.modelAlias.findMany({ where: { tenantId: actor.tenantId, modelDefinitionId: modelId }, orderBy: { name: 'asc' } });
}

export async function aliasNamesOf(ctx: ServiceContext, versionId: string): Promise<string[]> {
  const actor = requireScope(ctx, 'READ');
  const rows = await ctx.db.modelAlias.findMany({ where: { tenantId: actor.tenantId, modelVersionId: versionId }, select: { name: true }, orderBy: { name: 'asc' } });
  return rows.map((r) => r.name);
}

export async function getModelVersionById(ctx: ServiceContext, id: string): Promise<ModelVersion> {
  const actor = requireScope(ctx, 'READ');
  const version = await ctx.db.modelVersion.findFirst({ where: { id, tenantId: actor.tenantId } });
  if (!version) throw notFound('ModelVersion', id);
  return version;
}

export async function updateBatching(ctx: ServiceContext, raw: { modelId: string; maxBatchSize: number; maxQueueDelayMs: number }) {
  const actor = requireScope(ctx, 'WRITE');
  const batching = parseInput(BatchingSchema, { maxBatchSize: raw.maxBatchSize, maxQueueDelayMs: raw.maxQueueDelayMs });
  const model = await ownModel(ctx, actor.tenantId, raw.modelId);
  const updated = await ctx.db.modelDefinition.update({ where: { id: model.id, tenantId: actor.tenantId }, data: { batching } });
  ctx.platform.inference?.aliasMoved(actor.tenantId, model.id);
  return updated;
}
