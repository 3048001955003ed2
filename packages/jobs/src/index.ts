// The training queue (pg-boss: a Postgres-backed job engine, so any number of workers on any
// machine that reaches the database share it) and run events over Postgres LISTEN/NOTIFY, so
// every gateway instance sees every worker's progress.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import PgBoss from 'pg-boss';

export const TRAINING_QUEUE = 'training';
export const RUN_EVENTS_CHANNEL = 'modelgraph_run_events';

export type RunStatusName = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** Small on purpose (NOTIFY payloads are capped at 8000 bytes): subscribers read details from the database. */
export interface RunEvent {
  tenantId: string;
  runId: string;
  type: 'epoch' | 'status';
  epoch?: number;
  status?: RunStatusName;
}

export interface TrainingJob {
  runId: string;
  tenantId: string;
}

export interface JobQueue {
  boss: PgBoss;
  enqueueTraining(job: TrainingJob): Promise<string | null>;
  stop(): Promise<void>;
}

type Log = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

export async function createJobQueue(url: string, opts: { log?: Log; supervise?: boolean } = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    // Maintenance (expiry, archiving) runs in whichever processes supervise; one is enough but more are harmless.
    supervise: opts.supervise ?? true,
  });
  boss.on('error', (error: unknown) => opts.log?.('error', 'job queue error', { err: error }));
  await boss.start();
  // Our own run lease (heartbeats) decides retries, so the engine never re-delivers a training job by itself.
  await boss.createQueue(TRAINING_QUEUE, { name: TRAINING_QUEUE, retryLimit: 0, expireInSeconds: 6 * 60 * 60 }).catch(
    (error: unknown) => {
      if (!String(error).includes('already exists')) throw error;
    },
  );
  return {
    boss,
    enqueueTraining: (job) => boss.send(TRAINING_QUEUE, job, { retryLimit: 0, expireInSeconds: 6 * 60 * 60 }),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}

export function runEventPayload(event: RunEvent): string {
  return JSON.stringify(event);
}

function isRunEvent(value: unknown): value is RunEvent {
  const v = value as RunEvent;
  return Boolean(v && typeof v.runId === 'string' && typeof v.tenantId === 'string' && (v.type === 'epoch' || v.type === 'status'));
}

/**
 * One LISTEN connection per process, fanned out to in-process subscribers by run ID. Reconnects
 * with backoff when Postgres goes away; subscribers are told (`reconnected`) so they can re-read
 * state they may have missed.
 */
export class RunEventListener {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private stopped = false;
  private retryDelayMs = 250;

  constructor(
    private readonly url: string,
    private readonly log?: Log,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel !== RUN_EVENTS_CHANNEL || !message.payload) return;
      try {
        const event: unknown = JSON.parse(message.payload);
        if (isRunEvent(event)) this.emitter.emit(event.runId, event);
      } catch {
        this.log?.('warn', 'ignored a malformed run event', { payload: message.payload.slice(0, 200) });
      }
    });
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners('end');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log?.('warn', 'run event listener lost its connection; reconnecting', { err: error });
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
    this.client = client;
    this.retryDelayMs = 250;
  }

  private scheduleReconnect() {
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5_000);
    setTimeout(() => {
      if (this.stopped) return;
      this.connect()
        .then(() => this.emitter.emit('reconnected'))
        .catch((error: unknown) => {
          this.log?.('warn', 'run event listener could not reconnect yet', { err: String(error) });
          this.scheduleReconnect();
        });
    }, delay).unref();
  }

  /** Calls `handler` for each event of the run until the returned function is called. */
  subscribe(runId: string, handler: (event: RunEvent | 'reconnected') => void): () => void {
    const onEvent = (event: RunEvent) => handler(event);
    const onReconnect = () => handler('reconnected');
    this.emitter.on(runId, onEvent);
    this.emitter.on('reconnected', onReconnect);
    return () => {
      this.emitter.off(runId, onEvent);
      this.emitter.off('reconnected', onReconnect);
    };
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
