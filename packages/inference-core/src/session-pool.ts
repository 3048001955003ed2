/**
 * SessionPool: a bounded LRU cache of ONNX Runtime sessions keyed by a caller-chosen string.
 *
 * - Loads through the caller's `load(key)`; concurrent requests for one key share one load.
 * - Bounded by session count and total model bytes; the least recently used sessions are evicted
 *   after each load. An evicted session stops taking new runs at once but is released only when its
 *   in-flight runs have finished.
 * - Every session is warmed up with one dummy row on load (dynamic dims → 1, strings → '').
 * - ORT's `session.run` computes synchronously on the calling thread, so a big model would stall the
 *   event loop. Models above `offThreadBytes` (mode 'auto') or all models (mode 'thread') therefore live
 *   in worker threads, each hosting its own sessions: the model bytes are sent once on load, feeds and
 *   outputs are transferred (not copied) per run. Small models stay in-process (no message hop).
 */
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import { checkBatch, type BatchTensor, type FeedBatch, type OutputBatch } from './feeds.ts';
import { loadSession, runRaw, transferables, type RawTensor, type ValueDescription } from './ort-host.mjs';
import type { TensorElementType, TensorInfo } from './signature.ts';

export type ExecutionMode = 'inline' | 'thread' | 'auto';

export type PoolEvent =
  | { type: 'load'; key: string; bytes: number; thread: boolean; loadMs: number; warmupMs: number | null; warmupError: string | null }
  | { type: 'evict'; key: string; reason: 'lru' | 'explicit' | 'worker-exit' | 'close' }
  | { type: 'release'; key: string };

export interface SessionPoolOptions {
  /** Fetches a model's ONNX bytes (e.g. from the artifact store). Its errors are passed through unchanged. */
  load: (key: string) => Promise<Uint8Array>;
  /** Default 64. */
  maxSessions?: number;
  /** Total bytes of cached models. Default 1 GiB. A single model above this is refused (TOO_LARGE). */
  maxBytes?: number;
  /** Default 'auto': models larger than `offThreadBytes` run in worker threads. */
  mode?: ExecutionMode;
  /** Default 2 MiB. */
  offThreadBytes?: number;
  /** Worker threads for off-thread models. Default 1. */
  threads?: number;
  /**
   * Passed to `InferenceSession.create` (must be structured-cloneable for thread mode). Default
   * `logSeverityLevel` is 4 (fatal only): ORT's own stderr logging would duplicate the errors we throw.
   */
  sessionOptions?: InferenceSession.SessionOptions;
  /** Default true. */
  warmup?: boolean;
  /** For logs and metrics; must not throw (errors are ignored). */
  onEvent?: (event: PoolEvent) => void;
}

export interface SessionInfo {
  key: string;
  bytes: number;
  thread: boolean;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  loadMs: number;
  warmupMs: number | null;
  /** Why the dummy warm-up run failed, if it did (the session is still served). */
  warmupError: string | null;
}

export type SessionPoolErrorCode = 'TOO_LARGE' | 'LOAD_FAILED' | 'RUN_FAILED' | 'WORKER_EXITED' | 'CLOSED';

export class SessionPoolError extends Error {
  readonly code: SessionPoolErrorCode;
  constructor(code: SessionPoolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionPoolError';
    this.code = code;
  }
}

// ------------------------------------------------------------------------------------------------
// FeedBatch ⇄ raw tensors

function toRawFeeds(feeds: FeedBatch): Record<string, RawTensor> {
  const raw: Record<string, RawTensor> = {};
  for (const [name, t] of Object.entries(feeds.tensors)) raw[name] = { type: t.type, dims: [feeds.rows, ...t.rowShape], data: t.data };
  return raw;
}

/** Outputs must be batched along dim 0; other element types are widened to the three batch types. */
function toBatchTensor(name: string, raw: RawTensor, rows: number): BatchTensor {
  if (raw.dims.length === 0 || raw.dims[0] !== rows) {
    throw new SessionPoolError('RUN_FAILED', `output "${name}" has shape [${raw.dims.join(', ')}]; expected ${rows} rows along dim 0`);
  }
  const rowShape = raw.dims.slice(1);
  const data = raw.data;
  switch (raw.type) {
    case 'float32':
    case 'int64':
    case 'string':
      return { type: raw.type, rowShape, data: data as Float32Array | BigInt64Array | string[] };
    case 'float64':
      return { type: 'float32', rowShape, data: Float32Array.from(data as Float64Array) };
    case 'uint64':
      return { type: 'int64', rowShape, data: BigInt64Array.from(data as BigUint64Array, (v) => BigInt.asIntN(64, v)) };
    case 'bool':
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
      return { type: 'int64', rowShape, data: BigInt64Array.from(data as ArrayLike<number>, (v) => BigInt(v)) };
    default:
      throw new SessionPoolError('RUN_FAILED', `output "${name}" has unsupported type ${raw.type}`);
  }
}

