/**
 * Trains a resolved model on in-memory data. Batches are cut from the flat arrays per step with a
 * seeded shuffle (tfjs' own `fit` shuffle uses Math.random), so a seeded run is reproducible and the
 * training split never has to exist as one big tensor.
 *
 * Labels: regression y = one float per example; binary y = 0/1; multiclass y = the class index per
 * example (or, equivalently, n * numClasses one-hot values). Multiclass labels are one-hot encoded per
 * batch and trained with categorical cross-entropy, so the saved model is a plain softmax classifier.
 */
import type * as TfNs from '@tensorflow/tfjs';
import { buildModel, type Tf } from './build.ts';
import { RunCancelledError, TrainingFailedError } from './errors.ts';
import { createPrng, randomSeed, shuffleInPlace } from './random.ts';
import type { EarlyStoppingMetric } from './spec.ts';
import type { ResolvedModel } from './validate.ts';

export interface DataSplit {
  /** n * prod(featureShape) values, row-major. */
  x: Float32Array;
  y: Float32Array | Int32Array;
  n: number;
}

export interface EpochReport {
  /** 1-based. */
  epoch: number;
  loss: number;
  valLoss?: number;
  /** `accuracy`/`val_accuracy` (classification) or `mae`/`val_mae` (regression). */
  metrics: Record<string, number>;
  durationMs: number;
}

export interface TrainOptions {
  tf: Tf;
  resolved: ResolvedModel;
  featureShape: readonly number[];
  data: { train: DataSplit; validation?: DataSplit };
  onEpoch?: (e: EpochReport) => void | Promise<void>;
  /** Polled at every epoch end and, within an epoch, after a batch at most every `stopCheckIntervalMs`. */
  shouldStop?: () => boolean | Promise<boolean>;
  /** Default 1000. */
  stopCheckIntervalMs?: number;
  log?: (line: string) => void;
}

export interface TrainResult {
  /** Trained, compiled model; its optimiser state is already released. The caller disposes it. */
  model: TfNs.LayersModel;
  epochsRun: number;
  stoppedEarly: boolean;
  /** Epoch (1-based) with the best early-stopping metric, when early stopping was on. */
  bestEpoch?: number;
  history: EpochReport[];
  /** The seed used (the spec's, or a random one), so the run can be repeated. */
  seed: number;
}

const METRIC_NAMES: Record<string, string> = { acc: 'accuracy', accuracy: 'accuracy', mae: 'mae', meanAbsoluteError: 'mae' };

/** `acc` → `accuracy`, `val_acc` → `val_accuracy`, ... */
function normaliseLogs(logs: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (typeof value !== 'number') continue;
    const val = key.startsWith('val_');
    const base = val ? key.slice(4) : key;
    const name = base === 'loss' ? 'loss' : METRIC_NAMES[base] ?? base;
    out[val ? `val_${name}` : name] = value;
  }
  return out;
}

const OOM = /out of memory|allocation failed|cannot enlarge memory|invalid array length|array buffer allocation/i;

function makeOptimizer(tf: Tf, o: ResolvedModel['optimizer']): TfNs.Optimizer {
  switch (o.type) {
    case 'sgd':
      return tf.train.sgd(o.learningRate);
    case 'momentum':
      return tf.train.momentum(o.learningRate, o.momentum ?? 0.9);
    case 'adam':
      return tf.train.adam(o.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate, 0.9, o.momentum ?? 0);
  }
}

/** Label values per example after encoding (1, or numClasses for multiclass). */
function labelWidth(resolved: ResolvedModel): number {
  return resolved.task === 'MULTICLASS' ? resolved.numClasses! : 1;
}

