// Helpers for tests that run several real processes on one Postgres: gateway processes started
// through the real entry point (what `npm start` and the Docker image run), a TCP proxy that can
// cut connections, and a run-progress subscriber that records what it saw.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResult } from './gateway.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  graphqlUrl: string;
  output(): string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResult<T>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function gqlAt<T = Record<string, any>>(graphqlUrl: string, query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResult<T>> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResult<T>, 'status' | 'headers'>;
  return { status: res.status, headers: res.headers, ...body };
}

/**
 * Starts `apps/gateway/src/main.ts` on an existing database (DATABASE_URL) with no embedded
 * workers (MODELGRAPH_WORKERS=0), listening on a free port of 127.0.0.1.
 */
export function spawnGateway(env: Record<string, string>): Promise<GatewayProcess> {
  const { DATABASE_URL: _db, MODELGRAPH_OPERATOR_KEY: _op, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', MODELGRAPH_WORKERS: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start:\n${out}`));
    }, 90_000);
    const onExit = (code: number | null) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}`));
    };
    child.once('exit', onExit);
    const poll = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(out);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
      const url = match[1]!;
      const graphqlUrl = `${url}/graphql`;
      resolve({
        child,
        url,
        graphqlUrl,
        output: () => out,
        gql: (query, variables, key) => gqlAt(graphqlUrl, query, variables, key),
        stop(signal = 'SIGTERM') {
          if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
          return new Promise((done) => {
            const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', (code) => {
              clearTimeout(kill);
              done(code);
            });
            child.kill(signal);
          });
        },
      });
    }, 50);
  });
}

/** A TCP proxy on 127.0.0.1 in front of `target`; `drop()` cuts every open connection at once. */
export interface TcpProxy {
  port: number;
  url: string;
  drop(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    drop() {
      const n = open.size;
      // resetAndDestroy: an abrupt RST, as when a network path dies (not a polite FIN).
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
      return n;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function wsClientAt(graphqlUrl: string, key: string): Client {
  return createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
  });
}

export const PROGRESS_SUBSCRIPTION = `subscription($runId: ID!, $afterEpoch: Int) {
  runProgress(runId: $runId, afterEpoch: $afterEpoch) { kind run { id status attempt } epoch { epoch loss } }
}`;

export interface ProgressEvent {
  kind: 'EPOCH' | 'STATUS';
  run: { id: string; status: string; attempt: number };
  epoch: { epoch: number; loss: number } | null;
}

/**
 * Subscribes to a run's progress and records every event. `done` settles when the stream completes
 * (resolves) or fails (rejects, e.g. when the connection is dropped).
 */
export function recordProgress(client: Client, runId: string, afterEpoch?: number) {
  const events: ProgressEvent[] = [];
  const errors: unknown[] = [];
  let dispose: () => void = () => undefined;
  const done = new Promise<ProgressEvent[]>((resolve, reject) => {
    dispose = client.subscribe<{ runProgress: ProgressEvent }>(
      { query: PROGRESS_SUBSCRIPTION, variables: { runId, ...(afterEpoch !== undefined ? { afterEpoch } : {}) } },
      {
        next: (value) => {
          if (value.errors) errors.push(...value.errors);
          if (value.data?.runProgress) events.push(value.data.runProgress);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(`subscription failed: ${JSON.stringify(error instanceof Array ? error : String((error as { reason?: string })?.reason ?? error))}`)),
        complete: () => resolve(events),
      },
    );
  });
  done.catch(() => undefined);
  return {
    events,
    errors,
    done,
    dispose: () => dispose(),
    epochs: () => events.filter((e) => e.kind === 'EPOCH').map((e) => e.epoch!.epoch),
  };
}

/** Resolves when `predicate` holds (checked every `everyMs`), or rejects after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | Promise<T>, predicate: (value: T) => boolean = Boolean, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Codes of the ErrorCode enum, read from schema/common.graphql (so a new code is known here at once). */
export const ERROR_CODES: ReadonlySet<string> = (() => {
  const document = parse(readFileSync(path.join(ROOT, 'schema', 'common.graphql'), 'utf8'));
  const errorCode = document.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'ErrorCode');
  if (!errorCode) throw new Error('enum ErrorCode not found in schema/common.graphql');
  return new Set((errorCode.values ?? []).map((v) => v.name.value));
})();

/** True when `body` is a GraphQL response whose every error carries a code of the ErrorCode enum. */
export function isTypedBody(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { errors, data } = body as { errors?: unknown; data?: unknown };
  if (errors === undefined) return data !== undefined;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e?.extensions?.code === 'string' && ERROR_CODES.has(e.extensions.code));
}
