// Throwaway databases for tests and scripts: one embedded Postgres per process, started lazily in a
// temp directory on a free port, and a fresh migrated database per call.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedServer, type EmbeddedServer, type LogFn } from './embedded.ts';
import { applyMigrations, readMigrations, MIGRATIONS_DIR } from './migrate.ts';

interface ScratchState {
  server?: Promise<EmbeddedServer>;
  templates: Map<string, Promise<string>>;
  counter: number;
}

// On globalThis so that modules re-evaluated per test file (vitest isolation) still share one server.
const STATE_KEY = Symbol.for('modelgraph.db.scratchServer');
function state(): ScratchState {
  const g = globalThis as typeof globalThis & { [STATE_KEY]?: ScratchState };
  g[STATE_KEY] ??= { templates: new Map(), counter: 0 };
  return g[STATE_KEY];
}

/** The process-wide scratch Postgres server (started on first use, stopped at process exit). */
export function getScratchServer(log?: LogFn): Promise<EmbeddedServer> {
  const s = state();
  if (!s.server) {
    const starting = startScratchServer(log, () => {
      // Stopped explicitly: forget it, so that a later call starts a new one.
      if (s.server === starting) {
        s.server = undefined;
        s.templates.clear();
      }
    });
    s.server = starting;
    starting.catch(() => {
      if (s.server === starting) s.server = undefined; // let a later call retry instead of caching the failure
    });
  }
  return s.server;
}

async function startScratchServer(log: LogFn | undefined, onStop: () => void): Promise<EmbeddedServer> {
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), `modelgraph-pg-${process.pid}-`));
  // As root, postgres runs as the `postgres` user, which must reach the data directory.
  chmodSync(tmpDir, 0o755);
  const started: { pid?: number | undefined } = {};
  registerExitCleanup(tmpDir, () => started.pid);
  const server = await startEmbeddedServer({ dataDir: path.join(tmpDir, 'data'), ephemeral: true, log });
  started.pid = server.pid;
  return {
    ...server,
    // Stopping also deletes the throwaway cluster.
    stop: async () => {
      onStop();
      await server.stop();
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/** Stops the scratch server if one is running (scripts call this before exiting). */
export async function stopScratchServer(): Promise<void> {
  const server = state().server;
  if (server) await (await server).stop();
}

function isRunning(pid: number): boolean {
  try {
    // A stopped child stays a zombie until we reap it, which can't happen inside an 'exit'
    // handler, and `kill -0` still succeeds on zombies; /proc tells them apart.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const processState = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return processState !== 'Z' && processState !== 'X';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Last resort when the process exits without stopping the server ('exit' handlers must be
 * synchronous): fast-shutdown the postmaster, wait briefly for it, then delete the temp directory.
 */
function registerExitCleanup(tmpDir: string, pid: () => number | undefined) {
  process.once('exit', () => {
    const p = pid();
    if (p && isRunning(p)) {
      try {
        process.kill(p, 'SIGINT');
        const pause = new Int32Array(new SharedArrayBuffer(4));
        for (let waited = 0; waited < 5000 && isRunning(p); waited += 20) Atomics.wait(pause, 0, 0, 20);
      } catch {
        // already gone
      }
    }
    try {
      rmSync(tmpDir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  });
}

async function adminClient(server: EmbeddedServer): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: server.url('postgres') });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * A migrated template database per migrations-directory content; fresh databases are copied from it
 * (CREATE DATABASE ... TEMPLATE), which is much faster than replaying migrations each time.
 */
function migratedTemplate(server: EmbeddedServer, migrationsDir: string): Promise<string> {
  const s = state();
  return (async () => {
    const migrations = await readMigrations(migrationsDir);
    const key = createHash('sha256')
      .update(migrationsDir)
      .update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'))
      .digest('hex')
      .slice(0, 16);
    let template = s.templates.get(key);
    if (!template) {
      template = (async () => {
        const name = `mg_template_${key}`;
        const admin = await adminClient(server);
        try {
          await admin.query(`CREATE DATABASE "${name}"`);
        } finally {
          await admin.end();
        }
        await applyMigrations(server.url(name), { migrationsDir });
        return name;
      })();
      s.templates.set(key, template);
      template.catch(() => s.templates.delete(key));
    }
    return template;
  })();
}

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database (terminating open connections); safe to call twice. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply prisma/migrations (default true); false gives an empty database. */
  migrate?: boolean;
  migrationsDir?: string;
}

/** A fresh database on the per-process scratch server, with all migrations applied. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = await getScratchServer();
  const s = state();
  const name = `test_${process.pid}_${++s.counter}_${randomBytes(3).toString('hex')}`;
  const template = options.migrate === false ? 'template0' : await migratedTemplate(server, options.migrationsDir ?? MIGRATIONS_DIR);

  const admin = await adminClient(server);
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }

  let dropped: Promise<void> | undefined;
  return {
    url: server.url(name),
    name,
    drop: () => {
      dropped ??= (async () => {
        const client = await adminClient(server);
        try {
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await client.end();
        }
      })();
      return dropped;
    },
  };
}
