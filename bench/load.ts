// bench/load: the gateway under a mixed GraphQL load from three tenants — predict, list and get —
// then a soak at the same mix with the gateway's RSS, heap and event-loop lag sampled from its own
// /metrics and printed as slopes per minute.
//
//   npx tsx bench/load.ts                                    # 60 s at concurrency 64, then a 10-minute soak
//   BENCH_LOAD_SECONDS=20 BENCH_SOAK_MINUTES=1 npx tsx bench/load.ts
//   BENCH_SOAK_MINUTES=0 npx tsx bench/load.ts               # no soak
//
// Settings: BENCH_LOAD_SECONDS (60), BENCH_CONCURRENCY (64), BENCH_SOAK_MINUTES (10),
// BENCH_SOAK_CONCURRENCY (= BENCH_CONCURRENCY), BENCH_WARMUP_SECONDS (10, not measured), BENCH_SEED.
//
// The gateway is the real entry point (`apps/gateway/src/main.ts`, as `npm start` and the Docker
// image run it) in its own process, on a scratch embedded Postgres, with no training workers. Each
// tenant imports a small ONNX model (an MLP 16-32-1) and aliases it `production`, and gets a few
// datasets, a dataset version and a model definition with a queued run to list and read. The load
// generator is this process: N loops over keep-alive connections (Node's fetch), each sending its next
// request when the previous one is answered; everything goes to 127.0.0.1. Both share the machine's
// cores, so the figures are for gateway + generator on one host.
//
// Exit code 1 if any response was a 5xx or any connection was dropped.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@modelgraph/db';
import { stopScratchServer } from '@modelgraph/db/testing';
import { DataType, encodeModel, type TensorProto } from '@modelgraph/onnx-export';

const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SOAK_MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const SOAK_CONCURRENCY = Number(process.env.BENCH_SOAK_CONCURRENCY ?? CONCURRENCY);
const SEED = Number(process.env.BENCH_SEED ?? 20261128);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FEATURES = 16;
const HIDDEN = 32;

// ------------------------------------------------------------------------------------ setup

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function floatTensor(name: string, dims: number[], next: () => number): TensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  return { name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(Float32Array.from({ length: size }, () => next() - 0.5).buffer) };
}

/** y[N,1] = relu(x[N,16] · W1 + b1) · W2 + b2 */
function mlpOnnx(seed: number): Uint8Array {
  const next = rng(seed);
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'modelgraph-bench',
    graph: {
      name: 'mlp',
      node: [
        { input: ['x', 'W1'], output: ['h0'], opType: 'MatMul' },
        { input: ['h0', 'b1'], output: ['h1'], opType: 'Add' },
        { input: ['h1'], output: ['h2'], opType: 'Relu' },
        { input: ['h2', 'W2'], output: ['o0'], opType: 'MatMul' },
        { input: ['o0', 'b2'], output: ['y'], opType: 'Add' },
      ],
      initializer: [floatTensor('W1', [FEATURES, HIDDEN], next), floatTensor('b1', [HIDDEN], next), floatTensor('W2', [HIDDEN, 1], next), floatTensor('b2', [1], next)],
      input: [{ name: 'x', elemType: DataType.FLOAT, shape: ['N', FEATURES] }],
      output: [{ name: 'y', elemType: DataType.FLOAT, shape: ['N', 1] }],
    },
  });
}

interface Gateway {
  child: ChildProcess;
  url: string;
  output(): string;
}

function startGateway(env: Record<string, string>): Promise<Gateway> {
  const { DATABASE_URL: _d, MODELGRAPH_OPERATOR_KEY: _o, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', MODELGRAPH_WORKERS: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-200_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-200_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${out}`)));
    const poll = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(out);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, url: match[1]!, output: () => out });
    }, 50);
  });
}

