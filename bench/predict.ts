// bench/predict: serving throughput and latency of one small tabular classifier through four paths, in one run:
//
//   raw       ORT `session.run` in a tight loop (no HTTP), c concurrent async callers
//   bare      node:http + ORT: JSON {features} in, JSON out; no GraphQL, no batching
//   apollo    a plain Apollo Server (startStandaloneServer) whose resolver calls session.run; no batching
//   platform  the real gateway's GraphQL `predict` (auth, Apollo, validation, dynamic batching, session pool),
//             on an embedded Postgres, with the model imported through `importOnnxModel`
//
//   npx tsx bench/predict.ts                          # 10 s per measurement after a 2 s warm-up
//   BENCH_PREDICT_SECONDS=5 BENCH_PREDICT_WARMUP=1 npx tsx bench/predict.ts
//   BENCH_PREDICT_PROFILE=1 npx tsx bench/predict.ts  # + a CPU profile of the gateway at c=1 and c=64, summarised
//                                                     # (BENCH_PREDICT_PROFILE_DIR=dir keeps the .cpuprofile files)
//   BENCH_PREDICT_ONLY=bare,platform BENCH_PREDICT_CONCURRENCY=64 BENCH_PREDICT_ZERO_DELAY=0 npx tsx bench/predict.ts
//
// Every path serves the same ONNX bytes (bench/predict/model.ts: an MLP 7-16-3 trained on the vega penguins and
// exported with the platform's exportToOnnx). Each server runs in its own child process (bench/predict/servers.ts),
// one at a time; the load generator (autocannon, keep-alive, pipelining 1, one fixed real row per request) runs in
// this process, so on a small machine it competes with the server for the cores — equally for every server.
// Requests are counted, and their latencies recorded (sub-millisecond, not autocannon's integer-ms histogram),
// when they complete inside the measured window after the warm-up, on the same connections.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { DbStats, RawRequest, RawResult, ReadyMessage, ServerKind } from './predict/servers.ts';
import { cpuShares, cpuSnapshot, type CpuShares } from './predict/cpu.ts';
import { summariseCpuProfile } from './predict/profile.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = path.join(HERE, 'predict', 'servers.ts');
const PLATFORM_QUERY = 'query($input: PredictInput!) { predict(input: $input) { predictions { label probabilities { label probability } } } }';
const APOLLO_QUERY = 'query($features: [Float!]!) { predict(features: $features) }';

interface Config {
  seconds: number;
  warmupSeconds: number;
  concurrencies: number[];
  profile: boolean;
  /** Also measure the platform with maxQueueDelayMs 0 (updateBatching), as a diagnostic row. */
  zeroDelay: boolean;
  /** Which servers to measure (default all). */
  only: Set<ServerKind>;
}

interface ModelInfo {
  byteLength: number;
  featureNames: string[];
  labels: string[];
  sampleRows: number[][];
  trainAccuracy: number;
  rows: number;
  onnxInputs: string;
  onnxOutputs: string;
}

interface Measurement {
  server: string;
  concurrency: number;
  requests: number;
  /** Responses over the whole run, warm-up included. */
  allResponses: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU in cores over the window: the server's process tree, this process (load generator), everything else. */
  cpu: CpuShares | null;
  /** Slow responses (> max(10 ms, 5 x p50)) grouped into episodes by the time they were sent. */
  stalls?: StallSummary;
}

interface StallSummary {
  threshold: number;
  slow: number;
  episodes: number;
  /** Median time between the starts of consecutive episodes, ms. */
  medianGap: number | null;
}

/** Groups slow responses into episodes (sent less than 50 ms apart), to show periodic stalls (e.g. cache expiries). */
function stallsOf(done: Float64Array, latency: Float64Array, p50: number): StallSummary {
  const threshold = Math.max(10, 5 * p50);
  const times: number[] = [];
  for (let i = 0; i < latency.length; i++) if (latency[i]! > threshold) times.push(done[i]! - latency[i]!);
  times.sort((a, b) => a - b);
  const starts: number[] = [];
  let last = -Infinity;
  for (const t of times) {
    if (t - last > 50) starts.push(t);
    last = t;
  }
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!).sort((a, b) => a - b);
  return { threshold, slow: times.length, episodes: starts.length, medianGap: gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : null };
}

// ------------------------------------------------------------------------------------------ children

