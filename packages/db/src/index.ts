// @modelgraph/db: database bootstrap (external or embedded Postgres), migrations and the Prisma client.
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';
import { ensureDatabase, startEmbeddedServer, type LogFn } from './embedded.ts';
import { REPO_ROOT } from './migrate.ts';

export * from './generated/prisma/client.ts';
export {
  applyMigrations,
  checksum,
  MigrationError,
  readMigrations,
  scriptMatchesChecksum,
  MIGRATIONS_DIR,
  SCHEMA_PATH,
  REPO_ROOT,
  type ApplyMigrationsOptions,
  type LocalMigration,
} from './migrate.ts';
export { createTestDatabase, getScratchServer, type CreateTestDatabaseOptions, type TestDatabase } from './testing.ts';
export type { LogFn } from './embedded.ts';

export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'postgres');
export const DEFAULT_PORT = 54329;
export const DEFAULT_DATABASE = 'modelgraph';

export interface StartDatabaseOptions {
  /** External Postgres; defaults to env DATABASE_URL. When set, nothing is started. */
  databaseUrl?: string;
  /** Embedded Postgres data directory (kept across restarts). Default: <repo>/.data/postgres. */
  dataDir?: string;
  /**
   * Embedded Postgres port. Default 54329 for the default data directory and any free port for a
   * custom one; 0 means any free port. A port taken by something else falls back to a free one.
   */
  port?: number;
  log?: LogFn;
}

export interface DatabaseHandle {
  url: string;
  /** True when we run (or attached to) an embedded Postgres rather than using DATABASE_URL. */
  embedded: boolean;
  /** Stops embedded Postgres if this call started it; no-op otherwise; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Returns a database URL: DATABASE_URL (or opts.databaseUrl) as is, or else an embedded Postgres
 * in dataDir (initialised on first use) with the `modelgraph` database created if missing.
 * Does not migrate: call applyMigrations(url) next.
 */
export async function startDatabase(opts: StartDatabaseOptions = {}): Promise<DatabaseHandle> {
  const external = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => undefined };

  const dataDir = path.resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const port = opts.port ?? (dataDir === path.resolve(DEFAULT_DATA_DIR) ? DEFAULT_PORT : 0);
  const server = await startEmbeddedServer({ dataDir, port, log: opts.log });
  try {
    await ensureDatabase(server.port, DEFAULT_DATABASE);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  return { url: server.url(DEFAULT_DATABASE), embedded: true, stop: () => server.stop() };
}

export interface CreatePrismaClientOptions extends Omit<Prisma.PrismaClientOptionsWithAdapter, 'adapter'> {
  /** node-postgres pool settings (max connections, timeouts, ...). */
  pool?: Omit<pg.PoolConfig, 'connectionString'>;
}

/** PrismaClient over the node-postgres driver adapter. */
export function createPrismaClient(url: string, options: CreatePrismaClientOptions = {}): PrismaClient {
  const { pool, ...clientOptions } = options;
  const adapter = new PrismaPg({ ...pool, connectionString: url });
  return new PrismaClient({ ...clientOptions, adapter });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** For /readyz: true if the database answers `SELECT 1` within timeoutMs. Never throws. */
export async function pingDatabase(client: PrismaClient, timeoutMs = 2000): Promise<boolean> {
  return (await checkDatabase(client, timeoutMs)).ok;
}

export interface DatabaseCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** Like pingDatabase, with latency and the error; accepts a PrismaClient or a connection URL. */
export async function checkDatabase(prismaOrUrl: PrismaClient | string, timeoutMs = 2000): Promise<DatabaseCheck> {
  const started = performance.now();
  try {
    if (typeof prismaOrUrl === 'string') {
      const client = new pg.Client({ connectionString: prismaOrUrl, connectionTimeoutMillis: timeoutMs });
      client.on('error', () => undefined);
      try {
        await withTimeout(
          client.connect().then(() => client.query('SELECT 1')),
          timeoutMs,
        );
      } finally {
        void client.end().catch(() => undefined);
      }
    } else {
      await withTimeout(prismaOrUrl.$queryRawUnsafe('SELECT 1'), timeoutMs);
    }
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
