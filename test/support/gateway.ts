// Starts a real gateway on a real (embedded) Postgres database of its own, over real HTTP.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { LocalArtifactStore } from '@modelgraph/artifact-store';
import { RunEventListener, createJobQueue } from '@modelgraph/jobs';
import { createPrismaClient, createTestDatabase, type PrismaClient } from '@modelgraph/db';
import { createGateway, type GatewayOptions } from '../../apps/gateway/src/http/gateway.ts';
import { createLogger } from '../../apps/gateway/src/logger.ts';
import type { Platform } from '../../apps/gateway/src/services/context.ts';

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface TestGateway {
  url: string;
  databaseUrl: string;
  dataDir: string;
  platform: Platform;
  /** Starts a real training worker process on this gateway's database and artifact store. */
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  graphqlUrl: string;
  operatorKey: string;
  db: PrismaClient;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResult<T>>;
  /** Creates a tenant through the API (operator key) and returns its first ADMIN key. */
  createTenant(name?: string): Promise<{ tenantId: string; adminKey: string }>;
  /** Creates a key with the given scopes for the tenant owning `adminKey`. */
  createKey(adminKey: string, scopes: string[], extra?: { expiresAt?: string; name?: string }): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

export interface TestGatewayExtras {
  platform?: Partial<Platform>;
  /**
   * Use this (already migrated) database instead of a fresh one; it is not dropped at close.
   * For tests that control the Postgres server itself (restarts) or run several gateways on one database.
   */
  database?: { url: string };
}

export async function startTestGateway(options: Partial<Omit<GatewayOptions, 'platform'>> & TestGatewayExtras = {}): Promise<TestGateway> {
  const { database: given, ...gatewayOptions } = options;
  const database = given ? { url: given.url, drop: async () => undefined } : await createTestDatabase();
  const db = createPrismaClient(database.url);
  const operatorKey = `mg_op_test_${randomBytes(24).toString('base64url')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mg-data-'));
  const masterKey = randomBytes(32);
  const jobs = await createJobQueue(database.url);
  const runEvents = new RunEventListener(database.url);
  await runEvents.start();
  const platform: Platform = {
    store: new LocalArtifactStore(path.join(dataDir, 'artifacts')),
    masterKey,
    maxUploadBytes: 64 * 1024 * 1024,
    jobs,
    runEvents,
    ...options.platform,
  };
  const workers: WorkerProcess[] = [];
  const gateway = await createGateway({
    db,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    operatorKey,
    ...gatewayOptions,
    platform,
  });
  const url = await gateway.listen(0);
  const graphqlUrl = `${url}/graphql`;

  async function gql<T>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResult<T>> {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResult<T>, 'status' | 'headers'>;
    return { status: res.status, headers: res.headers, ...body };
  }

  return {
    url,
    graphqlUrl,
    operatorKey,
    db,
    gql,
    async createTenant(name = `tenant-${randomBytes(4).toString('hex')}`) {
      const result = await gql<{ createTenant: { tenant: { id: string }; adminKey: { secret: string } } }>(
        `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } adminKey { secret } } }`,
        { input: { name } },
        operatorKey,
      );
      if (!result.data) throw new Error(`createTenant failed: ${JSON.stringify(result.errors)}`);
      return { tenantId: result.data.createTenant.tenant.id, adminKey: result.data.createTenant.adminKey.secret };
    },
    async createKey(adminKey, scopes, extra = {}) {
      const result = await gql<{ createApiKey: { apiKey: { id: string }; secret: string } }>(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
        { input: { name: extra.name ?? `key-${scopes.join('-')}`, scopes, expiresAt: extra.expiresAt } },
        adminKey,
      );
      if (!result.data) throw new Error(`createApiKey failed: ${JSON.stringify(result.errors)}`);
      return { id: result.data.createApiKey.apiKey.id, secret: result.data.createApiKey.secret };
    },
    databaseUrl: database.url,
    dataDir,
    platform,
    async startWorker(env = {}) {
      const worker = await spawnWorker({
        DATABASE_URL: database.url,
        MODELGRAPH_DATA_DIR: dataDir,
        MODELGRAPH_MASTER_KEY: masterKey.toString('hex'),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
        ...env,
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await gateway.close();
      await runEvents.stop();
      await jobs.stop();
      await db.$disconnect();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function errorCodes(result: GraphQLResult): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code));
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Spawns `apps/worker` and resolves once it is taking jobs. */
export function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const worker: WorkerProcess = {
    child,
    output: () => out,
    stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill(signal);
      });
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${out}`)));
    const poll = setInterval(() => {
      if (out.includes('worker ready')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(worker);
      }
    }, 50);
  });
}
