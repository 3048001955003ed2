// bench/train: training throughput (samples/s) of an MLP 20-64-64-1 (relu, Adam 0.001, batch 64, MSE) through
// the platform's `trainModel` on each available tfjs backend, beside a plain tfjs `model.fit` of the same model
// on the same data in the same run.
//
//   npx tsx bench/train.ts                     # 50,000 rows x 3 epochs, median of 3 timed rounds per path
//   BENCH_TRAIN_ROWS=20000 BENCH_TRAIN_EPOCHS=2 BENCH_TRAIN_REPEATS=1 npx tsx bench/train.ts
//
// Each backend runs in its own child process (tfjs keeps one active backend per process, and every backend
// then starts cold). In a child, each path first trains an untimed 1-epoch warm-up on a fresh model (kernel
// registration, wasm instantiation, JIT); then BENCH_TRAIN_REPEATS rounds each train a fresh model per path
// for E epochs under the clock, alternating which path goes first. samples/s = rows * epochs / median
// seconds; the clock covers building + compiling the model and the whole training, for both paths
// (trainModel does both inside).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FEATURES = 20;
const BATCH = 64;
const LEARNING_RATE = 0.001;
const DATA_SEED = 20240601;
const TEST_ROWS = 5_000;

const SPEC = (epochs: number) => ({
  task: 'REGRESSION',
  architecture: {
    layers: [
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 64, activation: 'relu' },
    ],
  },
  optimizer: { type: 'adam', learningRate: LEARNING_RATE },
  epochs,
  batchSize: BATCH,
  seed: 1,
});

const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];

interface Config {
  rows: number;
  epochs: number;
  /** Timed rounds per path (the median is reported). */
  repeats: number;
}

interface PathResult {
  /** Median over the timed rounds. */
  seconds: number;
  allSeconds: number[];
  warmupSeconds: number;
  /** Mean training loss of the last epoch, as each path reports it (median over rounds). */
  finalLoss: number;
  /** MSE of the trained model on a held-out set (same set for both paths; median over rounds). */
  testMse: number;
}

interface BackendResult {
  kind: 'backend';
  backend: Backend;
  active: string;
  reason: string;
  baseline: PathResult;
  platform: PathResult;
  onEpochCalls: number;
  /** Tensors alive after all runs in the child minus before them (should be 0). */
  leakedTensors: number;
}

interface ProbeResult {
  kind: 'probe';
  defaultBackend: string;
  defaultReason: string;
  native: { loadable: boolean; detail: string };
  tfjsVersion: string;
}

// ------------------------------------------------------------------------------------------- data

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/**
 * Seeded synthetic regression data: x ~ N(0, 1)^20, y a smooth nonlinear function of x plus noise
 * (noise variance 0.01, so a well-trained model approaches an MSE of 0.01).
 */
function makeData(rows: number, seed: number): { x: Float32Array; y: Float32Array; n: number } {
  const weights = mulberry32(DATA_SEED);
  const a = Array.from({ length: FEATURES }, () => (weights() * 2 - 1) / Math.sqrt(FEATURES / 3));
  const b = Array.from({ length: FEATURES }, () => (weights() * 2 - 1) / Math.sqrt(FEATURES / 3));
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const x = new Float32Array(rows * FEATURES);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let da = 0;
    let db = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = normal();
      x[i * FEATURES + j] = v;
      da += a[j]! * v;
      db += b[j]! * v;
    }
    y[i] = Math.sin(da) + 0.5 * Math.tanh(db) * x[i * FEATURES]! + 0.1 * normal();
  }
  return { x, y, n: rows };
}

// ------------------------------------------------------------------------------------------ child

