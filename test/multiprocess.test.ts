// Scale-out: two gateway processes (the real entry point, as deployed) and two worker processes on
// one Postgres and one artifact folder. Nothing is shared between the gateways but the database and
// the artifacts: run progress crosses over Postgres LISTEN/NOTIFY, alias moves over the database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@modelgraph/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from './support/gateway.ts';
import { recordProgress, spawnGateway, until, wsClientAt, type GatewayProcess } from './support/cluster.ts';

let database: TestDatabase;
let dataDir: string;
let gwA: GatewayProcess;
let gwB: GatewayProcess;
const workers: WorkerProcess[] = [];
const operatorKey = `mg_op_test_${randomBytes(24).toString('base64url')}`;
const masterKey = randomBytes(32).toString('hex');

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'mg-multi-'));
  const env = { DATABASE_URL: database.url, MODELGRAPH_DATA_DIR: dataDir, MODELGRAPH_OPERATOR_KEY: operatorKey, MODELGRAPH_MASTER_KEY: masterKey };
  // One after the other: the very first start of an empty database bootstraps a default tenant.
  gwA = await spawnGateway(env);
  const starting = [1, 2].map((i) => spawnWorker({ ...env, MODELGRAPH_WORKER_NAME: `w${i}`, LOG_LEVEL: 'info' }));
  gwB = await spawnGateway(env);
  workers.push(...(await Promise.all(starting)));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all([gwA?.stop(), gwB?.stop()]);
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function linearRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({ a: (i % 89) / 89, b: ((i * 7) % 31) / 31, y: ((i % 89) / 89) * 2 + ((i * 7) % 31) / 31 }));
}

const PREDICT = `query($input: PredictInput!) { predict(input: $input) { modelVersion { version } predictions { value } } }`;

describe('two gateways and two workers on one Postgres', () => {
  let key: string;
  let modelId: string;
  let runIds: string[];

  it('streams a run started through gateway A to a subscriber on gateway B, live and in order', async () => {
    const tenant = await gwA.gql(`mutation { createTenant(input: { name: "multi" }) { adminKey { secret } } }`, {}, operatorKey);
    key = tenant.data!.createTenant.adminKey.secret;

    // Objects made through one gateway are at once visible through the other.
    const dataset = await gwA.gql(`mutation { createDataset(input: { name: "lines" }) { dataset { id } } }`, {}, key);
    const datasetId = dataset.data!.createDataset.dataset.id;
    const version = await gwB.gql(
      `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id } } }`,
      { input: { datasetId, format: 'JSON', content: JSON.stringify(linearRows(1500)), labelColumn: 'y' } },
      key,
    );
    expect(version.errors).toBeUndefined();
    const model = await gwA.gql(
      `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`,
      { input: { name: 'lines', datasetVersionId: version.data!.createDatasetVersion.datasetVersion.id, architecture: { preset: 'mlp', hiddenUnits: [16] }, epochs: 12, batchSize: 32, seed: 3 } },
      key,
    );
    modelId = model.data!.createModel.model.id;

    // Two runs at once: each worker takes one. The first is watched from gateway B.
    const started = await Promise.all(
      [gwA, gwA].map((gw) => gw.gql(`mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id status } } }`, { id: modelId }, key)),
    );
    runIds = started.map((r) => r.data!.startRun.run.id);
    const client = wsClientAt(gwB.graphqlUrl, key);
    try {
      const watched = recordProgress(client, runIds[0]!);
      const events = await watched.done;
      expect(watched.errors).toEqual([]);
      const epochs = watched.epochs();
      expect(epochs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      // Live: epochs arrived while the run was RUNNING, before the final status.
      const firstEpoch = events.findIndex((e) => e.kind === 'EPOCH');
      expect(events[firstEpoch]!.run.status).toBe('RUNNING');
      expect(events.at(-1)).toMatchObject({ kind: 'STATUS', run: { status: 'SUCCEEDED' } });
      const statuses = events.filter((e) => e.kind === 'STATUS').map((e) => e.run.status);
      expect(new Set(statuses).size).toBe(statuses.length); // each status once
    } finally {
      await client.dispose();
    }

    const runs = await Promise.all(
      runIds.map((id) => until(`run ${id}`, () => gwB.gql(`query($id: ID!) { run(id: $id) { status log modelVersion { version } } }`, { id }, key), (r) => r.data?.run.status === 'SUCCEEDED', 120_000, 200)),
    );
    expect(runs.map((r) => r.data!.run.modelVersion.version).sort()).toEqual([1, 2]);
    // Both worker processes took part.
    const workersUsed = new Set(runs.map((r) => /on (w\d)-\d+/.exec(r.data!.run.log)?.[1]));
    expect(workersUsed).toEqual(new Set(['w1', 'w2']));
  });

  it('serves the aliased version through both gateways, and both see an alias move within a second', async () => {
    const input = { modelId, alias: 'production', records: [{ a: 0.5, b: 0.5 }] };
    const setAlias = (gw: GatewayProcess, version: number) =>
      gw.gql(`mutation($input: SetAliasInput!) { setAlias(input: $input) { alias { name modelVersion { version } } } }`, { input: { modelId, name: 'production', version } }, key);
    const served = async (gw: GatewayProcess, body = input) => {
      const res = await gw.gql(PREDICT, { input: body }, key);
      if (res.errors) throw new Error(`predict failed on ${gw.url}: ${JSON.stringify(res.errors)}`);
      return res.data!.predict.modelVersion.version as number;
    };

    const first = await setAlias(gwA, 1);
    expect(first.errors).toBeUndefined();
    expect(await served(gwA)).toBe(1);
    expect(await served(gwB)).toBe(1);
    // Without alias or version, predict serves `production` too.
    expect(await served(gwB, { modelId, records: [{ a: 0.5, b: 0.5 }] } as typeof input)).toBe(1);

    // Move it back and forth, from either side; each time both gateways follow within a second,
    // and no predict fails while it moves.
    for (const [mover, target] of [[gwB, 2], [gwA, 1], [gwA, 2]] as const) {
      // Both caches are warm with the old version.
      await Promise.all([served(gwA), served(gwB)]);
      const moved = await setAlias(mover, target);
      expect(moved.data!.setAlias.alias.modelVersion.version).toBe(target);
      const t0 = performance.now();
      const seenAfter = await Promise.all(
        [gwA, gwB].map(async (gw) => {
          await until(`${gw.url} to serve version ${target}`, () => served(gw), (v) => v === target, 5_000, 20);
          return performance.now() - t0;
        }),
      );
      console.log(`[multiprocess] alias → v${target} moved through ${mover === gwA ? 'A' : 'B'}; served by A after ${seenAfter[0]!.toFixed(0)} ms, by B after ${seenAfter[1]!.toFixed(0)} ms`);
      for (const ms of seenAfter) expect(ms).toBeLessThan(1_000);
      // And it stays there (no gateway flips back to a stale version).
      const after = await Promise.all(Array.from({ length: 10 }, (_, i) => served(i % 2 ? gwA : gwB)));
      expect(new Set(after)).toEqual(new Set([target]));
    }
  });

  it('keeps serving through gateway B when gateway A goes away', async () => {
    expect(await gwA.stop()).toBe(0);
    const res = await gwB.gql(PREDICT, { input: { modelId, records: [{ a: 0.1, b: 0.9 }] } }, key);
    expect(res.errors).toBeUndefined();
    expect(res.data!.predict.modelVersion.version).toBe(2);
  });
});
