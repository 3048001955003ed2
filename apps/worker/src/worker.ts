// The training worker: takes runs from the queue, trains them with tfjs, streams every epoch to
// the database (and, through NOTIFY, to every gateway), evaluates on the test split and registers
// the model version. A lease (heartbeat) makes a run whose worker died retried or failed, never
// stuck in RUNNING, and the unique run → version link means a retried run never yields two versions.
import { randomUUID } from 'node:crypto';
import type { ArtifactStore } from '@modelgraph/artifact-store';
import { featureNames, parseFittedPreprocessing, tokenVocabularySize, type DataFormat } from '@modelgraph/dataset-core';
import type { LayersModelLike } from '@modelgraph/onnx-export';
import { Prisma, type PrismaClient } from '@modelgraph/db';
import { RUN_EVENTS_CHANNEL, TRAINING_QUEUE, runEventPayload, type JobQueue, type RunEvent, type TrainingJob } from '@modelgraph/jobs';
import {
  ModelSpecError,
  RunCancelledError,
  TrainingFailedError,
  evaluateModel,
  parseModelSpec,
  resolveModelSpec,
  selectBackend,
  serializeModel,
  trainModel,
  type SelectBackendOptions,
} from '@modelgraph/training-core';
import { z } from 'zod';
import { loadTrainingData } from './dataset.ts';
import { exportModelVersion } from './export.ts';

export interface WorkerOptions {
  db: PrismaClient;
  store: ArtifactStore;
  masterKey: Buffer;
  jobs: JobQueue;
  log: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
  workerId?: string;
  /** A RUNNING run whose heartbeat is older than this is taken back. Default 30 s. */
  leaseMs?: number;
  heartbeatMs?: number;
  /** Attempts before a run whose worker keeps dying is failed. Default 3. */
  maxAttempts?: number;
  backend?: SelectBackendOptions;
}

const SplitSchema = z.object({ assignment: z.string() });

class LeaseLostError extends Error {}
class VersionRaceError extends Error {}
type ExportedVersion = ReturnType<typeof exportModelVersion>;

