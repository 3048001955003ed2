// A handle on a training run: iterate its epochs live (from the runProgress subscription), wait for
// the final run, or cancel it. Dropped connections are resumed with `afterEpoch`, so no epoch is
// lost or repeated.
import { ModelGraphError } from './errors.ts';
import {
  RunProgressDocument,
  type EpochFieldsFragment,
  type RunFieldsFragment,
  type RunProgressSubscription,
  type RunStatus,
  type RunSummaryFragment,
} from './generated/graphql.ts';
import { isTransient, subscriptionError } from './subscriptions.ts';
import type { DocumentLike } from './transport.ts';

export type RunProgressEvent = RunProgressSubscription['runProgress'];

/** One finished epoch, with where the run stands. */
export interface TrainingEpoch extends EpochFieldsFragment {
  runId: string;
  /** Epochs the definition plans; training may stop early. */
  plannedEpochs: number;
  status: RunStatus;
}

export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export interface Sink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

export interface TrainingDeps {
  listen<TResult, TVariables>(document: DocumentLike<TResult, TVariables>, variables: TVariables, sink: Sink<TResult>): Promise<() => void>;
  fetchRun(runId: string): Promise<RunFieldsFragment>;
  cancelRun(runId: string): Promise<RunSummaryFragment>;
}

export interface WatchOptions {
  /** Skip epochs up to and including this one (resume a watch). */
  afterEpoch?: number;
  /** Reconnections tried after a dropped connection, with backoff (default 8). */
  maxReconnects?: number;
}

export class TrainingRun implements AsyncIterable<TrainingEpoch> {
  readonly runId: string;
  /** The run as returned when it was started (for handles from `train`). */
  readonly initial: RunSummaryFragment | undefined;

  readonly #deps: TrainingDeps;
  readonly #maxReconnects: number;
  readonly #events: RunProgressEvent[] = [];
  #lastEpoch: number;
  #plannedEpochs = 0;
  #status: RunStatus | undefined;
  #lastStatusEvent: RunStatus | undefined;
  #ended = false;
  #error: ModelGraphError | undefined;
  #unsubscribe: Promise<() => void> | undefined;
  /** Identifies the live subscription; callbacks of one we stopped are ignored. */
  #current: object | undefined;
  #reconnects = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #consumers = 0;
  #wake: (() => void) | undefined;
  #changed: Promise<void>;

  constructor(deps: TrainingDeps, runId: string, options: WatchOptions & { initial?: RunSummaryFragment } = {}) {
    this.#deps = deps;
    this.runId = runId;
    this.initial = options.initial;
    this.#lastEpoch = Math.max(0, options.afterEpoch ?? 0);
    this.#maxReconnects = options.maxReconnects ?? 8;
    this.#status = options.initial?.status;
    this.#plannedEpochs = options.initial?.plannedEpochs ?? 0;
    this.#changed = new Promise((resolve) => (this.#wake = resolve));
  }

  /** The latest status seen. */
  get status(): RunStatus | undefined {
    return this.#status;
  }

  /** The last epoch received. */
  get lastEpoch(): number {
    return this.#lastEpoch;
  }

  get plannedEpochs(): number {
    return this.#plannedEpochs;
  }

