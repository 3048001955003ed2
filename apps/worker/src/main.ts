// A training worker process: `node --import tsx apps/worker/src/main.ts`. Start as many as you
// like, on any machine that reaches the database (DATABASE_URL) and the artifact store.
import path from 'node:path';
import { createArtifactStoreFromEnv } from '@modelgraph/artifact-store';
import { loadMasterKey } from '@modelgraph/artifact-store/master-key';
import { createPrismaClient, startDatabase, REPO_ROOT } from '@modelgraph/db';
import { createJobQueue } from '@modelgraph/jobs';
import { pino } from 'pino';
import { createTrainingWorker } from './worker.ts';

async function main() {
  const dataDir = process.env.MODELGRAPH_DATA_DIR || path.join(REPO_ROOT, '.data');
  const logger = pino({
    level: process.env.LOG_LEVEL || 'info',
    base: { service: 'modelgraph-worker', worker: process.env.MODELGRAPH_WORKER_NAME },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const log = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => logger[level](extra ?? {}, msg);
  // Without DATABASE_URL this attaches to the embedded Postgres of the same data folder.
  const database = await startDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, 'postgres') });
  const db = createPrismaClient(database.url);
  const jobs = await createJobQueue(database.url, { log });
  const leaseMs = Number(process.env.MODELGRAPH_RUN_LEASE_MS) || undefined;
  const worker = createTrainingWorker({
    db,
    store: createArtifactStoreFromEnv(process.env, process.env.MODELGRAPH_ARTIFACTS_DIR || path.join(dataDir, 'artifacts')),
    masterKey: loadMasterKey(process.env.MODELGRAPH_MASTER_KEY || undefined, dataDir),
    jobs,
    log,
    workerId: process.env.MODELGRAPH_WORKER_NAME ? `${process.env.MODELGRAPH_WORKER_NAME}-${process.pid}` : undefined,
    leaseMs,
    backend: process.env.MODELGRAPH_TRAINING_BACKEND === 'cpu' || process.env.MODELGRAPH_TRAINING_BACKEND === 'wasm'
      ? { force: process.env.MODELGRAPH_TRAINING_BACKEND }
      : undefined,
  });
  await worker.start();
  logger.info({ workerId: worker.workerId }, 'worker ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    await worker.stop();
    await jobs.stop().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('worker failed to start', error);
  process.exit(1);
});