/** Checks sizes and values up front: bad data should fail with a reason, not as a NaN loss later. */
function checkSplit(name: string, split: DataSplit, resolved: ResolvedModel, rowSize: number): void {
  const bad = (message: string): never => {
    throw new TrainingFailedError(`${name} data: ${message}`, { kind: 'INVALID_DATA' });
  };
  if (!Number.isInteger(split.n) || split.n < 1) bad(`needs at least one example, got n = ${split.n}`);
  if (split.x.length !== split.n * rowSize) bad(`x has ${split.x.length} values, expected n * ${rowSize} = ${split.n * rowSize}`);
  const first = resolved.layers[0]!;
  const vocab = first.type === 'embedding' ? first.inputDim! : undefined;
  for (let i = 0; i < split.x.length; i++) {
    const v = split.x[i]!;
    if (!Number.isFinite(v)) bad(`feature value ${v} in example ${Math.floor(i / rowSize)}`);
    if (vocab !== undefined && (!Number.isInteger(v) || v < 0 || v >= vocab)) {
      bad(`token id ${v} in example ${Math.floor(i / rowSize)} is outside the embedding's [0, ${vocab})`);
    }
  }
  const k = resolved.numClasses ?? 1;
  const oneHot = resolved.task === 'MULTICLASS' && split.y.length === split.n * k && split.y.length !== split.n;
  if (split.y.length !== split.n && !oneHot) bad(`y has ${split.y.length} values, expected ${split.n}`);
  for (let i = 0; i < split.y.length; i++) {
    const v = split.y[i]!;
    if (!Number.isFinite(v)) bad(`label ${v} in example ${oneHot ? Math.floor(i / k) : i}`);
    if (resolved.task === 'BINARY' && v !== 0 && v !== 1) bad(`binary labels must be 0 or 1, got ${v} in example ${i}`);
    if (resolved.task === 'MULTICLASS' && !oneHot && (!Number.isInteger(v) || v < 0 || v >= k)) {
      bad(`class index ${v} in example ${i} is outside [0, ${k})`);
    }
    if (oneHot && v !== 0 && v !== 1) bad(`one-hot labels must be 0 or 1, got ${v} in example ${Math.floor(i / k)}`);
  }
}

/** Writes the encoded label of example `src` into `out` at row `dst`. */
function writeLabel(split: DataSplit, resolved: ResolvedModel, src: number, out: Float32Array, dst: number): void {
  if (resolved.task !== 'MULTICLASS') {
    out[dst] = split.y[src]!;
    return;
  }
  const k = resolved.numClasses!;
  if (split.y.length === split.n * k && split.n * k !== split.n) {
    out.set(split.y.subarray(src * k, src * k + k), dst * k);
  } else {
    out.fill(0, dst * k, dst * k + k);
    out[dst * k + split.y[src]!] = 1;
  }
}

function labelsOf(split: DataSplit, resolved: ResolvedModel): Float32Array {
  const out = new Float32Array(split.n * labelWidth(resolved));
  for (let i = 0; i < split.n; i++) writeLabel(split, resolved, i, out, i);
  return out;
}

/** Wraps an error thrown by the caller's own callbacks so it is rethrown unchanged, not classified. */
class CallerFailure {
  constructor(readonly error: unknown) {}
}

async function callerCode<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new CallerFailure(err);
  }
}

/** Lets timers and I/O (heartbeats, an async `shouldStop`) run: cpu kernels never yield on their own. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const YIELD_EVERY_MS = 50;

/**
 * Builds, compiles and trains the model, reporting every completed epoch through `onEpoch`.
 * Throws {@link TrainingFailedError} (NaN loss, out of memory, bad data), {@link RunCancelledError}
 * (`shouldStop`), or whatever `onEpoch`/`shouldStop` throw; in every such case the model and all
 * tensors are disposed.
 *
 * The loop is ours (one `trainOnBatch` per step) rather than `fitDataset`: a step that throws can then
 * strand no tfjs bookkeeping tensors, cancellation and NaN checks happen per batch, and each batch
 * draws its dropout seed.
 */
