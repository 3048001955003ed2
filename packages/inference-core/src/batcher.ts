/**
 * A pure dynamic batcher: coalesces concurrent submissions into one `run` call and splits the
 * outputs back by row counts. No I/O; time comes from an injectable clock so tests are exact.
 *
 * Policy (see README):
 * - Submissions join the *open* batch until it holds `maxBatchSize` rows. The open batch becomes due
 *   `maxQueueDelayMs` after its first submission (with 0: on the next macrotask via `setImmediate`, so
 *   everything submitted in the same tick — including later microtasks — is coalesced).
 * - A submission that does not fit (too many rows, or a different tensor layout) closes the open batch
 *   and starts a new one; a submission with `rows >= maxBatchSize` is a batch of its own. Batches are
 *   never split and run strictly in FIFO order, so nothing is starved.
 * - One batch runs at a time. While it runs, the open batch keeps filling even after it is due, and
 *   is dispatched as soon as the runner is free. Under load this gives larger batches for free.
 * - A failing run rejects every submission of that batch with the same error; later batches run normally.
 */
import { checkBatch, concatFeeds, layoutKey, sliceOutputs, type FeedBatch, type OutputBatch } from './feeds.ts';

export { concatFeeds, sliceOutputs };

export interface BatchStats {
  /** Rows in the batch. */
  rows: number;
  /** Submissions coalesced into it. */
  requests: number;
  /** From the batch's first submission to the start of its run. */
  queueMs: number;
  /** Duration of `run`. */
  runMs: number;
  /** False when `run` failed (every submission was rejected). */
  ok: boolean;
}

/** Time source and timer, injectable for tests. `setTimer` returns a cancel function. */
export interface BatcherClock {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: BatcherClock = {
  now: () => performance.now(),
  setTimer(fn, ms) {
    if (ms <= 0) {
      const h = setImmediate(fn);
      return () => clearImmediate(h);
    }
    const h = setTimeout(fn, ms);
    return () => clearTimeout(h);
  },
};

export interface DynamicBatcherOptions {
  maxBatchSize: number;
  maxQueueDelayMs: number;
  run: (batch: FeedBatch) => Promise<OutputBatch>;
  onBatch?: (stats: BatchStats) => void;
  /** Reject new submissions while this many rows are queued (not counting the running batch). Default: unbounded. */
  maxQueuedRows?: number;
  clock?: BatcherClock;
}

/** Thrown by `submit` when `maxQueuedRows` would be exceeded (load shedding). */
export class BatcherOverloadedError extends Error {
  readonly code = 'OVERLOADED' as const;
  constructor(message: string) {
    super(message);
    this.name = 'BatcherOverloadedError';
  }
}

interface Pending {
  feeds: FeedBatch;
  resolve: (out: OutputBatch) => void;
  reject: (err: unknown) => void;
}

interface Batch {
  items: Pending[];
  rows: number;
  layout: string;
  openedAt: number;
  due: boolean;
  cancelTimer?: () => void;
}

export class DynamicBatcher {
  private readonly maxBatchSize: number;
  private readonly maxQueueDelayMs: number;
  private readonly maxQueuedRows: number;
  private readonly runFn: (batch: FeedBatch) => Promise<OutputBatch>;
  private readonly onBatch: ((stats: BatchStats) => void) | undefined;
  private readonly clock: BatcherClock;

  /** Closed batches waiting for the runner, FIFO. Always older than `open`. */
  private readonly ready: Batch[] = [];
  private open: Batch | null = null;
  private running = false;
  private queued = { rows: 0, requests: 0 };

  constructor(opts: DynamicBatcherOptions) {
    if (!Number.isInteger(opts.maxBatchSize) || opts.maxBatchSize < 1) throw new RangeError('maxBatchSize must be a positive integer');
    if (!(opts.maxQueueDelayMs >= 0)) throw new RangeError('maxQueueDelayMs must be >= 0');
    this.maxBatchSize = opts.maxBatchSize;
    this.maxQueueDelayMs = opts.maxQueueDelayMs;
    this.maxQueuedRows = opts.maxQueuedRows ?? Infinity;
    this.runFn = opts.run;
    this.onBatch = opts.onBatch;
    this.clock = opts.clock ?? systemClock;
  }

  /** Rows and submissions waiting (not counting the batch being run). */
  get queuedRows(): number {
    return this.queued.rows;
  }
  get queuedRequests(): number {
    return this.queued.requests;
  }
  /** True while a batch is running. */
  get busy(): boolean {
    return this.running;
  }

  submit(feeds: FeedBatch): Promise<OutputBatch> {
    try {
      checkBatch(feeds, 'submit');
      if (feeds.rows === 0) throw new TypeError('submit: a batch needs at least one row');
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.queued.rows > 0 && this.queued.rows + feeds.rows > this.maxQueuedRows) {
      return Promise.reject(new BatcherOverloadedError(`the inference queue is full (${this.queued.rows} rows waiting)`));
    }
    return new Promise<OutputBatch>((resolve, reject) => {
      const item: Pending = { feeds, resolve, reject };
      const layout = layoutKey(feeds);
      this.queued.rows += feeds.rows;
      this.queued.requests++;
      if (feeds.rows >= this.maxBatchSize) {
        // Oversized: its own batch, behind everything already queued (FIFO, never split).
        this.closeOpen();
        this.ready.push({ items: [item], rows: feeds.rows, layout, openedAt: this.clock.now(), due: true });
      } else {
        if (this.open && (this.open.layout !== layout || this.open.rows + feeds.rows > this.maxBatchSize)) this.closeOpen();
        if (!this.open) this.startOpen(layout);
        const open = this.open!;
        open.items.push(item);
        open.rows += feeds.rows;
        if (open.rows === this.maxBatchSize) this.closeOpen();
      }
      this.pump();
    });
  }

  private startOpen(layout: string): void {
    const batch: Batch = { items: [], rows: 0, layout, openedAt: this.clock.now(), due: false };
    batch.cancelTimer = this.clock.setTimer(() => {
      batch.cancelTimer = undefined;
      batch.due = true;
      this.pump();
    }, this.maxQueueDelayMs);
    this.open = batch;
  }

  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    open.cancelTimer?.();
    open.cancelTimer = undefined;
    open.due = true;
    this.open = null;
    this.ready.push(open);
  }

  private pump(): void {
    if (this.running) return;
    let batch = this.ready.shift();
    if (!batch && this.open?.due) {
      batch = this.open;
      this.open = null;
    }
    if (!batch) return;
    this.running = true;
    this.queued.rows -= batch.rows;
    this.queued.requests -= batch.items.length;
    void this.execute(batch).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  private async execute(batch: Batch): Promise<void> {
    const started = this.clock.now();
    let ok = false;
    try {
      const feeds = concatFeeds(batch.items.map((i) => i.feeds));
      const out = await this.runFn(feeds);
      checkBatch(out, 'run output');
      if (out.rows !== feeds.rows) throw new Error(`run returned ${out.rows} rows for a batch of ${feeds.rows}`);
      let offset = 0;
      for (const item of batch.items) {
        item.resolve(batch.items.length === 1 ? out : sliceOutputs(out, offset, item.feeds.rows));
        offset += item.feeds.rows;
      }
      ok = true;
    } catch (err) {
      for (const item of batch.items) item.reject(err);
    }
    if (this.onBatch) {
      try {
        this.onBatch({ rows: batch.rows, requests: batch.items.length, queueMs: started - batch.openedAt, runMs: this.clock.now() - started, ok });
      } catch {
        // Metrics must never break serving.
      }
    }
  }
}
