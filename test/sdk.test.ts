// The typed SDK (packages/sdk) against a real `npm start` stack: typed errors, streamed uploads with
// progress, training handles over the subscription (with resumption), keys, and predict.
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  MeDocument,
  ModelGraphError,
  RunProgressDocument,
  createClient,
  isModelGraphError,
  type MeQuery,
  type ModelGraphClient,
  type PredictOutput,
  type RunProgressSubscription,
  type TrainingEpoch,
  type UploadProgress,
} from '@modelgraph/sdk';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import WebSocket from 'ws';
import { toCsv, vegaJson } from './support/data.ts';
import { startStack, type Stack } from './support/stack.ts';

/** Steps that need predict and the registry (aliases); MODELGRAPH_TEST_PREDICT=0 skips them (also in test/cli.test.ts). */
const PREDICT = process.env.MODELGRAPH_TEST_PREDICT !== '0';

let stack: Stack;
let mg: ModelGraphClient;
let tmp: string;
const clients: ModelGraphClient[] = [];

function client(apiKey = stack.adminKey, extra: Partial<Parameters<typeof createClient>[0]> = {}): ModelGraphClient {
  const c = createClient({ url: stack.url, apiKey, webSocketImpl: WebSocket, ...extra });
  clients.push(c);
  return c;
}

async function caught(promise: Promise<unknown>): Promise<ModelGraphError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModelGraphError);
    return error as ModelGraphError;
  }
  throw new Error('expected a ModelGraphError');
}

const penguins = vegaJson('penguins.json');
const penguinsCsv = toCsv(penguins);

/** The stack refuses uploads over this size (PAYLOAD_TOO_LARGE). */
const MAX_UPLOAD = 4 * 1024 * 1024;