export function createTrainingWorker(opts: WorkerOptions) {
  const { db, log } = opts;
  const workerId = opts.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(500, Math.floor(leaseMs / 5));
  const maxAttempts = opts.maxAttempts ?? 3;
  let reaper: NodeJS.Timeout | null = null;
  let busy = false;
  let stopping = false;

  const notify = (event: RunEvent) =>
    db.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${runEventPayload(event)})`.catch((error: unknown) =>
      log('warn', 'could not publish a run event', { err: String(error) }),
    );

  const appendLog = (runId: string, line: string) =>
    db.$executeRaw`UPDATE "Run" SET "log" = "log" || ${`${new Date().toISOString()} ${line}\n`} WHERE "id" = ${runId}::uuid`.catch(() => undefined);

  async function finish(job: TrainingJob, status: 'FAILED' | 'CANCELLED', error: string | null) {
    const { count } = await db.run.updateMany({
      where: { id: job.runId, tenantId: job.tenantId, status: 'RUNNING', workerId },
      data: { status, error, finishedAt: new Date(), heartbeatAt: null },
    });
    if (count > 0) {
      await appendLog(job.runId, status === 'FAILED' ? `failed: ${error}` : 'cancelled');
      await notify({ tenantId: job.tenantId, runId: job.runId, type: 'status', status });
    }
  }

  async function processRun(job: TrainingJob): Promise<void> {
    // Claim the run; a cancelled or already claimed run is skipped.
    const claimed = await db.run.updateMany({
      where: { id: job.runId, tenantId: job.tenantId, status: 'QUEUED' },
      data: { status: 'RUNNING', workerId, heartbeatAt: new Date(), attempt: { increment: 1 }, startedAt: new Date(), error: null },
    });
    if (claimed.count === 0) {
      log('info', 'run is no longer queued; skipping', { runId: job.runId });
      return;
    }
    // A retried run starts over: epochs of an earlier, interrupted attempt are replaced.
    await db.runEpoch.deleteMany({ where: { runId: job.runId, tenantId: job.tenantId } });
    await notify({ tenantId: job.tenantId, runId: job.runId, type: 'status', status: 'RUNNING' });

    let leaseLost = false;
    let cancelRequested = false;
    const heartbeat = setInterval(() => {
      db.run
        .updateMany({ where: { id: job.runId, workerId, status: 'RUNNING' }, data: { heartbeatAt: new Date() } })
        .then(({ count }) => {
          if (count === 0) leaseLost = true;
        })
        .catch((error: unknown) => log('warn', 'heartbeat failed', { err: String(error), runId: job.runId }));
    }, heartbeatMs);
    let lastCancelCheck = 0;
    const shouldStop = async () => {
      if (leaseLost || stopping) return true;
      if (Date.now() - lastCancelCheck >= 500) {
        lastCancelCheck = Date.now();
        const row = await db.run.findFirst({ where: { id: job.runId, tenantId: job.tenantId }, select: { cancelRequested: true } });
        cancelRequested = row?.cancelRequested ?? true;
      }
      return cancelRequested;
    };

    try {
      const run = await db.run.findFirstOrThrow({
        where: { id: job.runId, tenantId: job.tenantId },
        include: { modelDefinition: { include: { datasetVersion: true } } },
      });
      const model = run.modelDefinition;
      const version = model.datasetVersion;
      if (!version) throw new TrainingFailedError('the model has no dataset version to train on', { kind: 'INVALID_DATA' });
      const fitted = parseFittedPreprocessing(version.fittedParams);
      const spec = parseModelSpec(model.spec);
      const classes = fitted.label?.task === 'classification' ? fitted.label.classes : undefined;
      const vocabSize = tokenVocabularySize(fitted);

      await appendLog(job.runId, `attempt ${run.attempt} on ${workerId}: loading dataset version ${version.version} (${version.rowCount} rows)`);
      const data = await loadTrainingData({
        store: opts.store,
        masterKey: opts.masterKey,
        tenantId: job.tenantId,
        storageKey: version.storageKey,
        format: version.format as DataFormat,
        fitted,
        split: SplitSchema.parse(version.split),
        rowCount: version.rowCount,
      });
      if (data.train.n === 0) throw new TrainingFailedError('the training split has no usable rows', { kind: 'INVALID_DATA' });
      const resolved = resolveModelSpec(spec, {
        featureShape: data.featureShape,
        task: model.task,
        ...(classes ? { numClasses: classes.length } : {}),
        ...(vocabSize !== null ? { vocabSize } : {}),
      });
      const backend = await selectBackend(resolved, opts.backend);
      await db.run.updateMany({ where: { id: job.runId, workerId }, data: { backend: backend.name } });
      await appendLog(
        job.runId,
        `training on backend ${backend.name} (${backend.reason}): ${data.train.n} train / ${data.validation.n} validation / ${data.test.n} test rows`,
      );
      log('info', 'training', { runId: job.runId, backend: backend.name, rows: data.train.n });

      const result = await trainModel({
        tf: backend.tf,
        resolved,
        featureShape: data.featureShape,
        data: { train: data.train, ...(data.validation.n > 0 ? { validation: data.validation } : {}) },
        shouldStop,
        onEpoch: async (epoch) => {
          await db.runEpoch.create({
            data: {
              tenantId: job.tenantId,
              runId: job.runId,
              epoch: epoch.epoch,
              loss: epoch.loss,
              valLoss: epoch.valLoss ?? null,
              metrics: epoch.metrics,
              durationMs: Math.round(epoch.durationMs),
            },
          });
          await notify({ tenantId: job.tenantId, runId: job.runId, type: 'epoch', epoch: epoch.epoch });
        },
        log: (line) => void appendLog(job.runId, line),
      });
      if (leaseLost) throw new LeaseLostError('lease lost');

      try {
        const evalSplit = data.test.n > 0 ? data.test : data.validation.n > 0 ? data.validation : data.train;
        const evaluation = {
          task: model.task,
          labels: classes ?? null,
          split: data.test.n > 0 ? 'test' : data.validation.n > 0 ? 'validation' : 'train',
          ...evaluateModel(backend.tf, result.model, resolved, evalSplit, classes),
        };
        const artifacts = await serializeModel(result.model);
        const prefix = `tenants/${job.tenantId}/models/${model.id}/runs/${job.runId}`;
        await opts.store.put(`${prefix}/tfjs/weights.bin`, artifacts.weights);
        await opts.store.put(`${prefix}/tfjs/model.json`, Buffer.from(JSON.stringify(artifacts.modelJson)));

        await registerVersion(job, model.id, prefix, evaluation, result.epochsRun, result.stoppedEarly, (modelVersion) => {
          try {
            return exportModelVersion({
              model: result.model as unknown as LayersModelLike,
              task: model.task,
              fitted,
              featureShape: data.featureShape,
              featureNames: featureNames(fitted),
              ...(classes ? { labels: classes } : {}),
              modelVersion,
              metadata: { modelgraph_model_id: model.id, modelgraph_run_id: job.runId, modelgraph_model_name: model.name },
            });
          } catch (error) {
            // The version still holds the tfjs weights; predict explains that it has no ONNX file.
            void appendLog(job.runId, `ONNX export failed: ${error instanceof Error ? error.message : String(error)}`);
            log('warn', 'ONNX export failed', { runId: job.runId, err: String(error) });
            return null;
          }
        });
      } finally {
        result.model.dispose();
      }
    } catch (error) {
      if (error instanceof RunCancelledError) {
        if (leaseLost) return log('warn', 'lost the lease on a run; another worker has it', { runId: job.runId });
        if (stopping && !cancelRequested) return requeueOwn(job, 'the worker is shutting down');
        await finish(job, 'CANCELLED', null);
      } else if (error instanceof LeaseLostError) {
        log('warn', 'lost the lease on a run; another worker has it', { runId: job.runId });
      } else if (error instanceof TrainingFailedError || error instanceof ModelSpecError) {
        await finish(job, 'FAILED', error.message);
      } else {
        log('error', 'run failed unexpectedly', { runId: job.runId, err: error instanceof Error ? error.stack : String(error) });
        await finish(job, 'FAILED', `internal error: ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Creates the model version (with its ONNX artifact) and marks the run succeeded, atomically and
   * only while we hold the lease. The ONNX metadata names the version number, so the file is
   * exported for the number we expect and re-exported if a concurrent run took it first.
   */
  async function registerVersion(
    job: TrainingJob,
    modelId: string,
    prefix: string,
    evaluation: Record<string, unknown>,
    epochsRun: number,
    stoppedEarly: boolean,
    exportOnnx: (modelVersion: number) => ExportedVersion | null,
  ) {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const last = await db.modelVersion.findFirst({ where: { modelDefinitionId: modelId }, orderBy: { version: 'desc' }, select: { version: true } });
      const version = (last?.version ?? 0) + 1;
      const onnx = exportOnnx(version);
      const onnxKey = `${prefix}/model.onnx`;
      if (onnx) await opts.store.put(onnxKey, onnx.bytes);
      try {
        const outcome = await db.$transaction(async (tx) => {
          const still = await tx.run.updateMany({
            where: { id: job.runId, tenantId: job.tenantId, status: 'RUNNING', workerId },
            data: { status: 'SUCCEEDED', evaluation: evaluation as Prisma.InputJsonValue, finishedAt: new Date(), heartbeatAt: null },
          });
          if (still.count === 0) return 'lost' as const;
          const current = await tx.modelVersion.findFirst({ where: { modelDefinitionId: modelId }, orderBy: { version: 'desc' }, select: { version: true } });
          if ((current?.version ?? 0) + 1 !== version) throw new VersionRaceError();
          await tx.modelVersion.create({
            data: {
              tenantId: job.tenantId,
              modelDefinitionId: modelId,
              version,
              runId: job.runId,
              tfjsStorageKey: `${prefix}/tfjs`,
              evaluation: evaluation as Prisma.InputJsonValue,
              ...(onnx
                ? {
                    onnxStorageKey: onnxKey,
                    onnxSha256: onnx.sha256,
                    onnxSizeBytes: BigInt(onnx.bytes.byteLength),
                    signature: onnx.signature as unknown as Prisma.InputJsonValue,
                  }
                : {}),
            },
          });
          return 'registered' as const;
        });
        if (outcome === 'lost') return log('warn', 'run was taken over before it could be registered', { runId: job.runId });
        await appendLog(job.runId, `succeeded after ${epochsRun} epochs${stoppedEarly ? ' (early stopping)' : ''}; model version ${version}${onnx ? ` (ONNX ${onnx.bytes.byteLength} bytes)` : ''}`);
        await notify({ tenantId: job.tenantId, runId: job.runId, type: 'status', status: 'SUCCEEDED' });
        return;
      } catch (error) {
        // Two runs of one model finishing at once race for the next version number: try the next one.
        if (error instanceof VersionRaceError) continue;
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && !String(error.meta?.target ?? '').includes('runId')) continue;
        throw error;
      }
    }
    throw new Error('could not allocate a model version number');
  }

  async function requeueOwn(job: TrainingJob, why: string) {
    const { count } = await db.run.updateMany({
      where: { id: job.runId, workerId, status: 'RUNNING' },
      data: { status: 'QUEUED', workerId: null, heartbeatAt: null },
    });
    if (count > 0) {
      await appendLog(job.runId, `requeued: ${why}`);
      await opts.jobs.enqueueTraining(job);
      await notify({ tenantId: job.tenantId, runId: job.runId, type: 'status', status: 'QUEUED' });
    }
  }

  /** Takes back runs whose worker stopped heartbeating: requeued, or failed after maxAttempts. */
  async function reapExpiredLeases() {
    const expired = await db.run.findMany({
      where: { status: 'RUNNING', heartbeatAt: { lt: new Date(Date.now() - leaseMs) } },
      select: { id: true, tenantId: true, attempt: true, workerId: true },
      take: 50,
    });
    for (const run of expired) {
      const giveUp = run.attempt >= maxAttempts;
      const { count } = await db.run.updateMany({
        where: { id: run.id, status: 'RUNNING', workerId: run.workerId, heartbeatAt: { lt: new Date(Date.now() - leaseMs) } },
        data: giveUp
          ? { status: 'FAILED', error: `the worker running this run stopped responding ${run.attempt} times`, finishedAt: new Date(), heartbeatAt: null }
          : { status: 'QUEUED', workerId: null, heartbeatAt: null },
      });
      if (count === 0) continue; // another worker's reaper got there first
      await appendLog(run.id, `worker ${run.workerId} stopped responding; ${giveUp ? 'giving up' : 'requeued'}`);
      log('warn', giveUp ? 'failing a run whose workers keep dying' : 'requeueing a run whose worker died', { runId: run.id });
      if (!giveUp) await opts.jobs.enqueueTraining({ runId: run.id, tenantId: run.tenantId });
      await notify({ tenantId: run.tenantId, runId: run.id, type: 'status', status: giveUp ? 'FAILED' : 'QUEUED' });
    }
  }

  return {
    workerId,
    async start() {
      await opts.jobs.boss.work<TrainingJob>(TRAINING_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) {
          busy = true;
          try {
            await processRun(job.data);
          } finally {
            busy = false;
          }
        }
      });
      const reap = () =>
        reapExpiredLeases().catch((error: unknown) => log('warn', 'lease reaper failed', { err: String(error) }));
      reaper = setInterval(reap, Math.max(250, Math.floor(leaseMs / 3)));
      void reap();
      log('info', 'training worker started', { workerId, leaseMs });
    },
    /** Stops taking jobs; a run in progress is handed back to the queue for another worker. */
    async stop() {
      stopping = true;
      if (reaper) clearInterval(reaper);
      await opts.jobs.boss.offWork(TRAINING_QUEUE).catch(() => undefined);
      const deadline = Date.now() + 20_000;
      while (busy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
