// Runs the real entry point (what `npm start` runs) on its own data folder, stops it with SIGTERM,
// and starts it again: data created before the stop must be there after.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mg-restart-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(): Promise<Started> {
  const { DATABASE_URL: _external, MODELGRAPH_OPERATOR_KEY: _operator, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', MODELGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${out}`)));
    const poll = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(out);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => out });
      }
    }, 50);
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function gql(url: string, key: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('npm start on the embedded Postgres', () => {
  it('prints an admin key once, keeps data across a SIGTERM restart, and stops Postgres cleanly', async () => {
    const first = await start();
    // The banner is written right after the listening log line.
    await expect.poll(() => /api key: (mg_live_\S+)/.exec(first.output())?.[1], { timeout: 10_000 }).toBeTruthy();
    const adminKey = /api key: (mg_live_\S+)/.exec(first.output())![1]!;

    const created = await gql(first.url, adminKey, 'mutation { createApiKey(input: { name: "survivor", scopes: [READ] }) { secret } }');
    expect(created.status).toBe(200);
    const survivorKey = created.body.data.createApiKey.secret as string;

    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await start();
    try {
      const me = await gql(second.url, survivorKey, '{ me { apiKey { name } tenant { name } } }');
      expect(me.body.data.me).toEqual({ apiKey: { name: 'survivor' }, tenant: { name: 'default' } });
      const keys = await gql(second.url, adminKey, '{ apiKeys { edges { node { name } } } }');
      expect(keys.body.data.apiKeys.edges.map((e: any) => e.node.name)).toEqual(['survivor', 'bootstrap admin']);
      // No second bootstrap: the key is printed on the very first start only.
      expect(second.output()).not.toMatch(/api key: mg_live_/);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });
});