beforeAll(async () => {
  stack = await startStack({ env: { MODELGRAPH_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
  mg = client();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mg-sdk-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the client', () => {
  it('talks to the server with the API key, from the base URL or the /graphql URL', async () => {
    const me = await mg.me();
    expect(me).toMatchObject({ isOperator: false, scopes: ['ADMIN'], tenant: { name: 'default' }, apiKey: { name: 'bootstrap admin' } });
    expect(typeof (await mg.ping())).toBe('string');
    const usage = await mg.usage(7);
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.at(-1)).toEqual({ day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), predictions: expect.any(Number), trainingRuns: expect.any(Number), uploadedBytes: expect.any(Number) });
    const viaGraphqlUrl = client(stack.adminKey, { url: stack.graphqlUrl });
    expect((await viaGraphqlUrl.me()).tenant?.name).toBe('default');
    expect(viaGraphqlUrl.endpoints).toEqual({ base: stack.url, graphql: stack.graphqlUrl, ws: stack.graphqlUrl.replace('http', 'ws') });
    // Any generated document, typed by its result.
    const raw = await mg.request(MeDocument);
    expectTypeOf(raw).toEqualTypeOf<MeQuery>();
    expect(raw.me.scopes).toEqual(['ADMIN']);
  });

  it('throws ModelGraphErrors typed by extensions.code', async () => {
    const unauthenticated = await caught(client('mg_live_not-a-real-key').me());
    expect(unauthenticated).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(isModelGraphError(unauthenticated, 'UNAUTHENTICATED', 'FORBIDDEN')).toBe(true);

    const missing = await caught(mg.datasets.get('00000000-0000-4000-8000-000000000000'));
    expect(missing.code).toBe('NOT_FOUND');
    if (!isModelGraphError(missing, 'NOT_FOUND')) throw new Error('unreachable');
    expectTypeOf(missing.extensions.type).toEqualTypeOf<string | undefined>();
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Dataset' });
    expect(missing.path).toEqual(['dataset']);

    const version = await mg.datasets.createVersion({
      datasetId: (await mg.datasets.create({ name: 'errors' })).id,
      format: 'CSV',
      content: penguinsCsv,
      labelColumn: 'Species',
    });
    const badSpec = await caught(
      mg.models.create({ name: 'bad', datasetVersionId: version.id, architecture: { layers: [{ type: 'dense', units: 4 }, { type: 'conv2d', filters: 2, kernelSize: 3 }] } }),
    );
    expect(badSpec.code).toBe('BAD_USER_INPUT');
    expect(badSpec.extensions.reason).toBe('INVALID_MODEL_SPEC');

    // switch on the code narrows the extensions.
    const error: unknown = badSpec;
    if (isModelGraphError(error)) {
      switch (error.code) {
        case 'BAD_USER_INPUT':
          expectTypeOf(error.extensions.line).toEqualTypeOf<number | undefined>();
          break;
        case 'GATE_FAILED':
          expectTypeOf(error.extensions.metric).toEqualTypeOf<string | undefined>();
          break;
      }
    }

    // Nothing listening: a network error, not a crash.
    const offline = await caught(createClient({ url: 'http://127.0.0.1:9', apiKey: 'x' }).me());
    expect(offline.code).toBe('NETWORK_ERROR');

    // The subscription refuses a bad key the same way.
    const refused = await caught(client('mg_live_not-a-real-key').runs.watch('00000000-0000-4000-8000-000000000000').done());
    expect(refused.code).toBe('UNAUTHENTICATED');
  });

  it('scopes keys: a READ key is FORBIDDEN to write; a revoked key stops working', async () => {
    const { apiKey, secret } = await mg.keys.create({ name: 'sdk-reader', scopes: ['READ'] });
    expect(secret).toMatch(/^mg_live_/);
    expect(apiKey).toMatchObject({ name: 'sdk-reader', scopes: ['READ'], status: 'ACTIVE', expiresAt: null });
    const reader = client(secret);
    expect((await reader.me()).scopes).toEqual(['READ']);
    expect((await caught(reader.datasets.create({ name: 'nope' }))).code).toBe('FORBIDDEN');

    const listed = await mg.keys.list();
    expect(listed.nodes.map((k) => k.name)).toContain('sdk-reader');
    const all: string[] = [];
    for await (const key of mg.keys.all({ pageSize: 1 })) all.push(key.name);
    expect(all).toEqual(listed.nodes.map((k) => k.name));

    expect((await mg.keys.revoke(apiKey.id)).status).toBe('REVOKED');
    expect((await caught(reader.me())).code).toBe('UNAUTHENTICATED');
  });
});

describe('uploadDataset', () => {
  it('streams a file from a path, reporting progress, into a new dataset named after the file', async () => {
    const file = path.join(tmp, 'penguins.csv');
    writeFileSync(file, penguinsCsv);
    const progress: UploadProgress[] = [];
    const version = await mg.uploadDataset(file, { labelColumn: 'Species', onProgress: (p) => progress.push(p) });
    const size = statSync(file).size;
    expect(version).toMatchObject({ version: 1, format: 'CSV', rowCount: penguins.length, byteSize: size, labelColumn: 'Species', dataset: { name: 'penguins' } });
    expect(version.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(version.splits.train + version.splits.validation + version.splits.test).toBe(penguins.length);
    expect(version.columns.find((c) => c.name === 'Island')?.type).toBe('CATEGORICAL');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ loaded: size, total: size });
    expect(progress.every((p, i) => i === 0 || p.loaded >= progress[i - 1]!.loaded)).toBe(true);

    const shown = await mg.datasets.get(version.datasetId);
    expect(shown.latestVersion?.id).toBe(version.id);
  });

  it('adds versions to an existing dataset from bytes, a Node stream and a Blob, with options', async () => {
    const dataset = await mg.datasets.create({ name: 'penguins-versions', description: 'three ways in' });
    const bytes = Buffer.from(penguinsCsv);
    const v1 = await mg.uploadDataset(bytes, {
      datasetId: dataset.id,
      format: 'CSV',
      labelColumn: 'Species',
      split: { train: 0.5, validation: 0.25, test: 0.25, seed: 3 },
      columnTypes: { 'Body Mass (g)': 'NUMERIC', Sex: 'CATEGORICAL' },
    });
    expect(v1).toMatchObject({ version: 1, dataset: null, datasetId: dataset.id });
    expect(v1.splits.train).toBe(Math.round(penguins.length * 0.5));

    const progress: UploadProgress[] = [];
    const v2 = await mg.datasets.upload(dataset.id, createReadStream(path.join(tmp, 'penguins.csv')), { labelColumn: 'Species', onProgress: (p) => progress.push(p) });
    expect(v2).toMatchObject({ version: 2, format: 'CSV', rowCount: penguins.length });
    // An fs.ReadStream knows its file: the total is its size.
    expect(progress.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });

    const jsonl = penguins.map((r) => JSON.stringify(r)).join('\n');
    const v3 = await mg.datasets.upload(dataset.id, new File([jsonl], 'penguins.jsonl'), { labelColumn: 'Species' });
    expect(v3).toMatchObject({ version: 3, format: 'JSONL', rowCount: penguins.length });

    const preview = await mg.datasets.preview(v1.id, { first: 2 });
    expect(preview.nodes).toHaveLength(2);
    expect(preview.nodes[0]).toMatchObject({ Species: penguins[0]!.Species, Island: penguins[0]!.Island });
    expect(preview.pageInfo.hasNextPage).toBe(true);

    const full = await mg.datasets.version(v1.id);
    expect(full.splits).toMatchObject({ seed: 3, trainFraction: 0.5 });
    expect(full.columns.find((c) => c.name === 'Species')?.role).toBe('LABEL');
    expect((await mg.datasets.get(dataset.id)).versions.edges.map((e) => e.node.version)).toEqual([3, 2, 1]);
  });

  it('streams a large generated file without buffering it, with many progress events', async () => {
    const rows = 120_000;
    async function* generate() {
      yield 'x1,x2,category,y\n';
      let batch = '';
      for (let i = 0; i < rows; i += 1) {
        batch += `${i % 97},${(i * 7) % 13},${['a', 'b', 'c'][i % 3]},${(i % 97) * 2 + ((i * 7) % 13)}\n`;
        if (batch.length > 32_768) {
          yield batch;
          batch = '';
        }
      }
      yield batch;
    }
    const progress: UploadProgress[] = [];
    const version = await mg.uploadDataset(Readable.from(generate()), { name: 'generated', format: 'CSV', labelColumn: 'y', onProgress: (p) => progress.push(p) });
    expect(version.rowCount).toBe(rows);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)!.loaded).toBe(version.byteSize);
    expect(progress.at(-1)!.total).toBe(version.byteSize);
  });

  it('refuses a bad file with a typed error and leaves no empty dataset behind', async () => {
    const before = (await mg.datasets.list({ first: 100 })).nodes.length;
    const broken = await caught(mg.uploadDataset(Buffer.from('a,b\n1,2\n3,"4\n'), { name: 'broken', format: 'CSV' }));
    expect(broken.code).toBe('BAD_USER_INPUT');
    expect(broken.status).toBe(400);
    const unknownLabel = await caught(mg.uploadDataset(Buffer.from(penguinsCsv), { name: 'no-label', format: 'CSV', labelColumn: 'Nope' }));
    expect(unknownLabel).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'UNKNOWN_COLUMN' } });
    expect((await mg.datasets.list({ first: 100 })).nodes.length).toBe(before);

    // Over the server's limit: its 413 answer, for bytes as for streams.
    const tooBig = Buffer.alloc(MAX_UPLOAD + 1024, 'a,b\n1,2\n');
    const refused = await caught(mg.uploadDataset(tooBig, { name: 'too-big', format: 'CSV' }));
    expect(['PAYLOAD_TOO_LARGE', 'NETWORK_ERROR']).toContain(refused.code); // see the race below
    const refusedStream = await caught(mg.uploadDataset(Readable.from([tooBig.subarray(0, 3_000_000), tooBig.subarray(3_000_000)]), { name: 'too-big', format: 'CSV' }));
    // KNOWN GATEWAY RACE: the gateway answers 413 with `connection: close` while the client is still
    // sending, and closing a socket with unread data resets it, which can destroy the answer before
    // the client reads it (EPIPE/ECONNRESET). The SDK then says so in a NETWORK_ERROR. Tighten to
    // PAYLOAD_TOO_LARGE alone once the gateway drains the body before closing.
    expect(['PAYLOAD_TOO_LARGE', 'NETWORK_ERROR']).toContain(refusedStream.code);
    if (refusedStream.code === 'NETWORK_ERROR') expect(refusedStream.message).toMatch(/upload limit/);
    expect((await mg.datasets.list({ first: 100 })).nodes.length).toBe(before);

    const noFormat = await caught(mg.uploadDataset(Buffer.from('a,b\n1,2\n'), { name: 'no-format' }));
    expect(noFormat).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'FORMAT_REQUIRED' } });
    const missingFile = await caught(mg.uploadDataset(path.join(tmp, 'nope.csv')));
    expect(missingFile).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'FILE_NOT_READABLE' } });
  });
});