interface Child {
  proc: ChildProcess;
  ready: ReadyMessage;
  request<T>(msg: object, type: string): Promise<T>;
  stop(): Promise<void>;
}

async function startChild(kind: ServerKind | 'export', env: Record<string, string>): Promise<{ proc: ChildProcess; first: unknown }> {
  const proc = fork(SERVERS, [kind], {
    execArgv: process.execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(proc, 'exit').then(([code]) => {
    throw new Error(`${kind} child exited with code ${code} before it was ready`);
  });
  const first = await Promise.race([once(proc, 'message').then(([m]) => m), exited]);
  exited.catch(() => undefined);
  return { proc, first };
}

async function startServer(kind: ServerKind, modelPath: string): Promise<Child> {
  const { proc, first } = await startChild(kind, { BENCH_PREDICT_MODEL: modelPath });
  const ready = first as ReadyMessage;
  const waiters: { type: string; resolve: (m: any) => void; reject: (err: Error) => void }[] = [];
  proc.on('message', (m: { type: string }) => {
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
  });
  proc.on('exit', (code, signal) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`${kind} child exited (code ${code}${signal ? `, signal ${signal}` : ''}) while waiting for ${w.type}`));
  });
  return {
    proc,
    ready,
    request<T>(msg: object, type: string) {
      return new Promise<T>((resolve, reject) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return reject(new Error(`${kind} child has exited`));
        waiters.push({ type, resolve, reject });
        proc.send(msg);
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      const kill = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      proc.send({ type: 'stop' });
      await exited;
      clearTimeout(kill);
    },
  };
}

// ---------------------------------------------------------------------------------------- load generation

interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** True when a 2xx response body is a real answer (not e.g. a GraphQL error). */
  ok: (body: string) => boolean;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface WindowHooks {
  /** Called when the measured window opens / closes (after the warm-up / at its end). */
  start?: () => void;
  end?: () => void;
}

async function load(server: string, target: Target, concurrency: number, config: Config, child?: Child, hooks: WindowHooks = {}): Promise<Measurement> {
  const latencies: number[] = [];
  const completions: number[] = [];
  let errors = 0;
  let inWindow = false;
  let cpuStart: ReturnType<typeof cpuSnapshot> = null;
  let cpuEnd: ReturnType<typeof cpuSnapshot> = null;
  const instance = autocannon(
    {
      url: target.url,
      connections: concurrency,
      pipelining: 1,
      duration: config.warmupSeconds + config.seconds + 0.5,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...target.headers },
          body: target.body,
          onResponse: (status, body) => {
            if (inWindow && status >= 200 && status < 300 && !target.ok(body)) errors++;
          },
        },
      ],
    },
    () => undefined,
  );
  const done = once(instance, 'done');
  let windowStart = 0;
  let windowEnd = 0;
  const started = performance.now();
  const startTimer = setTimeout(() => {
    inWindow = true;
    windowStart = performance.now();
    cpuStart = cpuSnapshot(child?.proc.pid);
    hooks.start?.();
  }, config.warmupSeconds * 1000);
  const endTimer = setTimeout(() => {
    inWindow = false;
    windowEnd = performance.now();
    cpuEnd = cpuSnapshot(child?.proc.pid);
    hooks.end?.();
  }, (config.warmupSeconds + config.seconds) * 1000);
  let allResponses = 0;
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    allResponses++;
    if (!inWindow) return;
    if (status < 200 || status >= 300) errors++;
    else {
      latencies.push(responseTime);
      completions.push(performance.now());
    }
  });
  instance.on('reqError', () => {
    if (inWindow) errors++;
  });
  await done;
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  if (!windowEnd) throw new Error(`${server}: autocannon finished after ${((performance.now() - started) / 1000).toFixed(1)} s, before the window closed`);
  const seconds = (windowEnd - windowStart) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const stalls = stallsOf(Float64Array.from(completions), Float64Array.from(latencies), percentile(sorted, 50));
  return {
    server,
    concurrency,
    requests: latencies.length,
    allResponses,
    seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
    cpu: cpuShares(cpuStart, cpuEnd),
    stalls,
  };
}

// ------------------------------------------------------------------------------------------- metrics

interface BatchMetrics {
  rowsSum: number;
  rowsCount: number;
  requestsSum: number;
  requestsCount: number;
  queueSum: number;
  queueCount: number;
  runSum: number;
  runCount: number;
}

