// bench/predict child processes: `servers.ts <kind>`, forked by bench/predict.ts with an IPC channel.
//
//   export    trains + exports the model (bench/predict/model.ts), writes it to $BENCH_PREDICT_MODEL, reports it
//   raw       loads the model in ORT and runs tight session.run loops on request (no HTTP)
//   bare      node:http + ORT: POST /predict {"features": number[]} → {"probabilities": number[], "label_index": n}
//   apollo    @apollo/server startStandaloneServer, `type Query { predict(features: [Float!]!): [Float!]! }`
//   platform  the real gateway (test/support/gateway.ts: embedded Postgres, real auth, Apollo, batching, ORT pool)
//             with the model imported through `importOnnxModel`
//
// Protocol: the child sends {type:'ready', ...} once it serves. The parent may send {type:'cpu'} (answered with
// {type:'cpu', usage}), {type:'raw', ...} (raw only; answered with {type:'raw-result', ...}), {type:'db-stats'}
// (platform only; answered with its Postgres table statistics, DbStats), {type:'profile-start',
// intervalUs} / {type:'profile-stop', file} (V8 CPU profile of this process's main thread over that span, written to
// `file`; answered with {type:'profile-started'} / {type:'profile-written'}) and {type:'stop'} (the child closes
// cleanly and exits 0).
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as ort from 'onnxruntime-node';
import { FEATURES } from './model.ts';

export type ServerKind = 'raw' | 'bare' | 'apollo' | 'platform';

export interface ReadyMessage {
  type: 'ready';
  kind: ServerKind;
  url?: string;
  /** platform: a PREDICT-scoped key, the tenant's admin key and the imported model's id. */
  predictKey?: string;
  adminKey?: string;
  modelId?: string;
}

export interface RawRequest {
  type: 'raw';
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  row: number[];
}

export interface RawResult {
  type: 'raw-result';
  calls: number;
  seconds: number;
  latenciesMs: number[];
  cpuSeconds: number;
}

/** Every in-process session is created like the platform's SessionPool creates its inline ones. */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { logSeverityLevel: 4 };

async function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  await session.run({ features: new ort.Tensor('float32', new Float32Array(FEATURES), [1, FEATURES]) }); // warm-up, as the pool does
  return session;
}

function modelBytes(): Uint8Array {
  return new Uint8Array(readFileSync(process.env.BENCH_PREDICT_MODEL!));
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

// ------------------------------------------------------------------------------------------------ kinds

async function startRaw(): Promise<{ ready: ReadyMessage; stop: () => Promise<void>; raw: (req: RawRequest) => Promise<RawResult> }> {
  const session = await createSession(modelBytes());
  async function raw(req: RawRequest): Promise<RawResult> {
    const feeds = { features: new ort.Tensor('float32', Float32Array.from(req.row), [1, req.row.length]) };
    const latencies: number[] = [];
    let calls = 0;
    const begin = performance.now();
    const measureFrom = begin + req.warmupSeconds * 1000;
    const measureTo = measureFrom + req.seconds * 1000;
    let cpuAtStart: NodeJS.CpuUsage | undefined;
    let cpuAtEnd: NodeJS.CpuUsage | undefined;
    const startTimer = setTimeout(() => (cpuAtStart = process.cpuUsage()), measureFrom - performance.now());
    const endTimer = setTimeout(() => (cpuAtEnd = process.cpuUsage()), measureTo - performance.now());
    const loop = async () => {
      for (;;) {
        const t0 = performance.now();
        if (t0 >= measureTo) return;
        await session.run(feeds);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= measureTo) {
          calls++;
          latencies.push(t1 - t0);
        }
      }
    };
    await Promise.all(Array.from({ length: req.concurrency }, loop));
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    cpuAtStart ??= process.cpuUsage();
    cpuAtEnd ??= process.cpuUsage();
    const cpu = cpuSeconds(cpuAtEnd) - cpuSeconds(cpuAtStart);
    return { type: 'raw-result', calls, seconds: req.seconds, latenciesMs: latencies, cpuSeconds: Math.max(0, cpu) };
  }
  return { ready: { type: 'ready', kind: 'raw' }, stop: () => session.release(), raw };
}

async function startBare(): Promise<{ ready: ReadyMessage; stop: () => Promise<void> }> {
  const session = await createSession(modelBytes());
  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/predict') return reply(res, 404, { error: 'POST /predict' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let features: unknown;
      try {
        features = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { features?: unknown }).features;
      } catch {
        return reply(res, 400, { error: 'body is not JSON' });
      }
      if (!Array.isArray(features) || features.length !== FEATURES || features.some((v) => typeof v !== 'number')) {
        return reply(res, 400, { error: `features must be ${FEATURES} numbers` });
      }
      session
        .run({ features: new ort.Tensor('float32', Float32Array.from(features as number[]), [1, FEATURES]) })
        .then((out) => reply(res, 200, { probabilities: Array.from(out.probabilities!.data as Float32Array), label_index: Number((out.label_index!.data as BigInt64Array)[0]) }))
        .catch((err: unknown) => reply(res, 500, { error: String(err) }));
    });
  });
  server.keepAliveTimeout = 65_000;
  const url = await listen(server);
  return {
    ready: { type: 'ready', kind: 'bare', url: `${url}/predict` },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await session.release();
    },
  };
}