describe('training', () => {
  let datasetVersionId: string;
  let modelId: string;
  let finishedRunId: string;

  beforeAll(async () => {
    datasetVersionId = (await mg.uploadDataset(Buffer.from(penguinsCsv), { name: 'penguins-train', format: 'CSV', labelColumn: 'Species' })).id;
    modelId = (
      await mg.models.create({
        name: 'species',
        datasetVersionId,
        architecture: { preset: 'mlp', hiddenUnits: [16] },
        optimizer: { type: 'adam', learningRate: 0.01 },
        epochs: 6,
        seed: 1,
      })
    ).id;
  });

  it('train() returns a handle whose async iterator yields every epoch, then done() gives the run', async () => {
    const run = await mg.train({ modelId });
    expect(run.initial).toMatchObject({ status: 'QUEUED', plannedEpochs: 6 });
    const epochs: TrainingEpoch[] = [];
    for await (const epoch of run) epochs.push(epoch);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(epochs.every((e) => e.runId === run.runId && e.plannedEpochs === 6 && Number.isFinite(e.loss))).toBe(true);
    expect(epochs[0]!.metrics).toHaveProperty('accuracy');

    const final = await run.done();
    expect(final).toMatchObject({ id: run.runId, status: 'SUCCEEDED', model: { id: modelId }, modelVersion: { version: 1 } });
    expect(final.epochs).toHaveLength(6);
    expect(final.evaluation?.task).toBe('MULTICLASS');
    expect(run.status).toBe('SUCCEEDED');
    finishedRunId = run.runId;

    // Iterating again replays what was received.
    const again: number[] = [];
    for await (const epoch of run) again.push(epoch.epoch);
    expect(again).toEqual([1, 2, 3, 4, 5, 6]);

    expect((await mg.runs.list({ modelId })).nodes.map((r) => r.id)).toContain(run.runId);
    expect((await mg.models.versions(modelId)).nodes.map((v) => v.version)).toEqual([1]);
  });

  it('watch() resumes after a given epoch, and across a dropped connection without losing or repeating epochs', async () => {
    // Any subscription document, raw.
    const raw: string[] = [];
    for await (const data of mg.subscribe(RunProgressDocument, { runId: finishedRunId, afterEpoch: 4 })) {
      expectTypeOf(data).toEqualTypeOf<RunProgressSubscription>();
      raw.push(data.runProgress.epoch ? `epoch ${data.runProgress.epoch.epoch}` : data.runProgress.run.status);
    }
    expect(raw).toEqual(['epoch 5', 'epoch 6', 'SUCCEEDED']);

    const resumed: number[] = [];
    for await (const epoch of mg.runs.watch(finishedRunId, { afterEpoch: 3 })) resumed.push(epoch.epoch);
    expect(resumed).toEqual([4, 5, 6]);

    // A socket that dies after its third message, the first time only.
    let sockets = 0;
    class FlakyWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        const flaky = (sockets += 1) === 1;
        let messages = 0;
        this.on('message', () => {
          messages += 1;
          if (flaky && messages === 4) this.terminate(); // connection_ack + 3 events
        });
      }
    }
    const flakyClient = client(stack.adminKey, { webSocketImpl: FlakyWebSocket });
    const epochs: number[] = [];
    const handle = flakyClient.runs.watch(finishedRunId);
    for await (const epoch of handle) epochs.push(epoch.epoch);
    expect(sockets).toBeGreaterThanOrEqual(2);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await handle.done()).status).toBe('SUCCEEDED');
  });

  it('cancel() stops a run; done() then reports CANCELLED', async () => {
    const slow = await mg.models.create({ name: 'slow', datasetVersionId, architecture: { preset: 'mlp', hiddenUnits: [64, 64] }, epochs: 500, batchSize: 8 });
    const run = await mg.train({ modelId: slow.id });
    for await (const epoch of run) {
      if (epoch.epoch >= 1) break;
    }
    const cancelled = await run.cancel();
    expect(cancelled.cancelRequested || cancelled.status === 'CANCELLED').toBe(true);
    const final = await run.done();
    expect(final.status).toBe('CANCELLED');
    expect(final.epochs.length).toBeLessThan(500);
  });

  it('compares runs', async () => {
    const other = await (await mg.train({ modelId })).done();
    const comparison = await mg.runs.compare([finishedRunId, other.id]);
    expect(comparison.runs.map((r) => r.id)).toEqual([finishedRunId, other.id]);
    expect(comparison.rows.map((r) => r.metric)).toContain('accuracy');
  });

  describe.runIf(PREDICT)('predict and aliases', () => {
    it('predicts from records typed by the call, pairing each input with its prediction', async () => {
      const records = penguins.slice(0, 3).map(({ Species: _species, ...rest }) => rest);
      const result = await mg.predict({ modelId, records });
      expectTypeOf(result).toEqualTypeOf<PredictOutput<(typeof records)[number]>>();
      expect(result.predictions).toHaveLength(3);
      expect(result.results.map((r) => r.input)).toEqual(records);
      for (const { prediction } of result.results) {
        expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(prediction.label);
        expect(prediction.probabilities?.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 3);
      }
      // Without an alias or version: the latest version (the comparison above trained a second one).
      expect(result.modelVersion).toMatchObject({ version: 2, model: { id: modelId, task: 'MULTICLASS' } });
      const v1 = await mg.predict({ modelId, version: 1, records: records.slice(0, 1) });
      expect(v1.modelVersion.version).toBe(1);
    });

    it('serves the version an alias points at; a gate that does not hold is GATE_FAILED', async () => {
      const alias = await mg.registry.setAlias({ modelId, name: 'production', version: 1 });
      expect(alias).toMatchObject({ name: 'production', modelVersion: { version: 1 } });
      const { Species: _species, ...record } = penguins[0]!;
      const byAlias = await mg.predict({ modelId, alias: 'production', records: [record] });
      expect(byAlias.modelVersion.version).toBe(1);
      const gated = await caught(mg.registry.setAlias({ modelId, name: 'strict', version: 1, gate: { metric: 'accuracy', op: 'GT', value: 1.5 } }));
      expect(gated.code).toBe('GATE_FAILED');
      const registry = await mg.registry.get(modelId);
      expect(registry.aliases.map((a) => a.name)).toContain('production');
    });
  });
});
