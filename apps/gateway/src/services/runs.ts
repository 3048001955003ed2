import { z } from 'zod';
import type { Run, RunEpoch } from '@modelgraph/db';
import { RUN_EVENTS_CHANNEL, runEventPayload, type RunEvent, type RunStatusName } from '@modelgraph/jobs';
import { compareMetrics, type Evaluation } from '@modelgraph/training-core';
import { AppError, badInput, notFound } from '../errors.ts';
import { isUuid, requireScope, type ServiceContext } from './context.ts';
import { afterCursorWhere, encodeCursor, pageSize, toConnection, type PageArgs } from './pagination.ts';

export const TERMINAL_STATUSES: ReadonlySet<RunStatusName> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Stored evaluation: the test-split metrics plus what they refer to. Validated when read back. */
export const StoredEvaluationSchema = z
  .object({
    task: z.enum(['REGRESSION', 'BINARY', 'MULTICLASS']),
    labels: z.array(z.string()).nullish(),
    count: z.number(),
    mse: z.number().optional(),
    mae: z.number().optional(),
    r2: z.number().optional(),
    accuracy: z.number().optional(),
    macroF1: z.number().optional(),
    rocAuc: z.number().optional(),
    perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })).optional(),
    confusionMatrix: z.array(z.array(z.number())).optional(),
  })
  .passthrough();
export type StoredEvaluation = z.infer<typeof StoredEvaluationSchema>;

export function parseEvaluation(json: unknown): StoredEvaluation | null {
  if (json === null || json === undefined) return null;
  return StoredEvaluationSchema.parse(json);
}