function toOutputBatch(raw: Record<string, RawTensor>, rows: number): OutputBatch {
  const tensors: Record<string, BatchTensor> = {};
  for (const [name, t] of Object.entries(raw)) tensors[name] = toBatchTensor(name, t, rows);
  return { rows, tensors };
}

function tensorInfos(values: ValueDescription[]): TensorInfo[] {
  return values.map((v) => ({ name: v.name, type: (v.type ?? 'float32') as TensorElementType, shape: v.shape }));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ------------------------------------------------------------------------------------------------
// Worker threads

interface WorkerCall {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type WorkerRequest =
  | { op: 'load'; sid: number; bytes: Uint8Array; options: InferenceSession.SessionOptions | undefined; warmup: boolean }
  | { op: 'run'; sid: number; feeds: Record<string, RawTensor> }
  | { op: 'release'; sid: number };

class WorkerSlot {
  readonly worker: Worker;
  readonly sids = new Set<number>();
  hostedBytes = 0;
  dead = false;
  private readonly calls = new Map<number, WorkerCall>();
  private nextId = 1;

  constructor(onExit: (slot: WorkerSlot, err: Error) => void) {
    this.worker = new Worker(new URL('./session-worker.mjs', import.meta.url));
    // Idle workers must not keep the process alive; a worker with calls in flight must.
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const call = this.calls.get(msg.id);
      if (!call) return;
      this.calls.delete(msg.id);
      if (this.calls.size === 0) this.worker.unref();
      if (msg.ok) call.resolve(msg.result);
      else call.reject(new Error(msg.error));
    });
    const die = (err: Error) => {
      if (this.dead) return;
      this.dead = true;
      for (const call of this.calls.values()) call.reject(err);
      this.calls.clear();
      onExit(this, err);
    };
    this.worker.on('error', (err) => die(new SessionPoolError('WORKER_EXITED', `inference worker failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', (code) => die(new SessionPoolError('WORKER_EXITED', `inference worker exited with code ${code}`)));
  }

  call(req: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.dead) return Promise.reject(new SessionPoolError('WORKER_EXITED', 'inference worker is gone'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.calls.size === 0) this.worker.ref();
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...req }, transfer);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

// ------------------------------------------------------------------------------------------------
// Pool

type Backend = { kind: 'inline'; session: InferenceSession } | { kind: 'thread'; slot: WorkerSlot };

interface Entry {
  key: string;
  /** Unique per load (a key can be reloaded while its evicted predecessor drains). */
  sid: number;
  info: SessionInfo;
  backend: Backend;
  state: 'ready' | 'draining' | 'released';
  inFlight: number;
  released: Promise<void>;
  markReleased: () => void;
}

const MiB = 1024 * 1024;

export class SessionPool {
  private readonly opts: Required<Omit<SessionPoolOptions, 'sessionOptions' | 'onEvent'>> &
    Pick<SessionPoolOptions, 'sessionOptions' | 'onEvent'>;
  /** LRU order: least recently used first (Map iteration order; touched entries are re-inserted). */
  private readonly cache = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly live = new Set<Entry>();
  private readonly slots: (WorkerSlot | null)[];
  private totalBytes = 0;
  private nextSid = 1;
  private closed = false;

  constructor(opts: SessionPoolOptions) {
    this.opts = {
      maxSessions: 64,
      maxBytes: 1024 * MiB,
      mode: 'auto',
      offThreadBytes: 2 * MiB,
      threads: 1,
      warmup: true,
      ...opts,
    };
    this.opts.sessionOptions = { logSeverityLevel: 4, ...opts.sessionOptions };
    if (this.opts.maxSessions < 1 || this.opts.threads < 1) throw new RangeError('maxSessions and threads must be >= 1');
    this.slots = new Array<WorkerSlot | null>(this.opts.threads).fill(null);
  }

  /** Sessions cached (not counting evicted ones still draining). */
  get size(): number {
    return this.cache.size;
  }

  /** Total model bytes of the cached sessions. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Keys in LRU order, least recently used first. */
  keys(): string[] {
    return [...this.cache.keys()];
  }

  has(key: string): boolean {
    return this.cache.has(key);
  }

  /** Info of a cached session, without loading or touching it. */
  peek(key: string): SessionInfo | undefined {
    return this.cache.get(key)?.info;
  }

  /** Loads (if needed) and returns the session's info (input/output metadata). */
  async info(key: string): Promise<SessionInfo> {
    const entry = await this.acquire(key);
    this.done(entry);
    return entry.info;
  }

  /**
   * Runs the model. In thread mode the feeds' typed-array buffers are transferred to the worker and
   * become detached here: pass freshly built feeds (as `tensorsToFeeds`/`recordsToFeeds`/the batcher do).
   */
  async run(key: string, feeds: FeedBatch): Promise<OutputBatch> {
    checkBatch(feeds, 'run');
    const entry = await this.acquire(key);
    try {
      const raw = toRawFeeds(feeds);
      let out: Record<string, RawTensor>;
      try {
        if (entry.backend.kind === 'inline') out = await runRaw(entry.backend.session, raw);
        else out = (await entry.backend.slot.call({ op: 'run', sid: entry.sid, feeds: raw }, transferables(raw))) as Record<string, RawTensor>;
      } catch (err) {
        if (err instanceof SessionPoolError) throw err;
        throw new SessionPoolError('RUN_FAILED', `inference failed: ${errorMessage(err)}`, { cause: err });
      }
      return toOutputBatch(out, feeds.rows);
    } finally {
      this.done(entry);
    }
  }

  /** Evicts a session now (it is released once its in-flight runs finish). */
  evict(key: string): boolean {
    const entry = this.cache.get(key);
    if (!entry) return false;
    this.evictEntry(entry, 'explicit');
    return true;
  }

  /** Evicts everything, waits for in-flight runs, releases all sessions and stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.loading.values()]);
    for (const entry of [...this.cache.values()]) this.evictEntry(entry, 'close');
    await Promise.all([...this.live].map((e) => e.released));
    const slots = this.slots.filter((s): s is WorkerSlot => s !== null);
    this.slots.fill(null);
    await Promise.all(slots.map((s) => s.terminate()));
  }

  // ---- internals ----------------------------------------------------------------------------

  private async acquire(key: string): Promise<Entry> {
    for (;;) {
      if (this.closed) throw new SessionPoolError('CLOSED', 'the session pool is closed');
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key);
        this.cache.set(key, cached);
        cached.inFlight++;
        return cached;
      }
      let pending = this.loading.get(key);
      if (!pending) {
        pending = this.loadEntry(key);
        this.loading.set(key, pending);
        const clear = () => {
          if (this.loading.get(key) === pending) this.loading.delete(key);
        };
        pending.then(clear, clear);
      }
      const entry = await pending;
      // Evicted since (by a later load) but still draining: usable. Already released: load again.
      if (entry.state !== 'released') {
        entry.inFlight++;
        return entry;
      }
    }
  }

  private done(entry: Entry): void {
    entry.inFlight--;
    if (entry.state === 'draining' && entry.inFlight === 0) this.release(entry);
  }

  private pickSlot(): WorkerSlot {
    let best: WorkerSlot | null = null;
    for (let i = 0; i < this.slots.length; i++) {
      let slot = this.slots[i];
      if (!slot || slot.dead) {
        slot = new WorkerSlot((s, err) => this.onWorkerExit(s, err));
        this.slots[i] = slot;
      }
      if (!best || slot.hostedBytes < best.hostedBytes) best = slot;
    }
    return best!;
  }

  private async loadEntry(key: string): Promise<Entry> {
    const bytes = await this.opts.load(key);
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new SessionPoolError('LOAD_FAILED', `model "${key}" is empty`);
    const size = bytes.length;
    if (size > this.opts.maxBytes) {
      throw new SessionPoolError('TOO_LARGE', `model "${key}" is ${size} bytes; the session pool holds at most ${this.opts.maxBytes}`);
    }
    if (this.closed) throw new SessionPoolError('CLOSED', 'the session pool is closed');
    const thread = this.opts.mode === 'thread' || (this.opts.mode === 'auto' && size > this.opts.offThreadBytes);
    const sid = this.nextSid++;
    const started = performance.now();
    let backend: Backend;
    let loaded: { inputs: ValueDescription[]; outputs: ValueDescription[]; warmupMs: number | null; warmupError: string | null };
    try {
      if (thread) {
        const slot = this.pickSlot();
        slot.hostedBytes += size;
        slot.sids.add(sid);
        try {
          // Copied into a fresh ArrayBuffer (the caller's bytes may be a view on a shared Buffer slab),
          // and the copy is transferred, so the model crosses to the worker once.
          const copy = new Uint8Array(bytes);
          loaded = (await slot.call(
            { op: 'load', sid, bytes: copy, options: this.opts.sessionOptions, warmup: this.opts.warmup },
            [copy.buffer as ArrayBuffer],
          )) as typeof loaded;
        } catch (err) {
          slot.hostedBytes -= size;
          slot.sids.delete(sid);
          throw err;
        }
        backend = { kind: 'thread', slot };
      } else {
        const { session, ...rest } = await loadSession(bytes, this.opts.sessionOptions, this.opts.warmup);
        loaded = rest;
        backend = { kind: 'inline', session };
      }
    } catch (err) {
      if (err instanceof SessionPoolError) throw err;
      throw new SessionPoolError('LOAD_FAILED', `model "${key}" could not be loaded: ${errorMessage(err)}`, { cause: err });
    }
    const info: SessionInfo = {
      key,
      bytes: size,
      thread,
      inputs: tensorInfos(loaded.inputs),
      outputs: tensorInfos(loaded.outputs),
      loadMs: performance.now() - started,
      warmupMs: loaded.warmupMs,
      warmupError: loaded.warmupError,
    };
    let markReleased!: () => void;
    const released = new Promise<void>((r) => (markReleased = r));
    const entry: Entry = { key, sid, info, backend, state: 'ready', inFlight: 0, released, markReleased };
    this.live.add(entry);
    if (backend.kind === 'thread' && backend.slot.dead) {
      entry.state = 'draining';
      this.release(entry);
      throw new SessionPoolError('WORKER_EXITED', `the inference worker exited while loading "${key}"`);
    }
    if (this.closed) {
      entry.state = 'draining';
      this.release(entry);
      throw new SessionPoolError('CLOSED', 'the session pool is closed');
    }
    this.cache.set(key, entry);
    this.totalBytes += size;
    this.emit({ type: 'load', key, bytes: size, thread, loadMs: info.loadMs, warmupMs: info.warmupMs, warmupError: info.warmupError });
    this.enforceBounds(entry);
    return entry;
  }

  /** Evicts least-recently-used sessions (never `keep`, the one just loaded) until within bounds. */
  private enforceBounds(keep: Entry): void {
    for (const entry of this.cache.values()) {
      if (this.cache.size <= this.opts.maxSessions && this.totalBytes <= this.opts.maxBytes) return;
      if (entry !== keep) this.evictEntry(entry, 'lru');
    }
  }

  private evictEntry(entry: Entry, reason: 'lru' | 'explicit' | 'worker-exit' | 'close'): void {
    if (this.cache.get(entry.key) === entry) {
      this.cache.delete(entry.key);
      this.totalBytes -= entry.info.bytes;
    }
    if (entry.state !== 'ready') return;
    entry.state = 'draining';
    this.emit({ type: 'evict', key: entry.key, reason });
    if (entry.inFlight === 0) this.release(entry);
  }

  private release(entry: Entry): void {
    if (entry.state === 'released') return;
    entry.state = 'released';
    this.live.delete(entry);
    const { backend } = entry;
    const finish = () => {
      entry.markReleased();
      this.emit({ type: 'release', key: entry.key });
    };
    if (backend.kind === 'inline') {
      backend.session.release().then(finish, finish);
    } else {
      backend.slot.hostedBytes -= entry.info.bytes;
      backend.slot.sids.delete(entry.sid);
      if (backend.slot.dead) finish();
      else backend.slot.call({ op: 'release', sid: entry.sid }).then(finish, finish);
    }
  }

  /** A crashed worker took its sessions with it: drop them so the next run reloads. */
  private onWorkerExit(slot: WorkerSlot, _err: Error): void {
    for (const entry of [...this.live]) {
      if (entry.backend.kind === 'thread' && entry.backend.slot === slot) this.evictEntry(entry, 'worker-exit');
    }
  }

  private emit(event: PoolEvent): void {
    try {
      this.opts.onEvent?.(event);
    } catch {
      // Observability must not break serving.
    }
  }
}