async function probe(): Promise<ProbeResult> {
  const core = await import('@modelgraph/training-core');
  const resolved = core.resolveModelSpec(SPEC(1), { featureShape: [FEATURES], task: 'REGRESSION' });
  // The same optional import selectBackend tries (a variable specifier: the package is optional).
  const specifier = '@tensorflow/tfjs-node';
  let native: ProbeResult['native'];
  try {
    await import(specifier);
    native = { loadable: true, detail: 'installed' };
  } catch (err) {
    const code = (err as { code?: string }).code;
    native = {
      loadable: false,
      detail: code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'not installed' : `fails to load: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  const picked = await core.selectBackend(resolved);
  return { kind: 'probe', defaultBackend: picked.name, defaultReason: picked.reason, native, tfjsVersion: picked.tf.version.tfjs };
}

async function runBackend(backend: Backend, config: Config): Promise<BackendResult> {
  const core = await import('@modelgraph/training-core');
  const featureShape = [FEATURES];
  const resolvedFor = (epochs: number) => core.resolveModelSpec(SPEC(epochs), { featureShape, task: 'REGRESSION' });
  const resolved = resolvedFor(config.epochs);
  const picked = await core.selectBackend(resolved, backend === 'tensorflow' ? {} : { force: backend });
  if (picked.name !== backend) throw new Error(`asked for backend ${backend}, selectBackend gave ${picked.name} (${picked.reason})`);
  const tf = picked.tf;
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();

  const train = makeData(config.rows, 1);
  const test = makeData(TEST_ROWS, 2);
  const testX = tf.tensor2d(test.x, [test.n, FEATURES]);
  const testMse = (model: { predict(x: unknown, args?: object): unknown }): number => {
    const pred = model.predict(testX, { batchSize: 1024 }) as import('@tensorflow/tfjs').Tensor;
    const p = pred.dataSync();
    pred.dispose();
    let s = 0;
    for (let i = 0; i < test.n; i++) s += (p[i]! - test.y[i]!) ** 2;
    return s / test.n;
  };

  // ---- baseline: plain tfjs, as a tfjs user would write it.
  const baselineFit = async (epochs: number): Promise<{ seconds: number; loss: number; mse: number }> => {
    const started = performance.now();
    const xs = tf.tensor2d(train.x, [train.n, FEATURES]);
    const ys = tf.tensor2d(train.y, [train.n, 1]);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 64, activation: 'relu', inputShape: [FEATURES], kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }) }),
        tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 12 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 13 }) }),
      ],
    });
    const optimizer = tf.train.adam(LEARNING_RATE);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const history = await model.fit(xs, ys, { batchSize: BATCH, epochs, shuffle: true, verbose: 0 });
    const seconds = (performance.now() - started) / 1000;
    const losses = history.history['loss'] as number[];
    const mse = testMse(model);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
    return { seconds, loss: losses[losses.length - 1]!, mse };
  };

  // ---- platform: trainModel, with a worker-like onEpoch (an awaited small write) and shouldStop.
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'mg-bench-train-'));
  let onEpochCalls = 0;
  const platformFit = async (epochs: number): Promise<{ seconds: number; loss: number; mse: number }> => {
    const progressFile = path.join(workDir, `progress-${epochs}.jsonl`);
    const started = performance.now();
    const result = await core.trainModel({
      tf,
      resolved: epochs === config.epochs ? resolved : resolvedFor(epochs),
      featureShape,
      data: { train },
      // The worker inserts a RunEpoch row and publishes a notification here.
      onEpoch: async (report) => {
        onEpochCalls++;
        await appendFile(progressFile, `${JSON.stringify(report)}\n`);
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
      },
      // The worker's cancellation check (a cached flag refreshed by its heartbeat).
      shouldStop: async () => false,
    });
    const seconds = (performance.now() - started) / 1000;
    const mse = testMse(result.model);
    result.model.dispose();
    return { seconds, loss: result.history[result.history.length - 1]!.loss, mse };
  };

  type Run = { seconds: number; loss: number; mse: number };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summarise = (warm: Run, runs: Run[]): PathResult => ({
    seconds: median(runs.map((r) => r.seconds)),
    allSeconds: runs.map((r) => r.seconds),
    warmupSeconds: warm.seconds,
    finalLoss: median(runs.map((r) => r.loss)),
    testMse: median(runs.map((r) => r.mse)),
  });

  try {
    const before = tf.memory().numTensors;
    // Untimed warm-up of each path on a fresh model: kernel registration, wasm, JIT.
    const warmBaseline = await baselineFit(1);
    const warmPlatform = await platformFit(1);
    // Timed rounds, alternating which path goes first so neither always inherits the other's heap/JIT state.
    const baselineRuns: Run[] = [];
    const platformRuns: Run[] = [];
    for (let round = 0; round < config.repeats; round++) {
      if (round % 2 === 0) {
        baselineRuns.push(await baselineFit(config.epochs));
        platformRuns.push(await platformFit(config.epochs));
      } else {
        platformRuns.push(await platformFit(config.epochs));
        baselineRuns.push(await baselineFit(config.epochs));
      }
    }
    return {
      kind: 'backend',
      backend,
      active: tf.getBackend(),
      reason: picked.reason,
      baseline: summarise(warmBaseline, baselineRuns),
      platform: summarise(warmPlatform, platformRuns),
      onEpochCalls,
      leakedTensors: tf.memory().numTensors - before,
    };
  } finally {
    testX.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}

// ----------------------------------------------------------------------------------------- parent

function readConfig(): Config {
  const int = (name: string, fallback: number, min: number): number => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
    return value;
  };
  return { rows: int('BENCH_TRAIN_ROWS', 50_000, BATCH), epochs: int('BENCH_TRAIN_EPOCHS', 3, 1), repeats: int('BENCH_TRAIN_REPEATS', 3, 1) };
}

async function runChild<T extends ProbeResult | BackendResult>(task: 'probe' | Backend, config: Config): Promise<T> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_TRAIN_CHILD: task, BENCH_TRAIN_ROWS: String(config.rows), BENCH_TRAIN_EPOCHS: String(config.epochs), BENCH_TRAIN_REPEATS: String(config.repeats) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: T | undefined;
  child.on('message', (message: T) => {
    result = message;
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0 || !result) throw new Error(`${task} failed (exit code ${code}${signal ? `, signal ${signal}` : ''})`);
  return result;
}

function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((cell, i) => (i <= 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)];
}

async function main() {
  const task = process.env.BENCH_TRAIN_CHILD as 'probe' | Backend | undefined;
  const config = readConfig();
  if (task) {
    const result = task === 'probe' ? await probe() : await runBackend(task, config);
    process.send!(result, () => process.disconnect());
    return;
  }

  const cpus = os.cpus();
  console.log(
    `bench/train: MLP ${FEATURES}-64-64-1 (relu, Adam ${LEARNING_RATE}, MSE), batch ${BATCH}, ${config.rows.toLocaleString('en-US')} rows x ` +
      `${config.epochs} epochs, median of ${config.repeats} timed rounds; node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}`,
  );
  process.stdout.write('  probing backends ... ');
  const probed = await runChild<ProbeResult>('probe', config);
  console.log(`tfjs ${probed.tfjsVersion}; selectBackend default: ${probed.defaultBackend} (${probed.defaultReason})`);

  const results: BackendResult[] = [];
  for (const backend of BACKENDS) {
    if (backend === 'tensorflow' && !probed.native.loadable) {
      console.log(`  tensorflow ... skipped: @tensorflow/tfjs-node ${probed.native.detail}`);
      continue;
    }
    // The cpu backend prints tfjs' "install tfjs-node" banner on first use, so the progress gets its own line.
    console.log(`  ${backend} ...`);
    const result = await runChild<BackendResult>(backend, config);
    console.log(`  ${backend}: baseline ${result.baseline.allSeconds.map((x) => x.toFixed(2)).join(' / ')} s, platform ${result.platform.allSeconds.map((x) => x.toFixed(2)).join(' / ')} s`);
    results.push(result);
  }

  const samples = config.rows * config.epochs;
  const body: string[][] = [];
  for (const r of results) {
    const baseRate = samples / r.baseline.seconds;
    for (const [label, p] of [
      ['tfjs model.fit (baseline)', r.baseline],
      ['trainModel (platform)', r.platform],
    ] as const) {
      const rate = samples / p.seconds;
      body.push([
        r.backend + (r.backend === probed.defaultBackend ? ' *' : ''),
        label,
        p.seconds.toFixed(2),
        `${Math.min(...p.allSeconds).toFixed(2)}-${Math.max(...p.allSeconds).toFixed(2)}`,
        Math.round(rate).toLocaleString('en-US'),
        `${(rate / baseRate).toFixed(2)}x`,
        p.finalLoss.toFixed(4),
        p.testMse.toFixed(4),
        p.warmupSeconds.toFixed(2),
      ]);
    }
  }
  if (!probed.native.loadable) body.push(['tensorflow', `${probed.native.detail} (@tensorflow/tfjs-node)`, '-', '-', '-', '-', '-', '-', '-']);

  console.log('');
  for (const line of table(['backend', 'path', 'seconds', 'min-max s', 'samples/s', 'vs fit', 'final loss', 'test MSE', 'warm-up s'], body)) console.log(line);
  console.log('');
  console.log(`  * = what selectBackend picks by default for this model: ${probed.defaultBackend} (${probed.defaultReason}).`);
  console.log(`  samples/s = ${config.rows.toLocaleString('en-US')} rows x ${config.epochs} epochs / median seconds of ${config.repeats} timed rounds (the order of`);
  console.log('  the two paths alternates per round); the clock covers building + compiling a fresh model and training it.');
  console.log('  Each path first trains an untimed 1-epoch warm-up. final loss = mean training MSE of the last epoch; test MSE');
  console.log('  on 5,000 held-out rows (noise floor 0.01); both medians over the rounds.');
  console.log('  trainModel: seeded shuffle, `mae` metric per batch (the platform always compiles one), onEpoch appends a JSON');
  console.log('  line to a file + a 1 ms timer (the worker writes a RunEpoch row there), async shouldStop.');
  console.log('  model.fit: Math.random shuffle, loss only, seeded glorot initialisers (not the platform\'s seeds).');
  for (const r of results) {
    if (r.leakedTensors !== 0) console.log(`! ${r.backend}: ${r.leakedTensors} tensors left after the runs`);
    const expected = 1 + config.repeats * config.epochs;
    if (r.onEpochCalls !== expected) console.log(`! ${r.backend}: onEpoch called ${r.onEpochCalls} times, expected ${expected}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