async function startApollo(): Promise<{ ready: ReadyMessage; stop: () => Promise<void> }> {
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const session = await createSession(modelBytes());
  const server = new ApolloServer({
    typeDefs: 'type Query { predict(features: [Float!]!): [Float!]! }',
    resolvers: {
      Query: {
        predict: async (_: unknown, { features }: { features: number[] }) => {
          const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(features), [1, features.length]) });
          return Array.from(out.probabilities!.data as Float32Array);
        },
      },
    },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return {
    ready: { type: 'ready', kind: 'apollo', url: url.replace('localhost', '127.0.0.1') },
    stop: async () => {
      await server.stop();
      await session.release();
    },
  };
}

export interface DbStats {
  type: 'db-stats';
  /** Per table: sequential + index scans, inserted and updated rows (pg_stat_user_tables). */
  tables: Record<string, { scans: number; inserts: number; updates: number }>;
  /** Committed transactions in the database (every autocommit statement is one). */
  commits: number;
}

async function startPlatform(): Promise<{ ready: ReadyMessage; stop: () => Promise<void>; dbStats: () => Promise<DbStats> }> {
  const { startTestGateway } = await import('../../test/support/gateway.ts');
  const { LABELS } = await import('./model.ts');
  // Per-key rate limit out of the way; everything else as the platform defaults.
  const gw = await startTestGateway({ inference: { ratePerSecond: 1e9 } });
  try {
    const { adminKey } = await gw.createTenant('bench-predict');
    const imported = await gw.gql<{ importOnnxModel: { model: { id: string } } }>(
      `mutation($input: ImportOnnxModelInput!) { importOnnxModel(input: $input) { model { id } modelVersion { version } } }`,
      {
        input: {
          name: 'penguins-mlp',
          task: 'MULTICLASS',
          fileBase64: Buffer.from(modelBytes()).toString('base64'),
          inputs: [{ name: 'features', type: 'FLOAT32', shape: [null, FEATURES] }],
          outputs: [{ name: 'probabilities', type: 'FLOAT32', shape: [null, LABELS.length] }],
          labels: LABELS,
        },
      },
      adminKey,
    );
    if (!imported.data) throw new Error(`importOnnxModel failed: ${JSON.stringify(imported.errors)}`);
    const predictKey = await gw.createKey(adminKey, ['PREDICT'], { name: 'bench-predict' });
    return {
      ready: { type: 'ready', kind: 'platform', url: gw.graphqlUrl, predictKey: predictKey.secret, adminKey, modelId: imported.data.importOnnxModel.model.id },
      stop: () => gw.close(),
      async dbStats() {
        // Statistics reach the cumulative views when a backend commits (at most once a second) or goes idle.
        const rows = await gw.db.$queryRawUnsafe<{ relname: string; scans: bigint; inserts: bigint; updates: bigint }[]>(
          'SELECT relname, seq_scan + coalesce(idx_scan, 0) AS scans, n_tup_ins AS inserts, n_tup_upd AS updates FROM pg_stat_user_tables',
        );
        const [db] = await gw.db.$queryRawUnsafe<{ commits: bigint }[]>('SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()');
        const tables: DbStats['tables'] = {};
        for (const r of rows) tables[r.relname] = { scans: Number(r.scans), inserts: Number(r.inserts), updates: Number(r.updates) };
        return { type: 'db-stats', tables, commits: Number(db?.commits ?? 0) };
      },
    };
  } catch (error) {
    await gw.close();
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  const kind = process.argv[2];
  if (kind === 'export') {
    const { buildModel } = await import('./model.ts');
    const built = await buildModel();
    writeFileSync(process.env.BENCH_PREDICT_MODEL!, built.bytes);
    const { bytes, ...meta } = built;
    process.send!({ type: 'model', byteLength: bytes.byteLength, ...meta }, () => process.disconnect());
    return;
  }
  let started: { ready: ReadyMessage; stop: () => Promise<void>; raw?: (req: RawRequest) => Promise<RawResult>; dbStats?: () => Promise<DbStats> };
  switch (kind) {
    case 'raw':
      started = await startRaw();
      break;
    case 'bare':
      started = await startBare();
      break;
    case 'apollo':
      started = await startApollo();
      break;
    case 'platform':
      started = await startPlatform();
      break;
    default:
      throw new Error(`unknown server kind ${JSON.stringify(kind)}`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await started.stop();
    } finally {
      // process.exit (not a natural exit) because libraries may keep handles; --cpu-prof is still written.
      process.exit(0);
    }
  };
  let inspector: Session | undefined;
  const fail = (err: unknown) => {
    console.error(err);
    process.exit(1);
  };
  process.on('message', (msg: { type: string; intervalUs?: number; file?: string }) => {
    if (msg.type === 'cpu') process.send!({ type: 'cpu', usage: process.cpuUsage() });
    else if (msg.type === 'db-stats' && started.dbStats) started.dbStats().then((stats) => process.send!(stats), fail);
    else if (msg.type === 'profile-start') {
      void (async () => {
        inspector = new Session();
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.setSamplingInterval', { interval: msg.intervalUs ?? 250 });
        await inspector.post('Profiler.start');
        process.send!({ type: 'profile-started' });
      })().catch(fail);
    } else if (msg.type === 'profile-stop' && inspector) {
      const session = inspector;
      void (async () => {
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        writeFileSync(msg.file!, JSON.stringify(profile));
        process.send!({ type: 'profile-written' });
      })().catch(fail);
    }
    else if (msg.type === 'raw' && started.raw) {
      started.raw(msg as RawRequest).then((result) => process.send!(result), fail);
    } else if (msg.type === 'stop') void stop();
  });
  // The parent went away without saying stop: don't linger.
  process.on('disconnect', () => void stop());
  process.send!(started.ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