async function scrapeBatchMetrics(graphqlUrl: string): Promise<BatchMetrics> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  return {
    rowsSum: value('modelgraph_predict_batch_rows_sum'),
    rowsCount: value('modelgraph_predict_batch_rows_count'),
    requestsSum: value('modelgraph_predict_batch_requests_sum'),
    requestsCount: value('modelgraph_predict_batch_requests_count'),
    queueSum: value('modelgraph_predict_queue_seconds_sum'),
    queueCount: value('modelgraph_predict_queue_seconds_count'),
    runSum: value('modelgraph_predict_run_seconds_sum'),
    runCount: value('modelgraph_predict_run_seconds_count'),
  };
}

/** Database work per 1,000 predict requests between two snapshots: which tables were read or written. */
function describeDb(label: string, before: DbStats, after: DbStats, requests: number): string {
  const per = (n: number) => ((n / requests) * 1000).toFixed(1);
  const parts: string[] = [];
  const other = { scans: 0, writes: 0 };
  for (const [table, a] of Object.entries(after.tables)) {
    const b = before.tables[table] ?? { scans: 0, inserts: 0, updates: 0 };
    const scans = a.scans - b.scans;
    const writes = a.inserts - b.inserts + a.updates - b.updates;
    if (!/^[A-Z]/.test(table)) {
      // Not a Prisma model table: the job queue's (pg-boss) own tables.
      other.scans += scans;
      other.writes += writes;
    } else if (scans > 0 || writes > 0) parts.push(`${table} ${per(scans)} reads${writes > 0 ? ` + ${per(writes)} row writes` : ''}`);
  }
  if (other.scans > 0 || other.writes > 0) parts.push(`job-queue tables ${per(other.scans)} reads + ${per(other.writes)} row writes`);
  return `  ${label}: per 1,000 requests: ${per(after.commits - before.commits)} DB transactions; ${parts.join(', ') || 'no table access'}`;
}

function describeBatches(label: string, before: BatchMetrics, after: BatchMetrics): string {
  const d = (k: keyof BatchMetrics) => after[k] - before[k];
  const batches = d('rowsCount');
  if (batches <= 0) return `  ${label}: no batches recorded`;
  return (
    `  ${label}: ${batches.toLocaleString('en-US')} batches, mean batch size ${(d('rowsSum') / batches).toFixed(2)} rows ` +
    `(modelgraph_predict_batch_rows_sum / _count), mean ${(d('requestsSum') / d('requestsCount')).toFixed(2)} requests per batch, ` +
    `mean queue ${((d('queueSum') / d('queueCount')) * 1000).toFixed(3)} ms, mean run ${((d('runSum') / d('runCount')) * 1000).toFixed(3)} ms`
  );
}

// ------------------------------------------------------------------------------------------ servers

function targetFor(ready: ReadyMessage, row: number[]): Target {
  switch (ready.kind) {
    case 'bare':
      return { url: ready.url!, headers: {}, body: JSON.stringify({ features: row }), ok: (b) => b.includes('"probabilities"') };
    case 'apollo':
      return { url: ready.url!, headers: {}, body: JSON.stringify({ query: APOLLO_QUERY, variables: { features: row } }), ok: (b) => b.startsWith('{"data":{"predict":[') };
    case 'platform':
      return {
        url: ready.url!,
        headers: { authorization: `Bearer ${ready.predictKey}` },
        body: JSON.stringify({ query: PLATFORM_QUERY, variables: { input: { modelId: ready.modelId, tensors: [row] } } }),
        ok: (b) => b.startsWith('{"data":{"predict":{"predictions":[') && !b.includes('"errors"'),
      };
    default:
      throw new Error(`no HTTP target for ${ready.kind}`);
  }
}

/** One request through the server; returns the class probabilities it answered. */
async function probe(target: Target, kind: ServerKind): Promise<number[]> {
  const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: target.body });
  const text = await res.text();
  if (res.status !== 200 || !target.ok(text)) throw new Error(`${kind}: probe answered ${res.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text);
  if (kind === 'bare') return json.probabilities;
  if (kind === 'apollo') return json.data.predict;
  return json.data.predict.predictions[0].probabilities.map((p: { probability: number }) => p.probability);
}

async function graphql(url: string, key: string, query: string, variables: object): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (!json.data || json.errors) throw new Error(`GraphQL failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

// ----------------------------------------------------------------------------------------- reporting

function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)];
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(3) : v.toFixed(1)) : '-');
const rate = (m: Measurement) => m.requests / m.seconds;
const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);

