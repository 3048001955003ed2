// Faults: a worker SIGKILLed mid-epoch, a WebSocket dropped mid-stream, Postgres restarted under
// load, a full artifact disk. In every case: typed errors while it lasts, recovery without a
// restart, and nothing lost or duplicated.
import { execFileSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { LocalArtifactStore, type ArtifactStore, type ByteSource } from '@modelgraph/artifact-store';
import { applyMigrations, startDatabase, type DatabaseHandle } from '@modelgraph/db';
import type { RunEventListener } from '@modelgraph/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway } from './support/gateway.ts';
import { createDatasetVersion, createModel, startRun, waitForRun } from './support/training.ts';
import { isTypedBody, recordProgress, startTcpProxy, until, wsClientAt } from './support/cluster.ts';
import { LINEAR_SIGNATURE, linearOnnx } from './support/fuzz.ts';

function linearRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({ a: (i % 89) / 89, b: ((i * 7) % 31) / 31, y: ((i % 89) / 89) * 2 + ((i * 7) % 31) / 31 }));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Listeners the gateway's run-event fan-out still holds for a run (0 once every subscription ended). */
function listenersFor(gw: TestGateway, runId: string): number {
  const emitter = (gw.platform.runEvents as unknown as { emitter?: EventEmitter }).emitter;
  if (!emitter) throw new Error('RunEventListener no longer has an `emitter`; update listenersFor()');
  return emitter.listenerCount(runId);
}

describe('training faults seen by a live subscriber', () => {
  let gw: TestGateway;
  let key: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    key = (await gw.createTenant('faults')).adminKey;
  });
  afterAll(async () => gw?.close());

  it('SIGKILL of a worker mid-epoch: the run finishes on another worker; the subscriber sees every epoch once', async () => {
    const version = await createDatasetVersion(gw, key, { name: 'rows', format: 'JSON', content: JSON.stringify(linearRows(3000)), labelColumn: 'y' });
    const modelId = await createModel(gw, key, { name: 'victim', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [32] }, epochs: 20, batchSize: 16, seed: 9 });
    const lease = { MODELGRAPH_RUN_LEASE_MS: '3000' };
    const doomed = await gw.startWorker(lease);
    const runId = await startRun(gw, key, modelId);
    const client = wsClientAt(gw.graphqlUrl, key);
    try {
      const watch = recordProgress(client, runId);
      await until('two epochs on the subscriber', () => watch.epochs().length, (n) => n >= 2, 120_000);
      doomed.child.kill('SIGKILL');
      await new Promise((resolve) => doomed.child.once('exit', resolve));
      const seenBeforeKill = watch.epochs().length;

      const rescuer = await gw.startWorker(lease);
      const events = await watch.done;
      expect(watch.errors).toEqual([]);
      // Every epoch exactly once, in order, across the two attempts.
      expect(watch.epochs()).toEqual(range(20));
      expect(events.at(-1)).toMatchObject({ kind: 'STATUS', run: { status: 'SUCCEEDED', attempt: 2 } });
      // The subscriber was told the run went back to the queue and started again.
      const statuses = events.filter((e) => e.kind === 'STATUS').map((e) => `${e.run.status}#${e.run.attempt}`);
      expect(statuses).toEqual(expect.arrayContaining(['RUNNING#1', 'RUNNING#2', 'SUCCEEDED#2']));

      // The stored run agrees with what was streamed: seeded training repeats attempt 1's epochs
      // exactly, so the values seen before the kill are the values kept after it.
      const done = await waitForRun(gw, key, runId);
      expect(done.epochs.map((e: any) => e.epoch)).toEqual(range(20));
      const streamed = new Map(events.filter((e) => e.kind === 'EPOCH').map((e) => [e.epoch!.epoch, e.epoch!.loss]));
      for (const epoch of done.epochs) expect(streamed.get(epoch.epoch)).toBeCloseTo(epoch.loss, 5);
      expect(await gw.db.modelVersion.count({ where: { modelDefinitionId: modelId } })).toBe(1);
      expect(seenBeforeKill).toBeLessThan(20);
      await rescuer.stop();
    } finally {
      await client.dispose();
    }
    await until('subscription cleanup', () => listenersFor(gw, runId), (n) => n === 0, 10_000);
  });

  it('a WebSocket dropped mid-stream resumes from the last epoch with afterEpoch: nothing lost, nothing twice', async () => {
    const version = await createDatasetVersion(gw, key, { name: 'rows-2', format: 'JSON', content: JSON.stringify(linearRows(2000)), labelColumn: 'y' });
    const modelId = await createModel(gw, key, { name: 'streamed', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [16] }, epochs: 30, batchSize: 16, seed: 4 });
    const worker = await gw.startWorker();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(gw.url).port) });
    const runId = await startRun(gw, key, modelId);
    const first = wsClientAt(`${proxy.url}/graphql`, key);
    const second = wsClientAt(`${proxy.url}/graphql`, key);
    try {
      const before = recordProgress(first, runId);
      await until('three epochs before the drop', () => before.epochs().length, (n) => n >= 3, 120_000);
      expect(proxy.drop()).toBeGreaterThan(0);
      // The client notices: its subscription fails (it does not hang or complete normally).
      await expect(before.done).rejects.toBeDefined();
      const last = Math.max(...before.epochs());

      const after = recordProgress(second, runId, last);
      const events = await after.done;
      expect(after.errors).toEqual([]);
      expect(after.epochs()[0]).toBe(last + 1);
      expect([...before.epochs(), ...after.epochs()]).toEqual(range(30));
      expect(events.at(-1)).toMatchObject({ kind: 'STATUS', run: { status: 'SUCCEEDED' } });

      const done = await waitForRun(gw, key, runId);
      const streamed = new Map([...before.events, ...after.events].filter((e) => e.kind === 'EPOCH').map((e) => [e.epoch!.epoch, e.epoch!.loss]));
      for (const epoch of done.epochs) expect(streamed.get(epoch.epoch)).toBe(epoch.loss);
    } finally {
      await first.dispose();
      await second.dispose();
      await proxy.close();
      await worker.stop();
    }
    // The server ended the dropped connection's subscription too.
    await until('subscription cleanup', () => listenersFor(gw, runId), (n) => n === 0, 10_000);
  });
});