export async function publishRunEvent(ctx: Pick<ServiceContext, 'db'>, event: RunEvent): Promise<void> {
  await ctx.db.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${runEventPayload(event)})`;
}

async function findRun(ctx: ServiceContext, tenantId: string, id: string): Promise<Run> {
  const run = isUuid(id) ? await ctx.db.run.findFirst({ where: { id, tenantId } }) : null;
  if (!run) throw notFound('Run', id);
  return run;
}

export async function getRun(ctx: ServiceContext, id: string): Promise<Run> {
  const actor = requireScope(ctx, 'READ');
  return findRun(ctx, actor.tenantId, id);
}

export async function startRun(ctx: ServiceContext, modelId: string): Promise<Run> {
  const actor = requireScope(ctx, 'TRAIN');
  const model = isUuid(modelId) ? await ctx.db.modelDefinition.findFirst({ where: { id: modelId, tenantId: actor.tenantId } }) : null;
  if (!model) throw notFound('Model', modelId);
  if (model.source !== 'TRAINED' || !model.datasetVersionId) {
    throw badInput(`model ${JSON.stringify(model.name)} was imported and cannot be trained`, { field: 'modelId' });
  }
  const [run] = await ctx.db.$transaction([
    ctx.db.run.create({ data: { tenantId: actor.tenantId, modelDefinitionId: model.id } }),
    ctx.db.usageRecord.create({
      data: { tenantId: actor.tenantId, apiKeyId: actor.apiKeyId, modelDefinitionId: model.id, kind: 'TRAINING_RUN', units: 1 },
    }),
  ]);
  try {
    await ctx.platform.jobs.enqueueTraining({ runId: run.id, tenantId: actor.tenantId });
  } catch (error) {
    ctx.logger.error({ err: error, runId: run.id }, 'could not queue a training run');
    await ctx.db.run.updateMany({
      where: { id: run.id, tenantId: actor.tenantId },
      data: { status: 'FAILED', error: 'the run could not be queued', finishedAt: new Date() },
    });
    throw new AppError('SERVICE_UNAVAILABLE', 'The training queue is unavailable; try again shortly');
  }
  await publishRunEvent(ctx, { tenantId: actor.tenantId, runId: run.id, type: 'status', status: 'QUEUED' });
  ctx.logger.info({ tenantId: actor.tenantId, runId: run.id, modelId: model.id }, 'run queued');
  return run;
}

/** Cancels a queued run at once; asks a running one to stop (the worker checks within an epoch). Idempotent. */
export async function cancelRun(ctx: ServiceContext, runId: string): Promise<Run> {
  const actor = requireScope(ctx, 'TRAIN');
  const run = await findRun(ctx, actor.tenantId, runId);
  if (TERMINAL_STATUSES.has(run.status)) return run;
  const now = new Date();
  const queued = await ctx.db.run.updateMany({
    where: { id: run.id, tenantId: actor.tenantId, status: 'QUEUED' },
    data: { status: 'CANCELLED', cancelRequested: true, finishedAt: now, log: `${run.log}${now.toISOString()} cancelled before it started\n` },
  });
  if (queued.count === 0) {
    await ctx.db.run.updateMany({ where: { id: run.id, tenantId: actor.tenantId, status: 'RUNNING' }, data: { cancelRequested: true } });
  } else {
    await publishRunEvent(ctx, { tenantId: actor.tenantId, runId: run.id, type: 'status', status: 'CANCELLED' });
  }
  return findRun(ctx, actor.tenantId, run.id);
}

export async function listRuns(ctx: ServiceContext, args: PageArgs & { modelId?: string | null; status?: RunStatusName | null }) {
  const actor = requireScope(ctx, 'READ');
  const size = pageSize(args.first);
  if (args.modelId && !isUuid(args.modelId)) throw notFound('Model', args.modelId);
  const rows = await ctx.db.run.findMany({
    where: {
      tenantId: actor.tenantId,
      ...(args.modelId ? { modelDefinitionId: args.modelId } : {}),
      ...(args.status ? { status: args.status } : {}),
      ...afterCursorWhere(args.after, 'queuedAt'),
    },
    orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
    take: size + 1,
  });
  // Filtering by another tenant's model (or one that does not exist) is NOT_FOUND, not an empty
  // page; checked only when the page is empty, so listing a model's runs costs no extra query.
  if (rows.length === 0 && args.modelId) {
    const model = await ctx.db.modelDefinition.findFirst({ where: { id: args.modelId, tenantId: actor.tenantId }, select: { id: true } });
    if (!model) throw notFound('Model', args.modelId);
  }
  return toConnection(rows, size, Boolean(args.after), (r) => encodeCursor({ createdAt: r.queuedAt, id: r.id }));
}

export async function runEpochs(ctx: ServiceContext, run: Run, afterEpoch = 0): Promise<RunEpoch[]> {
  const actor = requireScope(ctx, 'READ');
  return ctx.db.runEpoch.findMany({ where: { tenantId: actor.tenantId, runId: run.id, epoch: { gt: afterEpoch } }, orderBy: { epoch: 'asc' } });
}

export async function compareRuns(ctx: ServiceContext, ids: readonly string[]) {
  const actor = requireScope(ctx, 'READ');
  if (ids.length === 0 || ids.length > 20) throw badInput('compare between 1 and 20 runs', { field: 'ids' });
  const rows = await ctx.db.run.findMany({ where: { tenantId: actor.tenantId, id: { in: ids.filter(isUuid) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const runs = ids.map((id) => {
    const run = byId.get(id);
    if (!run) throw notFound('Run', id);
    return run;
  });
  const evaluated = runs.flatMap((r) => {
    const evaluation = parseEvaluation(r.evaluation);
    return evaluation ? [{ id: r.id, evaluation: evaluation as unknown as Evaluation }] : [];
  });
  const comparison = compareMetrics(evaluated);
  // Line values up with every requested run, including those without an evaluation yet.
  const position = new Map(comparison.runIds.map((id, i) => [id, i]));
  return {
    runs,
    rows: comparison.rows.map((row) => ({
      metric: row.metric,
      bestRunId: row.bestRunId,
      values: runs.map((r) => {
        const i = position.get(r.id);
        return i === undefined ? null : row.values[i] ?? null;
      }),
    })),
  };
}

export interface RunProgressEvent {
  kind: 'EPOCH' | 'STATUS';
  run: Run;
  epoch: RunEpoch | null;
}

/**
 * A run's progress as an async stream. The database is the source of truth: notifications (from any
 * worker, through Postgres) only wake the stream up, and a periodic re-read covers any notification
 * lost while the listener reconnects. Ends after the run reaches a final state.
 */
export async function* runProgress(
  ctx: ServiceContext,
  runId: string,
  afterEpoch: number | null | undefined,
  opts: { pollMs?: number; signal?: AbortSignal } = {},
): AsyncGenerator<RunProgressEvent> {
  const actor = requireScope(ctx, 'READ');
  const first = await findRun(ctx, actor.tenantId, runId);
  let wake: (() => void) | null = null;
  let pending = false;
  const unsubscribe = ctx.platform.runEvents.subscribe(first.id, () => {
    pending = true;
    wake?.();
  });
  try {
    let lastEpoch = Math.max(0, afterEpoch ?? 0);
    // Status and attempt: a run retried on another worker goes RUNNING → QUEUED → RUNNING, possibly
    // between two reads; its new attempt is still a change the subscriber must hear about.
    let lastState: string | null = null;
    for (;;) {
      pending = false;
      const epochs = await ctx.db.runEpoch.findMany({
        where: { tenantId: actor.tenantId, runId: first.id, epoch: { gt: lastEpoch } },
        orderBy: { epoch: 'asc' },
      });
      const run = await findRun(ctx, actor.tenantId, first.id);
      for (const epoch of epochs) {
        lastEpoch = epoch.epoch;
        yield { kind: 'EPOCH', run, epoch };
      }
      const state = `${run.status}#${run.attempt}`;
      if (state !== lastState) {
        lastState = state;
        yield { kind: 'STATUS', run, epoch: null };
      }
      if (TERMINAL_STATUSES.has(run.status)) return;
      if (opts.signal?.aborted) return;
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, opts.pollMs ?? 5_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  } finally {
    unsubscribe();
  }
}