export async function trainModel(opts: TrainOptions): Promise<TrainResult> {
  const { tf, resolved, data } = opts;
  const log = opts.log ?? (() => {});
  if (opts.featureShape.join(',') !== resolved.featureShape.join(',')) {
    throw new TrainingFailedError(`feature shape [${opts.featureShape.join(', ')}] differs from the one the model was validated for [${resolved.featureShape.join(', ')}]`, { kind: 'INVALID_MODEL' });
  }
  const rowSize = resolved.featureShape.reduce((a, b) => a * b, 1);
  checkSplit('training', data.train, resolved, rowSize);
  if (data.validation) checkSplit('validation', data.validation, resolved, rowSize);

  const seed = resolved.seed ?? randomSeed();
  const prng = createPrng(seed);
  const width = labelWidth(resolved);
  const train = data.train;
  const batchSize = Math.min(resolved.batchSize, train.n);
  const metric = earlyStoppingMetric(resolved, !!data.validation, log);
  const interval = opts.stopCheckIntervalMs ?? 1000;

  let model: TfNs.LayersModel | undefined;
  let optimizer: TfNs.Optimizer | undefined;
  let valX: TfNs.Tensor | undefined;
  let valY: TfNs.Tensor | undefined;
  let epoch = 0;
  let building = true;
  const history: EpochReport[] = [];
  try {
    model = buildModel(tf, resolved, seed);
    optimizer = makeOptimizer(tf, resolved.optimizer);
    model.compile({ optimizer, loss: resolved.loss, metrics: resolved.task === 'REGRESSION' ? ['mae'] : ['accuracy'] });
    const names = model.metricsNames; // ['loss', 'acc'] or ['loss', 'mae']
    const dropouts = model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as { seed?: number }[];
    if (data.validation) {
      const v = data.validation;
      valX = tf.tensor(v.x, [v.n, ...resolved.featureShape]);
      valY = tf.tensor2d(labelsOf(v, resolved), [v.n, width]);
    }
    building = false;

    log(`training ${resolved.totalParams} parameters on ${tf.getBackend()}: ${train.n} examples, ${resolved.epochs} epochs of batch ${batchSize}, seed ${seed}`);
    const order = new Uint32Array(train.n).map((_, i) => i);
    const xb = new Float32Array(batchSize * rowSize);
    const yb = new Float32Array(batchSize * width);
    let stoppedEarly = false;
    let best = metric?.mode === 'max' ? -Infinity : Infinity;
    let bestEpoch: number | undefined;
    let wait = 0;
    let lastStopCheck = performance.now();
    let lastYield = performance.now();
    const cancelRequested = async () => {
      lastStopCheck = performance.now();
      return opts.shouldStop ? await callerCode(opts.shouldStop) : false;
    };

    for (epoch = 1; epoch <= resolved.epochs; epoch++) {
      const epochStart = performance.now();
      shuffleInPlace(order, prng);
      const sums = new Array<number>(names.length).fill(0);
      for (let start = 0; start < train.n; start += batchSize) {
        const b = Math.min(batchSize, train.n - start);
        for (let r = 0; r < b; r++) {
          const src = order[start + r]!;
          xb.set(train.x.subarray(src * rowSize, (src + 1) * rowSize), r * rowSize);
          writeLabel(train, resolved, src, yb, r);
        }
        // A fixed dropout seed would reuse one mask for every step: draw a fresh seeded one per batch.
        for (const d of dropouts) d.seed = prng.nextUint32();
        const xs = tf.tensor(xb.subarray(0, b * rowSize), [b, ...resolved.featureShape]);
        let ys: TfNs.Tensor | undefined;
        let values: number[];
        try {
          ys = tf.tensor2d(yb.subarray(0, b * width), [b, width]);
          const out = await model.trainOnBatch(xs, ys);
          values = Array.isArray(out) ? out : [out];
        } finally {
          xs.dispose();
          ys?.dispose();
        }
        if (!Number.isFinite(values[0])) throw nanError(epoch);
        values.forEach((v, i) => (sums[i]! += v * b));

        const now = performance.now();
        if (opts.shouldStop && now - lastStopCheck >= interval && (await cancelRequested())) throw new RunCancelledError(history.length);
        if (now - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }

      const logs: Record<string, number> = {};
      names.forEach((name, i) => (logs[name] = sums[i]! / train.n));
      if (valX && valY) {
        const outs = model.evaluate(valX, valY, { batchSize: Math.max(batchSize, 32) });
        const scalars = Array.isArray(outs) ? outs : [outs];
        try {
          scalars.forEach((t, i) => (logs[`val_${names[i]!}`] = t.dataSync()[0]!));
        } finally {
          tf.dispose(scalars);
        }
      }
      const all = normaliseLogs(logs);
      const loss = all['loss']!;
      const valLoss = all['val_loss'];
      // The last update can blow the weights up after the final batch loss was still finite.
      if (!Number.isFinite(loss) || (valLoss !== undefined && !Number.isFinite(valLoss))) throw nanError(epoch);
      // Training metrics first, then validation ones.
      const metrics = Object.fromEntries(
        Object.entries(all)
          .filter(([k]) => k !== 'loss' && k !== 'val_loss')
          .sort(([a], [b]) => Number(a.startsWith('val_')) - Number(b.startsWith('val_'))),
      );
      const report: EpochReport = { epoch, loss, ...(valLoss !== undefined && { valLoss }), metrics, durationMs: performance.now() - epochStart };
      history.push(report);
      await callerCode(() => opts.onEpoch?.(report));

      if (metric) {
        const value = all[metric.name];
        if (value !== undefined) {
          const improved = metric.mode === 'min' ? value < best - metric.minDelta : value > best + metric.minDelta;
          if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
          } else if (++wait >= metric.patience && epoch < resolved.epochs) {
            stoppedEarly = true;
            log(`early stopping at epoch ${epoch}: ${metric.name} has not improved for ${metric.patience} epochs (best ${best.toPrecision(5)} at epoch ${bestEpoch})`);
          }
        }
      }
      if (await cancelRequested()) throw new RunCancelledError(history.length);
      if (stoppedEarly) break;
      await yieldToEventLoop();
      lastYield = performance.now();
    }

    for (const d of dropouts) delete d.seed; // keep the saved config free of the last batch's seed
    releaseOptimizer(tf, optimizer);
    optimizer = undefined;
    const result: TrainResult = { model, epochsRun: history.length, stoppedEarly, history, seed };
    if (bestEpoch !== undefined) result.bestEpoch = bestEpoch;
    model = undefined; // now the caller's
    return result;
  } catch (err) {
    if (err instanceof CallerFailure) throw err.error;
    if (err instanceof RunCancelledError) log(`cancelled after ${err.epochsCompleted} completed epochs`);
    throw classify(err, epoch, tf.getBackend(), building);
  } finally {
    if (optimizer) releaseOptimizer(tf, optimizer);
    model?.dispose();
    tf.dispose([valX, valY].filter((t): t is TfNs.Tensor => t !== undefined));
  }
}

