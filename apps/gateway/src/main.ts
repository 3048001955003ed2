// `npm start`: embedded (or DATABASE_URL) Postgres, migrations, first-start bootstrap, the gateway.
import path from 'node:path';
import { applyMigrations, createPrismaClient, startDatabase } from '@modelgraph/db';
import { createArtifactStoreFromEnv } from '@modelgraph/artifact-store';
import { createConsoleHandler } from '@modelgraph/console/serve';
import { RunEventListener, createJobQueue } from '@modelgraph/jobs';
import { startWorkers } from './workers.ts';
import { loadMasterKey } from '@modelgraph/artifact-store/master-key';
import { bootstrapFirstTenant, resolveOperatorKey } from './bootstrap.ts';
import { loadEnvConfig } from './config.ts';
import { createGateway } from './http/gateway.ts';
import { createLogger } from './logger.ts';
import type { Platform } from './services/context.ts';

async function main() {
  const config = loadEnvConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await startDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: path.join(config.MODELGRAPH_DATA_DIR, 'postgres'),
    log: (msg, extra) => logger.info(extra ?? {}, msg),
  });
  let shuttingDown = false;
  const stopDatabase = () => database.stop().catch((err: unknown) => logger.error({ err }, 'stopping Postgres failed'));
  try {
    const { applied } = await applyMigrations(database.url);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const db = createPrismaClient(database.url);
    const operator = resolveOperatorKey(config.MODELGRAPH_OPERATOR_KEY, config.MODELGRAPH_DATA_DIR);
    const queueLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => logger[level](extra ?? {}, msg);
    const jobs = await createJobQueue(database.url, { log: queueLog });
    const runEvents = new RunEventListener(database.url, queueLog);
    await runEvents.start();
    const platform: Platform = {
      store: createArtifactStoreFromEnv(process.env, path.join(config.MODELGRAPH_DATA_DIR, 'artifacts')),
      masterKey: loadMasterKey(config.MODELGRAPH_MASTER_KEY, config.MODELGRAPH_DATA_DIR),
      maxUploadBytes: config.MODELGRAPH_MAX_UPLOAD_BYTES,
      jobs,
      runEvents,
    };
    const first = await bootstrapFirstTenant(db, logger, platform);
    const gateway = await createGateway({
      db,
      logger,
      platform,
      operatorKey: operator.key,
      maxBodyBytes: config.MODELGRAPH_MAX_BODY_BYTES,
      inference: { ratePerSecond: config.MODELGRAPH_PREDICT_RATE },
      console: createConsoleHandler({ logger }),
    });
    const url = await gateway.listen(config.PORT, config.HOST);
    logger.info({ url: `${url}/graphql`, embeddedPostgres: database.embedded }, 'gateway listening');

    if (first) {
      // Printed once, on the first start only: the key is not stored anywhere in clear.
      process.stdout.write(
        [
          '',
          '  ModelGraph is ready. This admin API key is shown ONCE; store it now:',
          `    tenant:  ${first.tenant.name} (${first.tenant.id})`,
          `    api key: ${first.adminKey.secret}`,
          ...(operator.generated ? [`    operator key (creates tenants): saved in ${path.join(config.MODELGRAPH_DATA_DIR, 'operator.key')}`] : []),
          `  Try: curl -s ${url}/graphql -H 'authorization: Bearer <api key>' -H 'content-type: application/json' -d '{"query":"{ me { tenant { name } scopes } }"}'`,
          '',
        ].join('\n') + '\n',
      );
    }

    // Training runs in worker processes, never on the gateway's event loop. `npm start` runs
    // MODELGRAPH_WORKERS of them (default 1); more can run anywhere with the same DATABASE_URL.
    const workers = startWorkers(config.MODELGRAPH_WORKERS, { databaseUrl: database.url, dataDir: config.MODELGRAPH_DATA_DIR, logger });

    const shutdown = async (signal: string) => {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.info({ signal }, 'shutting down');
      await gateway.close().catch((err: unknown) => logger.error({ err }, 'closing the gateway failed'));
      await workers.stop();
      await runEvents.stop();
      await jobs.stop().catch((err: unknown) => logger.error({ err }, 'stopping the job queue failed'));
      await db.$disconnect().catch(() => undefined);
      await stopDatabase();
      logger.info('stopped');
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    await stopDatabase();
    process.exit(1);
  }
}

void main();