describe('Postgres restarted under load', () => {
  let pgDir: string;
  let pg: DatabaseHandle;
  let gw: TestGateway;
  let key: string;

  beforeAll(async () => {
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'mg-pg-restart-'));
    // A Postgres of our own, to stop and start (databaseUrl '' = embedded even when DATABASE_URL is set).
    pg = await startDatabase({ databaseUrl: '', dataDir: path.join(pgDir, 'data'), port: 0 });
    await applyMigrations(pg.url);
    gw = await startTestGateway({ database: { url: pg.url } });
    key = (await gw.createTenant('restart')).adminKey;
  });
  afterAll(async () => {
    await gw?.close();
    await pg?.stop();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  });

  it('reports not-ready while Postgres is down, answers typed errors, and recovers without a restart', async () => {
    const dataset = await gw.gql(`mutation { createDataset(input: { name: "anchor" }) { dataset { id } } }`, {}, key);
    const datasetId = dataset.data!.createDataset.dataset.id as string;
    const port = Number(new URL(pg.url).port);

    type Sample = { at: number; ms: number; op: string; status: number | 'dropped'; typed: boolean; ok: boolean; code?: string; name?: string };
    const samples: Sample[] = [];
    const probes: { at: number; healthz: number | 'dropped'; readyz: number | 'dropped' }[] = [];
    let stop = false;
    const hardStop = Date.now() + 90_000;
    let counter = 0;

    // An imported ONNX model to predict with (predict has its own lean path and caches).
    const imported = await fetch(`${gw.url}/upload/models?${new URLSearchParams({ name: 'linear', task: 'REGRESSION', signature: JSON.stringify(LINEAR_SIGNATURE) })}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(linearOnnx()),
    });
    expect(imported.status).toBe(201);
    const onnxModelId = ((await imported.json()) as any).data.model.id as string;

    const ops = [
      { op: 'predict', query: `query($input: PredictInput!) { predict(input: $input) { predictions { value } } }`, variables: { input: { modelId: onnxModelId, tensors: [[1, 2], [3, 4]] } } },
      { op: 'me', query: `{ me { tenant { id name } } }` },
      { op: 'list', query: `{ datasets(first: 5) { edges { node { id name } } } }` },
      { op: 'get', query: `query($id: ID!) { dataset(id: $id) { id name } }`, variables: { id: datasetId } },
      { op: 'create', query: `mutation($name: String!) { createDataset(input: { name: $name }) { dataset { id } } }` },
    ];
    const loop = async (worker: number) => {
      for (let i = 0; !stop && Date.now() < hardStop; i += 1) {
        const { op, query, variables } = ops[(worker + i) % ops.length]!;
        const name = op === 'create' ? `load-${(counter += 1)}` : undefined;
        const started = Date.now();
        try {
          const res = await fetch(gw.graphqlUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ query, variables: name ? { name } : variables }),
            signal: AbortSignal.timeout(15_000),
          });
          const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
          samples.push({ at: started, ms: Date.now() - started, op, status: res.status, typed: isTypedBody(body), ok: res.status === 200 && !body.errors, code: body.errors?.[0]?.extensions?.code, name });
        } catch {
          samples.push({ at: started, ms: Date.now() - started, op, status: 'dropped', typed: false, ok: false, name });
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const probeStatus = async (route: string) => {
      try {
        return (await fetch(`${gw.url}${route}`, { signal: AbortSignal.timeout(5_000) })).status;
      } catch {
        return 'dropped' as const;
      }
    };
    const prober = (async () => {
      while (!stop && Date.now() < hardStop) {
        const at = Date.now();
        const [healthz, readyz] = await Promise.all([probeStatus('/healthz'), probeStatus('/readyz')]);
        probes.push({ at, healthz, readyz });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const loops = Array.from({ length: 8 }, (_, i) => loop(i));

    const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await settle(1_500);
    const downAt = Date.now();
    await pg.stop();
    await until('/readyz to report 503', () => probes.at(-1)?.readyz, (s) => s === 503, 15_000);
    const notReadyAt = Date.now();
    await settle(2_000);
    pg = await startDatabase({ databaseUrl: '', dataDir: path.join(pgDir, 'data'), port });
    expect(Number(new URL(pg.url).port)).toBe(port);
    const upAt = Date.now();
    await until('/readyz to report 200 again', () => probes.at(-1)?.readyz, (s) => s === 200, 30_000);
    const readyAt = Date.now();
    await settle(3_000);
    stop = true;
    await Promise.all([...loops, prober]);

    const during = samples.filter((s) => s.at >= downAt && s.at < readyAt);
    const afterRecovery = samples.filter((s) => s.at >= readyAt + 500);
    const failures = samples.filter((s) => !s.ok);
    console.log(
      `[postgres restart] ${samples.length} requests; not ready ${notReadyAt - downAt} ms after the stop; ready ${readyAt - upAt} ms after the start; ` +
        `during the outage ${during.length} requests, ${during.filter((s) => !s.ok).length} failed with ${JSON.stringify(countBy(failures, (s) => `${s.status}:${s.code ?? ''}`))}; ` +
        `after recovery ${afterRecovery.length} requests, ${afterRecovery.filter((s) => !s.ok).length} failed`,
    );

    // The process stayed up: /healthz never failed, not even while the database was gone.
    expect(probes.every((p) => p.healthz === 200)).toBe(true);
    expect(probes.some((p) => p.readyz === 503)).toBe(true);
    // No connection was dropped and every failure was a typed error, answered with 503.
    expect(samples.filter((s) => s.status === 'dropped')).toEqual([]);
    expect(failures.filter((s) => !s.typed)).toEqual([]);
    expect(failures.filter((s) => s.status !== 503 || s.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    // Recovered without a restart: everything after readiness returned succeeds.
    expect(afterRecovery.length).toBeGreaterThan(20);
    expect(afterRecovery.filter((s) => !s.ok)).toEqual([]);

    // Nothing lost, nothing duplicated: every acknowledged create is stored once.
    const created = samples.filter((s) => s.op === 'create');
    const acknowledged = new Set(created.filter((s) => s.ok).map((s) => s.name!));
    const stored = await gw.db.dataset.findMany({ where: { name: { startsWith: 'load-' } }, select: { name: true } });
    const storedNames = stored.map((d) => d.name);
    expect(new Set(storedNames).size).toBe(storedNames.length);
    for (const name of acknowledged) expect(storedNames).toContain(name);
    // A create that failed was not kept (an outage can at most lose the answer to a committed write).
    const keptButFailed = storedNames.filter((n) => !acknowledged.has(n));
    expect(keptButFailed.length).toBeLessThanOrEqual(1);

    // Metering: every predicted row served (during the outage too) is recorded once the database is back.
    const predictedRows = samples.filter((s) => s.op === 'predict' && s.ok).length * 2;
    const metered = async () => Number((await gw.db.usageRecord.aggregate({ where: { kind: 'PREDICTION', modelDefinitionId: onnxModelId }, _sum: { units: true } }))._sum.units ?? 0);
    // A flush that failed during the outage keeps its counts for the next one (every second).
    await expect.poll(metered, { timeout: 15_000, interval: 500 }).toBe(predictedRows);
    console.log(`[postgres restart] predicted rows served ${predictedRows}, all metered (predict during the outage: ${during.filter((s) => s.op === 'predict' && s.ok).length} ok, ${during.filter((s) => s.op === 'predict' && !s.ok).length} failed)`);

    // The run-event listener reconnected: a cancel made now reaches a subscriber through NOTIFY,
    // well before the stream's 5 s safety re-read.
    await until('run event listener to reconnect', () => (gw.platform.runEvents as RunEventListener).connected, Boolean, 15_000);
    const version = await createDatasetVersion(gw, key, { name: 'after-restart', format: 'JSON', content: JSON.stringify(linearRows(50)), labelColumn: 'y' });
    const modelId = await createModel(gw, key, { name: 'queued', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [4] }, epochs: 2 });
    const runId = await startRun(gw, key, modelId);
    const client = wsClientAt(gw.graphqlUrl, key);
    try {
      const watch = recordProgress(client, runId);
      await until('the QUEUED status', () => watch.events.length, (n) => n >= 1, 10_000);
      const cancelledAt = Date.now();
      const cancel = await gw.gql(`mutation($id: ID!) { cancelRun(input: { runId: $id }) { run { status } } }`, { id: runId }, key);
      expect(cancel.data!.cancelRun.run.status).toBe('CANCELLED');
      const events = await watch.done;
      expect(Date.now() - cancelledAt).toBeLessThan(2_500);
      expect(events.map((e) => e.run.status)).toEqual(['QUEUED', 'CANCELLED']);
    } finally {
      await client.dispose();
    }
  });
});

function countBy<T>(items: T[], keyOf: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[keyOf(item)] = (out[keyOf(item)] ?? 0) + 1;
  return out;
}

// ------------------------------------------------------------------------------- full disk

/** A tiny tmpfs when we may mount one (root); otherwise null. */
function mountTinyTmpfs(sizeKb: number): { dir: string; unmount(): void } | null {
  // FAULTS_NO_MOUNT=1 forces the fallback below (to exercise it where mounting works).
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.FAULTS_NO_MOUNT) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mg-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fallback where no filesystem can be mounted: the real local store, whose writes fail with the
 * kernel's ENOSPC error once `capacity` bytes are written in total (what a full disk does).
 */
class CappedLocalStore implements ArtifactStore {
  private readonly local: LocalArtifactStore;
  private readonly sizes = new Map<string, number>();
  private used = 0;
  constructor(
    readonly root: string,
    private readonly capacity: number,
  ) {
    this.local = new LocalArtifactStore(root);
  }
  async put(key: string, body: ByteSource) {
    let written = 0;
    const meter = new Transform({
      transform: (chunk: Buffer, _enc, callback) => {
        if (this.used + chunk.length > this.capacity) {
          callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
          return;
        }
        this.used += chunk.length;
        written += chunk.length;
        callback(null, chunk);
      },
    });
    const readable = body instanceof Readable ? body : Readable.from(body instanceof Uint8Array ? [body] : body);
    // As a failed write does: both ends of the pipe are torn down.
    readable.on('error', (error) => meter.destroy(error));
    meter.on('error', (error) => readable.destroy(error));
    try {
      const result = await this.local.put(key, readable.pipe(meter));
      this.release(key);
      this.sizes.set(key, written);
      return result;
    } catch (error) {
      this.used -= written; // the store removed the partial file
      throw error;
    }
  }
  private release(key: string) {
    this.used -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
  get(key: string) {
    return this.local.get(key);
  }
  exists(key: string) {
    return this.local.exists(key);
  }
  async delete(key: string) {
    await this.local.delete(key);
    this.release(key);
  }
  async deletePrefix(prefix: string) {
    await this.local.deletePrefix(prefix);
    for (const key of [...this.sizes.keys()]) if (key.startsWith(`${prefix}/`)) this.release(key);
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(`${path.relative(dir, full)} (${statSync(full).size} bytes)`);
  }
  return out;
}

describe('artifact disk full', () => {
  const CAPACITY_KB = 512;
  let mount: ReturnType<typeof mountTinyTmpfs>;
  let root: string;
  let gw: TestGateway;
  let key: string;

  beforeAll(async () => {
    mount = mountTinyTmpfs(CAPACITY_KB);
    root = mount?.dir ?? mkdtempSync(path.join(os.tmpdir(), 'mg-capped-'));
    const store = mount ? new LocalArtifactStore(root) : new CappedLocalStore(root, CAPACITY_KB * 1024);
    console.log(`[disk full] ${mount ? `a ${CAPACITY_KB} KiB tmpfs mounted at ${root}` : `no mount possible here; ENOSPC injected after ${CAPACITY_KB} KiB`}`);
    gw = await startTestGateway({ platform: { store } });
    key = (await gw.createTenant('full-disk')).adminKey;
  });
  afterAll(async () => {
    await gw?.close();
    if (mount) mount.unmount();
    else if (root) rmSync(root, { recursive: true, force: true });
  });

  it('answers an upload that does not fit with SERVICE_UNAVAILABLE / STORAGE_FULL and keeps nothing of it', async () => {
    const dataset = await gw.gql(`mutation { createDataset(input: { name: "big" }) { dataset { id } } }`, {}, key);
    const datasetId = dataset.data!.createDataset.dataset.id as string;
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},${(i * 7919) % 1000},label-${i % 5},${'x'.repeat(i % 20)}`);
    const csv = `id,value,label,text\n${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(CAPACITY_KB * 1024 * 2);

    // Streaming upload endpoint.
    const res = await fetch(`${gw.url}/upload/datasets/${datasetId}/versions?format=CSV&labelColumn=label`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(503);
    expect(body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'STORAGE_FULL' });
    expect(body.errors[0].message).toMatch(/storage is full/i);

    // Inline GraphQL upload of a file that does not fit either.
    const inline = await gw.gql(
      `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id } } }`,
      { input: { datasetId, format: 'CSV', content: csv.slice(0, 900_000).replace(/\n[^\n]*$/, '\n'), labelColumn: 'label' } },
      key,
    );
    expect(errorCodes(inline)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(inline.errors![0]!.extensions!.reason).toBe('STORAGE_FULL');

    // Nothing half-written: no file (partial or whole) on the disk, no version row, no metered upload.
    expect(filesUnder(root)).toEqual([]);
    expect(await gw.db.datasetVersion.count({ where: { datasetId } })).toBe(0);
    expect(await gw.db.usageRecord.count({ where: { kind: 'DATASET_UPLOAD' } })).toBe(0);

    // The space was given back: a file that fits is stored and readable.
    const small = await fetch(`${gw.url}/upload/datasets/${datasetId}/versions?format=CSV&labelColumn=label`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: `id,value,label,text\n${rows.slice(0, 2000).join('\n')}\n`,
    });
    expect(small.status).toBe(201);
    const version = ((await small.json()) as any).data.datasetVersion;
    expect(version.version).toBe(1);
    expect(version.rowCount).toBe(2000);
    const preview = await gw.gql(`query($id: ID!) { datasetVersion(id: $id) { preview(first: 2) { edges { node } } } }`, { id: version.id }, key);
    expect(preview.data!.datasetVersion.preview.edges[1].node).toMatchObject({ label: 'label-1' });
    expect(filesUnder(root)).toHaveLength(1);
  });

});