  #notify() {
    const wake = this.#wake;
    this.#changed = new Promise((resolve) => (this.#wake = resolve));
    wake?.();
  }

  #start() {
    if (this.#unsubscribe || this.#ended || this.#error || this.#reconnectTimer) return;
    const variables = { runId: this.runId, afterEpoch: this.#lastEpoch > 0 ? this.#lastEpoch : null };
    const token = {};
    this.#current = token;
    const live = () => this.#current === token;
    const settle = () => {
      this.#current = undefined;
      this.#unsubscribe = undefined;
    };
    this.#unsubscribe = this.#deps.listen(RunProgressDocument, variables, {
      next: (data) => {
        if (!live()) return;
        const event = data.runProgress;
        if (event.epoch) {
          if (event.epoch.epoch <= this.#lastEpoch) return;
          this.#lastEpoch = event.epoch.epoch;
        } else if (event.kind === 'STATUS' && event.run.status === this.#lastStatusEvent) {
          // A resumed subscription starts with the current status again.
          return;
        }
        if (event.kind === 'STATUS') this.#lastStatusEvent = event.run.status;
        this.#status = event.run.status;
        this.#plannedEpochs = event.run.plannedEpochs;
        this.#reconnects = 0;
        this.#events.push(event);
        this.#notify();
      },
      error: (raw) => {
        if (!live()) return;
        settle();
        const error = subscriptionError(raw);
        if (isTransient(error) && this.#reconnects < this.#maxReconnects && this.#consumers > 0) {
          const delay = Math.min(250 * 2 ** this.#reconnects, 5_000);
          this.#reconnects += 1;
          this.#reconnectTimer = setTimeout(() => {
            this.#reconnectTimer = undefined;
            this.#start();
          }, delay);
          return;
        }
        this.#error = error;
        this.#notify();
      },
      complete: () => {
        if (!live()) return;
        settle();
        this.#ended = true;
        this.#notify();
      },
    });
    this.#unsubscribe.catch((error: unknown) => {
      if (!live()) return;
      settle();
      this.#error = subscriptionError(error);
      this.#notify();
    });
  }

  #stopIfIdle() {
    if (this.#consumers > 0) return;
    if (this.#reconnectTimer) {
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = undefined;
    }
    const unsubscribe = this.#unsubscribe;
    this.#current = undefined;
    this.#unsubscribe = undefined;
    void unsubscribe?.then((fn) => fn()).catch(() => undefined);
  }

  /** Every progress event (STATUS and EPOCH), from the first, until the run ends. */
  events(): AsyncIterableIterator<RunProgressEvent> {
    let index = 0;
    let active = true;
    this.#consumers += 1;
    const release = () => {
      if (!active) return;
      active = false;
      this.#consumers -= 1;
      this.#stopIfIdle();
      // Wake a `next()` waiting on this iterator so it can end.
      this.#notify();
    };
    const iterator: AsyncIterableIterator<RunProgressEvent> = {
      next: async () => {
        while (active) {
          if (index < this.#events.length) return { value: this.#events[index++]!, done: false };
          if (this.#error) {
            release();
            throw this.#error;
          }
          if (this.#ended) break;
          const changed = this.#changed;
          this.#start();
          await changed;
        }
        release();
        return { value: undefined, done: true };
      },
      return: async () => {
        release();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** The run's epochs as they finish (already recorded ones first); ends when the run ends. */
  epochs(): AsyncIterableIterator<TrainingEpoch> {
    const events = this.events();
    const runId = this.runId;
    const iterator: AsyncIterableIterator<TrainingEpoch> = {
      async next() {
        for (;;) {
          const next = await events.next();
          if (next.done) return { value: undefined, done: true };
          const { epoch, run } = next.value;
          if (epoch) return { value: { ...epoch, runId, plannedEpochs: run.plannedEpochs, status: run.status }, done: false };
        }
      },
      async return() {
        await events.return?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterator<TrainingEpoch> {
    return this.epochs();
  }

  /**
   * Waits for the run to end and returns it in full (status, epochs, evaluation, model version).
   * Resolves for FAILED and CANCELLED runs too: check `status`.
   */
  async done(): Promise<RunFieldsFragment> {
    const events = this.events();
    try {
      while (!(await events.next()).done);
    } finally {
      await events.return?.();
    }
    let run = await this.#deps.fetchRun(this.runId);
    for (let i = 0; !TERMINAL_RUN_STATUSES.has(run.status); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** i, 2_000)));
      run = await this.#deps.fetchRun(this.runId);
    }
    this.#status = run.status;
    return run;
  }

  /** Asks the run to stop (a running one stops within one epoch). */
  async cancel(): Promise<RunSummaryFragment> {
    const run = await this.#deps.cancelRun(this.runId);
    this.#status = run.status;
    return run;
  }
}
