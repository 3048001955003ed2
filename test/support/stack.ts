// Runs the real platform the way `npm start` does — the gateway entry point on an embedded Postgres
// of its own, which also supervises a training worker — and reads its URL and the admin key it
// prints on first start. Start one per test file (in beforeAll) and stop it in afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface Stack {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** http://127.0.0.1:40123/graphql */
  graphqlUrl: string;
  /** The ADMIN key of the `default` tenant, printed on first start. */
  adminKey: string;
  dataDir: string;
  /** The platform operator key (creates tenants), saved in the data folder. */
  operatorKey(): string;
  /** Everything the gateway and its workers printed so far. */
  output(): string;
  /** SIGTERM, wait for a clean exit (SIGKILL after 30 s), remove the data folder. */
  stop(): Promise<number | null>;
}

export interface StackOptions {
  /** Extra environment, e.g. { MODELGRAPH_MAX_UPLOAD_BYTES: '1000000' }. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mg-stack-'));
  // Never reuse an outside database or operator key, nor a client's settings.
  const { DATABASE_URL: _db, MODELGRAPH_OPERATOR_KEY: _op, MODELGRAPH_API_KEY: _key, MODELGRAPH_URL: _url, ...env } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', MODELGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));

  const stop = (): Promise<number | null> =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      child.kill('SIGTERM');
    }).finally(() => rmSync(dataDir, { recursive: true, force: true }));

  try {
    const { url, adminKey } = await new Promise<{ url: string; adminKey: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack did not start:\n${out}`)), options.startTimeoutMs ?? 120_000);
      const onExit = (code: number | null) => reject(new Error(`the gateway exited with ${code}:\n${out}`));
      child.once('exit', onExit);
      const poll = setInterval(() => {
        const url = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(out)?.[1];
        const adminKey = /api key: (mg_live_\S+)/.exec(out)?.[1];
        // The worker must be up too, or training tests would wait on the queue.
        if (url && adminKey && out.includes('worker ready')) {
          clearInterval(poll);
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve({ url, adminKey });
        }
      }, 50);
    });
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      adminKey,
      dataDir,
      operatorKey: () => readFileSync(path.join(dataDir, 'operator.key'), 'utf8').trim(),
      output: () => out,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