/**
 * Disposes the optimiser's state. tfjs 4.22's MomentumOptimizer.dispose() forgets the learning-rate
 * scalar of its SGD base class, so any tensor still held directly by the optimiser is disposed too.
 */
function releaseOptimizer(tf: Tf, optimizer: TfNs.Optimizer): void {
  optimizer.dispose();
  for (const value of Object.values(optimizer)) {
    if (value instanceof tf.Tensor && !value.isDisposed) value.dispose();
  }
}

function nanError(epoch: number): TrainingFailedError {
  return new TrainingFailedError(`loss became NaN at epoch ${epoch}; try a lower learning rate`, { kind: 'NAN_LOSS', epoch });
}

/** Our own errors pass through; tfjs/runtime errors become failure reasons. */
function classify(err: unknown, epoch: number, backend: string, building: boolean): unknown {
  if (err instanceof TrainingFailedError || err instanceof RunCancelledError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError || OOM.test(message)) {
    return new TrainingFailedError(`ran out of memory${epoch > 0 ? ` at epoch ${epoch}` : ''}; try a smaller batch size or a smaller model`, {
      kind: 'OUT_OF_MEMORY',
      ...(epoch > 0 && { epoch }),
      cause: err,
    });
  }
  if (/not registered for backend/i.test(message)) {
    return new TrainingFailedError(`the ${backend} backend cannot train this model: ${message}`, { kind: 'BACKEND', ...(epoch > 0 && { epoch }), cause: err });
  }
  if (building) return new TrainingFailedError(`the model cannot be built: ${message}`, { kind: 'INVALID_MODEL', cause: err });
  return new TrainingFailedError(`training failed${epoch > 0 ? ` at epoch ${epoch}` : ''}: ${message}`, { kind: 'INTERNAL', ...(epoch > 0 && { epoch }), cause: err });
}

interface ResolvedEarlyStopping {
  name: EarlyStoppingMetric;
  mode: 'min' | 'max';
  patience: number;
  minDelta: number;
}

function earlyStoppingMetric(resolved: ResolvedModel, hasValidation: boolean, log: (line: string) => void): ResolvedEarlyStopping | undefined {
  const es = resolved.earlyStopping;
  if (!es) return undefined;
  let name = es.metric;
  if (name.startsWith('val_') && !hasValidation) {
    name = name.slice(4) as EarlyStoppingMetric;
    log(`early stopping on ${name}: there is no validation data for ${es.metric}`);
  }
  return { name, mode: name.endsWith('accuracy') ? 'max' : 'min', patience: es.patience, minDelta: es.minDelta };
}
