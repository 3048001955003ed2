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

// Prisma codes that mean "the database could not be reached or dropped the connection".
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Driver adapter error kinds (and Postgres SQLSTATEs) of the same meaning: connection exceptions
// (class 08), admin/crash shutdown, "cannot connect now" (starting up), too many connections.
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
const UNAVAILABLE_SQLSTATES = /^(08\w{3}|57P01|57P02|57P03|53300)$/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /Connection terminated|Can't reach database server|connection timeout|Client has encountered a connection error/i;

/**
 * True when `error` (or anything in its cause chain, GraphQL's originalError included) says the
 * database is unreachable or went away, as opposed to a query that failed: callers answer those with
 * SERVICE_UNAVAILABLE (retry later) instead of an internal error.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      name?: unknown;
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
      cause?: unknown;
      originalError?: unknown;
    };
    if (e.name === 'PrismaClientInitializationError') return true;
    if (typeof e.code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.test(e.code))) return true;
    const adapter = e.meta?.driverAdapterError?.cause;
    if (adapter) {
      if (typeof adapter.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(adapter.kind)) return true;
      if (adapter.kind === 'postgres' && typeof adapter.code === 'string' && UNAVAILABLE_SQLSTATES.test(adapter.code)) return true;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message) && !(e.name === 'GraphQLError' && e.originalError === undefined)) return true;
    current = e.originalError ?? e.cause;
  }
  return false;
}

/**
 * True when Postgres refused a text or JSON value it cannot store — a NUL character (U+0000), which
 * neither `text` nor `jsonb` accepts (SQLSTATE 22P05 / 22021). That is bad input, not a server fault.
 */
export function isUnstorableTextError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown } } }; cause?: unknown; originalError?: unknown };
    const adapter = e.meta?.driverAdapterError?.cause;
    const code = adapter?.originalCode ?? adapter?.code ?? e.code;
    if (code === '22P05' || code === '22021') return true;
    if (typeof e.message === 'string' && /Code: `(22P05|22021)`/.test(e.message)) return true;
    current = e.originalError ?? e.cause;
  }
  return false;
}