function readConfig(): Config {
  const num = (name: string, fallback: number, min: number): number => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
    return value;
  };
  const concurrencies = (process.env.BENCH_PREDICT_CONCURRENCY ?? '1,64').split(',').map((s) => Number(s.trim()));
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1)) throw new Error('BENCH_PREDICT_CONCURRENCY must be a comma-separated list of positive integers');
  const kinds: ServerKind[] = ['raw', 'bare', 'apollo', 'platform'];
  const onlyList = (process.env.BENCH_PREDICT_ONLY || kinds.join(',')).split(',').map((k) => k.trim()) as ServerKind[];
  if (onlyList.some((k) => !kinds.includes(k))) throw new Error(`BENCH_PREDICT_ONLY must list some of ${kinds.join(', ')}`);
  const flag = (name: string, fallback: boolean) => {
    const raw = process.env[name];
    return raw === undefined || raw === '' ? fallback : !/^(0|false|no)$/i.test(raw);
  };
  return {
    seconds: num('BENCH_PREDICT_SECONDS', 10, 0.5),
    warmupSeconds: num('BENCH_PREDICT_WARMUP', 2, 0),
    concurrencies,
    profile: flag('BENCH_PREDICT_PROFILE', false),
    zeroDelay: flag('BENCH_PREDICT_ZERO_DELAY', true),
    only: new Set(onlyList),
  };
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const config = readConfig();
  const cpus = os.cpus();
  console.log(
    `bench/predict: ${config.warmupSeconds} s warm-up + ${config.seconds} s measured per row, concurrency ${config.concurrencies.join(' / ')}, ` +
      `keep-alive, pipelining 1; node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}`,
  );
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'mg-bench-predict-'));
  const children = new Set<Child>();
  const cleanup = async () => {
    await Promise.allSettled([...children].map((c) => c.stop()));
    await rm(workDir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // ---- the model
    const modelPath = path.join(workDir, 'model.onnx');
    console.log('  training + exporting the model ...');
    const exported = await startChild('export', { BENCH_PREDICT_MODEL: modelPath });
    const model = exported.first as ModelInfo;
    await once(exported.proc, 'exit');
    console.log(
      `  model: MLP ${model.featureNames.length}-16-${model.labels.length} on ${model.rows} penguins (train accuracy ${(model.trainAccuracy * 100).toFixed(1)}%), ` +
        `${model.byteLength} bytes ONNX: ${model.onnxInputs} -> ${model.onnxOutputs}`,
    );
    const row = model.sampleRows[0]!;
    console.log(`  request row: [${row.join(', ')}] (${model.featureNames.join(', ')})`);

    const results: Measurement[] = [];
    const run = async (kind: ServerKind, label: string, each?: (child: Child, target: Target) => Promise<void>) => {
      if (!config.only.has(kind)) return;
      process.stdout.write(`  ${label}: starting ... `);
      const started = performance.now();
      const child = await startServer(kind, modelPath);
      children.add(child);
      try {
        console.log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        if (kind === 'raw') {
          for (const c of config.concurrencies) {
            const req: RawRequest = { type: 'raw', concurrency: c, warmupSeconds: config.warmupSeconds, seconds: config.seconds, row };
            let cpuStart: ReturnType<typeof cpuSnapshot> = null;
            let cpuEnd: ReturnType<typeof cpuSnapshot> = null;
            const t1 = setTimeout(() => (cpuStart = cpuSnapshot(child.proc.pid)), config.warmupSeconds * 1000);
            const t2 = setTimeout(() => (cpuEnd = cpuSnapshot(child.proc.pid)), (config.warmupSeconds + config.seconds) * 1000);
            const r = await child.request<RawResult>(req, 'raw-result');
            clearTimeout(t1);
            clearTimeout(t2);
            const sorted = Float64Array.from(r.latenciesMs).sort();
            results.push({ server: label, concurrency: c, requests: r.calls, allResponses: r.calls, seconds: r.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors: 0, cpu: cpuShares(cpuStart, cpuEnd) });
            console.log(`    c=${c}: ${Math.round(r.calls / r.seconds).toLocaleString('en-US')} calls/s`);
          }
        } else {
          const target = targetFor(child.ready, row);
          await each?.(child, target);
        }
      } finally {
        await child.stop();
        children.delete(child);
      }
    };

    await run('raw', 'raw session.run');
    // Every server must answer the same probabilities for the request row (the first one measured is the reference).
    let reference: { kind: ServerKind; probs: number[] } | undefined;
    const checkAgainstReference = (kind: ServerKind, probs: number[]) => {
      reference ??= { kind, probs };
      const diff = Math.max(...probs.map((p, i) => Math.abs(p - reference!.probs[i]!)));
      if (probs.length !== reference.probs.length || !(diff < 1e-5)) throw new Error(`${kind} answered [${probs}] but ${reference.kind} answered [${reference.probs}]`);
    };
    const measureAll = async (label: string, child: Child, target: Target, between?: (c: number) => Promise<void>, after?: (c: number, m: Measurement) => Promise<void>) => {
      for (const c of config.concurrencies) {
        await between?.(c);
        const m = await load(label, target, c, config, child);
        results.push(m);
        const st = m.stalls;
        const stallText = st && st.slow > 0
          ? `; ${st.slow} responses > ${ms(st.threshold)} ms in ${st.episodes} episodes${st.medianGap !== null ? `, median ${Math.round(st.medianGap)} ms apart` : ''}`
          : '';
        console.log(`    c=${c}: ${Math.round(rate(m)).toLocaleString('en-US')} req/s, p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms, ${m.errors} errors${stallText}`);
        await after?.(c, m);
      }
    };
    for (const [kind, label] of [
      ['bare', 'bare node:http + ORT'],
      ['apollo', 'plain Apollo + ORT'],
    ] as const) {
      await run(kind, label, async (child, target) => {
        const probs = await probe(target, kind);
        checkAgainstReference(kind, probs);
        console.log(`    probe: [${probs.map((p) => p.toFixed(4)).join(', ')}]`);
        await measureAll(label, child, target);
      });
    }

    const batchLines: string[] = [];
    await run('platform', 'platform GraphQL predict', async (child, target) => {
      const probs = await probe(target, 'platform');
      checkAgainstReference('platform', probs);
      console.log(`    probe: [${probs.map((p) => p.toFixed(4)).join(', ')}]; default batching (maxBatchSize 64, maxQueueDelayMs 2)`);
      const variants: [string, (() => Promise<void>) | null][] = [['platform GraphQL predict', null]];
      if (config.zeroDelay) {
        variants.push([
          'platform, maxQueueDelayMs 0 *',
          async () => {
            await graphql(child.ready.url!, child.ready.adminKey!, `mutation($input: UpdateBatchingInput!) { updateBatching(input: $input) { model { id } } }`, {
              input: { modelId: child.ready.modelId, maxBatchSize: 64, maxQueueDelayMs: 0 },
            });
            await probe(target, 'platform');
            console.log('    updateBatching: maxBatchSize 64, maxQueueDelayMs 0');
          },
        ]);
      }
      for (const [label, setup] of variants) {
        await setup?.();
        let before: BatchMetrics | undefined;
        let dbBefore: DbStats | undefined;
        await measureAll(
          label,
          child,
          target,
          async () => {
            before = await scrapeBatchMetrics(child.ready.url!);
            dbBefore = await child.request<DbStats>({ type: 'db-stats' }, 'db-stats');
          },
          async (c, m) => {
            batchLines.push(describeBatches(`${label}, c=${c} (warm-up + window)`, before!, await scrapeBatchMetrics(child.ready.url!)));
            await new Promise((r) => setTimeout(r, 1500)); // let Postgres' statistics catch up
            const dbAfter = await child.request<DbStats>({ type: 'db-stats' }, 'db-stats');
            batchLines.push(describeDb(`${label}, c=${c} (warm-up + window)`, dbBefore!, dbAfter, m.allResponses));
          },
        );
      }
    });

    // ---- report
    const bareAt = new Map(results.filter((r) => r.server === 'bare node:http + ORT').map((r) => [r.concurrency, r]));
    const body = results.map((m) => {
      const bare = bareAt.get(m.concurrency);
      return [
        m.server,
        String(m.concurrency),
        Math.round(rate(m)).toLocaleString('en-US'),
        ms(m.p50),
        ms(m.p99),
        m.server.startsWith('raw') ? '-' : String(m.errors),
        bare ? `${(rate(m) / rate(bare)).toFixed(2)}x` : '-',
        m.cpu ? ((m.cpu.server / rate(m)) * 1e6).toFixed(0) : '-',
        pct(m.cpu?.server ?? null),
        pct(m.cpu?.loadgen ?? null),
        pct(m.cpu?.others ?? null),
      ];
    });
    console.log('');
    for (const line of table(['server', 'c', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'vs bare', 'CPU us/req', 'server CPU', 'loadgen CPU', 'other CPU'], body)) console.log(line);
    console.log('');
    console.log('  raw session.run: calls/s of c concurrent async callers in one process (no HTTP); its CPU column is that process.');
    console.log('  errors = transport errors + non-2xx + 2xx bodies that are not an answer (e.g. GraphQL errors), in the window.');
    console.log('  CPU columns, in % of one core over the window (from /proc): server = the server\'s process tree (all threads; the');
    console.log('  platform\'s includes its embedded Postgres), loadgen = this process (autocannon), other = the rest of the machine');
    console.log(`  (${os.cpus().length} cores in all). A large "other" means something outside the bench competed for the CPU.`);
    console.log('  CPU us/req = server CPU per request (microseconds of the server\'s process tree): less sensitive to a busy machine than req/s.');
    if (config.zeroDelay) console.log('  * diagnostic: the same gateway after updateBatching(maxQueueDelayMs: 0); not the default configuration.');
    console.log('');
    for (const line of batchLines) console.log(line);

    const platformAt = new Map(results.filter((r) => r.server === 'platform GraphQL predict').map((r) => [r.concurrency, r]));
    const c1 = { bare: bareAt.get(1), platform: platformAt.get(1) };
    const c64 = { bare: bareAt.get(64), platform: platformAt.get(64) };
    console.log('');
    if (c1.bare && c1.platform) {
      const ratio = rate(c1.platform) / rate(c1.bare);
      console.log(`  goal c=1:  platform >= 0.5x bare req/s: ${ratio.toFixed(2)}x -> ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`);
    }
    if (c64.bare && c64.platform) {
      const ratio = rate(c64.platform) / rate(c64.bare);
      const p99ok = c64.platform.p99 < c64.bare.p99;
      console.log(
        `  goal c=64: platform >= 1.0x bare req/s and p99 below bare's: ${ratio.toFixed(2)}x, p99 ${ms(c64.platform.p99)} vs ${ms(c64.bare.p99)} ms -> ` +
          `${ratio >= 1 && p99ok ? 'MET' : `NOT MET (${[ratio < 1 ? 'throughput' : '', !p99ok ? 'p99' : ''].filter(Boolean).join(' + ')})`}`,
      );
    }

    // ---- optional: where does the gateway's time go? A V8 CPU profile of its main thread over the measured window.
    if (config.profile) {
      for (const c of config.concurrencies) {
        console.log('');
        process.stdout.write(`  profiling the gateway at c=${c} (V8 CPU profile of the ${config.seconds} s window after ${config.warmupSeconds} s warm-up) ... `);
        const child = await startServer('platform', modelPath);
        children.add(child);
        const file = path.join(process.env.BENCH_PREDICT_PROFILE_DIR || workDir, `gateway-c${c}.cpuprofile`);
        let m: Measurement;
        try {
          let started: Promise<unknown> | undefined;
          let written: Promise<unknown> | undefined;
          m = await load('platform (profiled)', targetFor(child.ready, row), c, config, child, {
            start: () => (started = child.request({ type: 'profile-start', intervalUs: 250 }, 'profile-started')),
            end: () => (written = started!.then(() => child.request({ type: 'profile-stop', file }, 'profile-written'))),
          });
          await written;
        } finally {
          await child.stop();
          children.delete(child);
        }
        console.log(`${Math.round(rate(m)).toLocaleString('en-US')} req/s, p50 ${ms(m.p50)} ms under the profiler`);
        const profile = JSON.parse(await readFile(file, 'utf8'));
        const summary = summariseCpuProfile(profile, {
          root: path.resolve(HERE, '..'),
          topFunctions: 30,
          topPackages: 16,
          topInclusive: 30,
          inclusivePackages: ['apps/gateway', '@modelgraph/', '@apollo/server', 'graphql', 'onnxruntime-node', 'prom-client', 'zod'],
          requests: m.requests,
        });
        for (const line of summary) console.log(line);
      }
    }
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
