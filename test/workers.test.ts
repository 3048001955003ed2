// Faults and concurrency with real worker processes on one Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/gateway.ts';
import { createDatasetVersion, createModel, startRun, waitForRun } from './support/training.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

function linearRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({ a: (i % 89) / 89, b: ((i * 7) % 31) / 31, y: ((i % 89) / 89) * 2 + ((i * 7) % 31) / 31 }));
}

describe('training workers', () => {
  it('recovers a run whose worker is SIGKILLed mid-run: retried once, one model version', async () => {
    const { adminKey: key } = await gw.createTenant('sigkill');
    const version = await createDatasetVersion(gw, key, { name: 'rows', format: 'JSON', content: JSON.stringify(linearRows(3000)), labelColumn: 'y' });
    const modelId = await createModel(gw, key, { name: 'victim', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [32] }, epochs: 30, batchSize: 16, seed: 9 });
    const lease = { MODELGRAPH_RUN_LEASE_MS: '3000' };
    const doomed = await gw.startWorker(lease);
    const runId = await startRun(gw, key, modelId);
    const mid = await waitForRun(gw, key, runId, 120_000, (r) => r.status === 'RUNNING' && r.epochs.length >= 2);
    expect(mid.attempt).toBe(1);
    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));

    // Nothing else runs it until a new worker notices the expired lease.
    const rescuer = await gw.startWorker(lease);
    const done = await waitForRun(gw, key, runId, 180_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempt).toBe(2);
    expect(done.log).toMatch(/stopped responding; requeued/);
    expect(done.epochs.map((e: any) => e.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await gw.db.modelVersion.count({ where: { modelDefinitionId: modelId } })).toBe(1);
    await rescuer.stop();
  });

  it('fails a run clearly when its workers keep dying', async () => {
    const { adminKey: key } = await gw.createTenant('keeps-dying');
    const version = await createDatasetVersion(gw, key, { name: 'rows', format: 'JSON', content: JSON.stringify(linearRows(3000)), labelColumn: 'y' });
    const modelId = await createModel(gw, key, { name: 'cursed', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [32] }, epochs: 200, batchSize: 8 });
    const runId = await startRun(gw, key, modelId);
    // The run's lease expires three times (maxAttempts): one worker dies per attempt.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const worker = await gw.startWorker({ MODELGRAPH_RUN_LEASE_MS: '2000' });
      await waitForRun(gw, key, runId, 120_000, (r) => r.status === 'RUNNING' && r.attempt === attempt && r.epochs.length >= 1);
      worker.child.kill('SIGKILL');
      await new Promise((resolve) => worker.child.once('exit', resolve));
    }
    const reaper = await gw.startWorker({ MODELGRAPH_RUN_LEASE_MS: '2000' });
    const failed = await waitForRun(gw, key, runId, 60_000);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/stopped responding 3 times/);
    expect(failed.modelVersion).toBeNull();
    await reaper.stop();
  });

  it('runs ten queued runs from two tenants on two workers, each exactly once', async () => {
    const tenants = [await gw.createTenant('t1'), await gw.createTenant('t2')];
    const runIds: { key: string; runId: string; modelId: string }[] = [];
    for (const [t, tenant] of tenants.entries()) {
      const version = await createDatasetVersion(gw, tenant.adminKey, { name: `rows-${t}`, format: 'JSON', content: JSON.stringify(linearRows(300)), labelColumn: 'y' });
      const modelId = await createModel(gw, tenant.adminKey, { name: 'small', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [8] }, epochs: 3, batchSize: 32 });
      for (let i = 0; i < 5; i += 1) runIds.push({ key: tenant.adminKey, modelId, runId: await startRun(gw, tenant.adminKey, modelId) });
    }
    const workers = [await gw.startWorker(), await gw.startWorker()];
    const finished = await Promise.all(runIds.map(({ key, runId }) => waitForRun(gw, key, runId, 240_000)));
    expect(finished.map((r) => r.status)).toEqual(Array(10).fill('SUCCEEDED'));
    expect(finished.every((r) => r.attempt === 1 && r.epochs.length === 3)).toBe(true);
    // Each model's versions are numbered 1..5 with no gaps or duplicates.
    for (const modelId of new Set(runIds.map((r) => r.modelId))) {
      const versions = await gw.db.modelVersion.findMany({ where: { modelDefinitionId: modelId }, orderBy: { version: 'asc' } });
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    }
    // Both workers took part (distinct worker ids recorded in the logs).
    const workerIds = new Set(finished.map((r) => /on (worker-\S+|\S+-\d+):/.exec(r.log)?.[1]));
    expect(workerIds.size).toBe(2);
    await Promise.all(workers.map((w) => w.stop()));
  });
});