async function gql(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface Tenant {
  key: string;
  modelId: string;
  datasetId: string;
  versionId: string;
  runId: string;
  trainedDefinitionId: string;
}

async function setUpTenant(url: string, operatorKey: string, index: number): Promise<Tenant> {
  const created = await gql(url, operatorKey, `mutation($n: String!) { createTenant(input: { name: $n }) { adminKey { secret } } }`, { n: `bench-${index}` });
  const key = created.createTenant.adminKey.secret as string;
  const signature = { inputs: [{ name: 'x', type: 'FLOAT32', shape: [null, FEATURES] }], outputs: [{ name: 'y', type: 'FLOAT32', shape: [null, 1] }] };
  const res = await fetch(`${url}/upload/models?${new URLSearchParams({ name: 'scorer', task: 'REGRESSION', signature: JSON.stringify(signature) })}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(mlpOnnx(SEED + index)),
  });
  const imported = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`import failed: ${JSON.stringify(imported)}`);
  const modelId = imported.data.model.id as string;
  await gql(url, key, `mutation($id: ID!) { setAlias(input: { modelId: $id, name: "production", version: 1 }) { alias { name } } }`, { id: modelId });

  let datasetId = '';
  for (let d = 0; d < 5; d += 1) {
    const ds = await gql(url, key, `mutation($n: String!) { createDataset(input: { name: $n, description: "bench" }) { dataset { id } } }`, { n: `dataset-${d}` });
    datasetId ||= ds.createDataset.dataset.id;
  }
  const rows = Array.from({ length: 200 }, (_, i) => `${i % 17},${(i * 7) % 13},${i % 3 === 0 ? 'a' : 'b'},${(i % 17) * 2 + ((i * 7) % 13)}`);
  const version = await gql(
    url,
    key,
    `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id } } }`,
    { input: { datasetId, format: 'CSV', content: `p,q,group,y\n${rows.join('\n')}\n`, labelColumn: 'y' } },
  );
  const versionId = version.createDatasetVersion.datasetVersion.id as string;
  const definition = await gql(url, key, `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`, {
    input: { name: 'definition', datasetVersionId: versionId, architecture: { preset: 'mlp', hiddenUnits: [8] }, epochs: 2 },
  });
  const trainedDefinitionId = definition.createModel.model.id as string;
  // No worker runs during the bench: the run stays QUEUED, to be listed and read.
  const run = await gql(url, key, `mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id } } }`, { id: trainedDefinitionId });
  return { key, modelId, datasetId, versionId, runId: run.startRun.run.id, trainedDefinitionId };
}

// ------------------------------------------------------------------------------------ load

type OpName = 'predict' | 'list' | 'get';
interface Operation {
  name: OpName;
  query: string;
  variables(t: Tenant, next: () => number): Record<string, unknown>;
}

const OPERATIONS: { weight: number; op: Operation }[] = [
  {
    weight: 40,
    op: {
      name: 'predict',
      query: `query Predict($input: PredictInput!) { predict(input: $input) { modelVersion { version } predictions { value } } }`,
      variables: (t, next) => ({ input: { modelId: t.modelId, alias: 'production', tensors: Array.from({ length: 1 + Math.floor(next() * 4) }, () => Array.from({ length: FEATURES }, () => next())) } }),
    },
  },
  { weight: 10, op: { name: 'list', query: `query ListDatasets { datasets(first: 10) { edges { node { id name createdAt latestVersion { id rowCount } } } pageInfo { hasNextPage endCursor } } }`, variables: () => ({}) } },
  { weight: 10, op: { name: 'list', query: `query ListModels { models(first: 10) { edges { node { id name task source aliases { name } } } pageInfo { hasNextPage } } }`, variables: () => ({}) } },
  { weight: 10, op: { name: 'list', query: `query ListRuns { runs(first: 10) { edges { node { id status queuedAt model { name } } } } }`, variables: () => ({}) } },
  { weight: 10, op: { name: 'get', query: `query GetModel($id: ID!) { model(id: $id) { id name batching { maxBatchSize } versions(first: 3) { edges { node { version onnx { sha256 } aliases } } } } }`, variables: (t) => ({ id: t.modelId }) } },
  { weight: 10, op: { name: 'get', query: `query GetRun($id: ID!) { run(id: $id) { id status attempt plannedEpochs model { name } } }`, variables: (t) => ({ id: t.runId }) } },
  { weight: 10, op: { name: 'get', query: `query GetVersion($id: ID!) { datasetVersion(id: $id) { id rowCount featureShape columns { name type stats { count mean } } } }`, variables: (t) => ({ id: t.versionId }) } },
];
const TOTAL_WEIGHT = OPERATIONS.reduce((s, o) => s + o.weight, 0);

class Recorder {
  readonly latencies: Record<OpName, number[]> = { predict: [], list: [], get: [] };
  readonly statuses = new Map<string, number>();
  fiveHundreds = 0;
  dropped = 0;
  graphqlErrors = 0;
  count = 0;
  readonly examples: string[] = [];
  record(op: OpName, ms: number, status: number | 'dropped', errorCode?: string) {
    this.count += 1;
    this.latencies[op].push(ms);
    const label = `${status}${errorCode ? ` ${errorCode}` : ''}`;
    this.statuses.set(label, (this.statuses.get(label) ?? 0) + 1);
    if (status === 'dropped') this.dropped += 1;
    else if (status >= 500) this.fiveHundreds += 1;
    if (errorCode) this.graphqlErrors += 1;
  }
}

async function runLoad(url: string, tenants: Tenant[], concurrency: number, seconds: number, recorder: Recorder, seed: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      const next = rng(seed + lane);
      const tenant = tenants[lane % tenants.length]!;
      while (performance.now() < deadline) {
        let roll = next() * TOTAL_WEIGHT;
        const { op } = OPERATIONS.find((o) => (roll -= o.weight) < 0) ?? OPERATIONS[0]!;
        const body = JSON.stringify({ query: op.query, variables: op.variables(tenant, next) });
        const t0 = performance.now();
        try {
          const res = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.key}` },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          const text = await res.text();
          let code: string | undefined;
          if (res.status !== 200 || text.includes('"errors"')) {
            code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? 'NO_CODE';
            if (recorder.examples.length < 5) recorder.examples.push(`${op.name} → ${res.status} ${text.slice(0, 300)}`);
          }
          recorder.record(op.name, performance.now() - t0, res.status, code);
        } catch (error) {
          recorder.record(op.name, performance.now() - t0, 'dropped');
          if (recorder.examples.length < 5) recorder.examples.push(`${op.name} → dropped: ${String((error as Error).cause ?? error)}`);
        }
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function latencyTable(recorder: Recorder, seconds: number) {
  const rows: string[][] = [];
  const all = ([] as number[]).concat(...Object.values(recorder.latencies)).sort((a, b) => a - b);
  const line = (name: string, values: number[]) => {
    const sorted = name === 'all' ? values : [...values].sort((a, b) => a - b);
    rows.push([name, String(sorted.length), (sorted.length / seconds).toFixed(0), ...[50, 90, 99, 99.9].map((p) => percentile(sorted, p).toFixed(1)), (sorted.at(-1) ?? NaN).toFixed(1)]);
  };
  for (const [name, values] of Object.entries(recorder.latencies)) line(name, values);
  line('all', all);
  const header = ['operation', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  return { p50: percentile(all, 50), p90: percentile(all, 90), p99: percentile(all, 99), max: all.at(-1) ?? NaN, rps: all.length / seconds };
}

// ------------------------------------------------------------------------------------ sampling

interface Sample {
  minutes: number;
  rssMb: number;
  heapMb: number;
  lagP99Ms: number;
  lagMeanMs: number;
}

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : NaN;
}

async function sample(url: string, startedAt: number): Promise<Sample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return {
    minutes: (performance.now() - startedAt) / 60_000,
    rssMb: metricValue(text, 'modelgraph_process_resident_memory_bytes') / 1e6,
    heapMb: metricValue(text, 'modelgraph_nodejs_heap_size_used_bytes') / 1e6,
    lagP99Ms: metricValue(text, 'modelgraph_nodejs_eventloop_lag_p99_seconds') * 1000,
    lagMeanMs: metricValue(text, 'modelgraph_nodejs_eventloop_lag_mean_seconds') * 1000,
  };
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const valid = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const n = valid.length;
  if (n < 2) return NaN;
  const mx = valid.reduce((s, [x]) => s + x, 0) / n;
  const my = valid.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = valid.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = valid.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

// ------------------------------------------------------------------------------------ main

async function main() {
  const cpus = os.cpus();
  console.log(`bench/load: ${LOAD_SECONDS} s at concurrency ${CONCURRENCY}, then ${SOAK_MINUTES} min soak at concurrency ${SOAK_CONCURRENCY}; ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mg-bench-load-'));
  const operatorKey = `mg_op_bench_${randomBytes(24).toString('base64url')}`;
  let gateway: Gateway | undefined;
  let failed = false;
  try {
    gateway = await startGateway({ DATABASE_URL: database.url, MODELGRAPH_DATA_DIR: dataDir, MODELGRAPH_OPERATOR_KEY: operatorKey, MODELGRAPH_MASTER_KEY: randomBytes(32).toString('hex') });
    const url = gateway.url;
    const tenants: Tenant[] = [];
    for (let i = 0; i < 3; i += 1) tenants.push(await setUpTenant(url, operatorKey, i));
    console.log(`set up 3 tenants (imported ONNX MLP ${FEATURES}-${HIDDEN}-1 aliased production, 5 datasets, 1 version, 1 definition, 1 queued run each)`);

    // Warm-up: sessions loaded, JIT warm, connections open.
    await runLoad(url, tenants, CONCURRENCY, WARMUP_SECONDS, new Recorder(), SEED - 1);

    const before = await sample(url, performance.now());
    const load = new Recorder();
    const seconds = await runLoad(url, tenants, CONCURRENCY, LOAD_SECONDS, load, SEED);
    const after = await sample(url, performance.now());
    console.log(`\nload: ${load.count} requests in ${seconds.toFixed(1)} s, mix predict 40% / list 30% / get 30%, 3 tenants`);
    const summary = latencyTable(load, seconds);
    console.log(`statuses: ${JSON.stringify(Object.fromEntries(load.statuses))}`);
    console.log(`5xx: ${load.fiveHundreds}, dropped connections: ${load.dropped}, GraphQL errors: ${load.graphqlErrors}`);
    console.log(`gateway RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB, heap ${before.heapMb.toFixed(0)} → ${after.heapMb.toFixed(0)} MB, event-loop lag p99 over the run ${after.lagP99Ms.toFixed(1)} ms`);
    if (load.examples.length) console.log(`examples of non-2xx/errors:\n  ${load.examples.join('\n  ')}`);
    failed ||= load.fiveHundreds > 0 || load.dropped > 0;
    console.log(`BENCH_RESULT load ${JSON.stringify({ seconds, concurrency: CONCURRENCY, requests: load.count, rps: summary.rps, p50: summary.p50, p90: summary.p90, p99: summary.p99, max: summary.max, fiveHundreds: load.fiveHundreds, dropped: load.dropped, graphqlErrors: load.graphqlErrors })}`);

    if (SOAK_MINUTES > 0) {
      const soak = new Recorder();
      const startedAt = performance.now();
      const samples: Sample[] = [await sample(url, startedAt)];
      const intervalMs = Math.max(2_000, Math.min(15_000, (SOAK_MINUTES * 60_000) / 40));
      let soaking = true;
      const sampler = (async () => {
        while (soaking) {
          await new Promise((r) => setTimeout(r, intervalMs));
          if (soaking) samples.push(await sample(url, startedAt));
        }
      })();
      const soakSeconds = await runLoad(url, tenants, SOAK_CONCURRENCY, SOAK_MINUTES * 60, soak, SEED + 1000);
      soaking = false;
      await sampler;
      samples.push(await sample(url, startedAt));
      console.log(`\nsoak: ${soak.count} requests in ${(soakSeconds / 60).toFixed(1)} min at concurrency ${SOAK_CONCURRENCY}; ${samples.length} samples every ${(intervalMs / 1000).toFixed(0)} s`);
      const soakSummary = latencyTable(soak, soakSeconds);
      console.log(`5xx: ${soak.fiveHundreds}, dropped connections: ${soak.dropped}, GraphQL errors: ${soak.graphqlErrors}`);
      const series = (f: (s: Sample) => number) => samples.map((s) => [s.minutes, f(s)] as [number, number]);
      // The first minutes include warm-up growth (JIT, caches, pools); the second half shows the trend.
      const secondHalf = (f: (s: Sample) => number) => series(f).filter(([m]) => m >= (SOAK_MINUTES / 2));
      const first = samples[0]!;
      const last = samples.at(-1)!;
      const rows = [
        ['RSS (MB)', first.rssMb, last.rssMb, slope(series((s) => s.rssMb)), slope(secondHalf((s) => s.rssMb))],
        ['heap used (MB)', first.heapMb, last.heapMb, slope(series((s) => s.heapMb)), slope(secondHalf((s) => s.heapMb))],
        ['event-loop lag p99 (ms)', first.lagP99Ms, last.lagP99Ms, slope(series((s) => s.lagP99Ms)), slope(secondHalf((s) => s.lagP99Ms))],
        ['event-loop lag mean (ms)', first.lagMeanMs, last.lagMeanMs, slope(series((s) => s.lagMeanMs)), slope(secondHalf((s) => s.lagMeanMs))],
      ] as const;
      console.log(`\n${'gateway'.padEnd(26)}${'start'.padStart(9)}${'end'.padStart(9)}${'slope/min'.padStart(12)}${'2nd half/min'.padStart(14)}`);
      for (const [name, a, b, s1, s2] of rows) {
        console.log(`${name.padEnd(26)}${a.toFixed(1).padStart(9)}${b.toFixed(1).padStart(9)}${s1.toFixed(2).padStart(12)}${s2.toFixed(2).padStart(14)}`);
      }
      failed ||= soak.fiveHundreds > 0 || soak.dropped > 0;
      console.log(
        `BENCH_RESULT soak ${JSON.stringify({
          minutes: soakSeconds / 60,
          concurrency: SOAK_CONCURRENCY,
          requests: soak.count,
          rps: soakSummary.rps,
          p99: soakSummary.p99,
          fiveHundreds: soak.fiveHundreds,
          dropped: soak.dropped,
          rssMbStart: first.rssMb,
          rssMbEnd: last.rssMb,
          rssMbPerMinute: slope(series((s) => s.rssMb)),
          rssMbPerMinuteSecondHalf: slope(secondHalf((s) => s.rssMb)),
          heapMbPerMinute: slope(series((s) => s.heapMb)),
          lagP99MsPerMinute: slope(series((s) => s.lagP99Ms)),
          samples,
        })}`,
      );
    }
    const healthy = (await fetch(`${url}/healthz`)).status === 200;
    if (!healthy) failed = true;
    console.log(`\n/healthz after the run: ${healthy ? 200 : 'FAILED'}${failed ? '; FAILED: 5xx responses or dropped connections (see above)' : ''}`);
  } finally {
    if (gateway && gateway.child.exitCode === null) {
      const exited = new Promise((r) => gateway!.child.once('exit', r));
      gateway.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
    await database.drop().catch(() => undefined);
    await stopScratchServer().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();
