import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway, type WorkerProcess } from './support/gateway.ts';
import { toCsv, toJsonLines, vegaJson } from './support/data.ts';
import { createDatasetVersion, createModel, startRun, tfjsReference, waitForRun, wsClient, RUN_FIELDS } from './support/training.ts';

let gw: TestGateway;
let key: string;
let worker: WorkerProcess;
beforeAll(async () => {
  gw = await startTestGateway();
  key = (await gw.createTenant('training')).adminKey;
  worker = await gw.startWorker();
});
afterAll(async () => gw?.close());

describe('model definitions', () => {
  it('validates shapes against the dataset and names the failing layer', async () => {
    const version = await createDatasetVersion(gw, key, { name: 'cars-defs', format: 'JSON', content: JSON.stringify(vegaJson('cars.json')), labelColumn: 'Miles_per_Gallon' });
    const conv = await gw.gql(
      `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`,
      { input: { name: 'bad-conv', datasetVersionId: version.id, architecture: { layers: [{ type: 'dense', units: 8 }, { type: 'conv2d', filters: 4, kernelSize: 3 }] } } },
      key,
    );
    expect(errorCodes(conv)).toEqual(['BAD_USER_INPUT']);
    expect(conv.errors![0]!.extensions).toMatchObject({ reason: 'INVALID_MODEL_SPEC' });
    expect(conv.errors![0]!.message).toMatch(/layers\[1\]/);
    expect(conv.errors![0]!.message).toMatch(/conv2d/);

    const badLoss = await gw.gql(
      `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`,
      { input: { name: 'bad-loss', datasetVersionId: version.id, architecture: { preset: 'mlp' }, loss: 'categoricalCrossentropy' } },
      key,
    );
    expect(errorCodes(badLoss)).toEqual(['BAD_USER_INPUT']);

    const wrongTask = await gw.gql(
      `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`,
      { input: { name: 'bad-task', datasetVersionId: version.id, task: 'BINARY', architecture: { preset: 'mlp' } } },
      key,
    );
    expect(errorCodes(wrongTask)).toEqual(['BAD_USER_INPUT']);

    const check = await gw.gql(
      `query($input: CreateModelInput!) { validateModel(input: $input) { valid errors { path message } layers { name type outputShape params } } }`,
      { input: { name: 'x', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [16, 8] } } },
      key,
    );
    expect(check.data!.validateModel.valid).toBe(true);
    const layers = check.data!.validateModel.layers;
    expect(layers.at(-1)).toMatchObject({ type: 'dense', outputShape: [null, 1] });
    expect(layers.some((l: any) => l.outputShape[1] === 16)).toBe(true);

    const invalid = await gw.gql(
      `query($input: CreateModelInput!) { validateModel(input: $input) { valid errors { path message } } }`,
      { input: { name: 'x', datasetVersionId: version.id, architecture: { layers: [{ type: 'lstm', units: 4 }] } } },
      key,
    );
    expect(invalid.data!.validateModel.valid).toBe(false);
    expect(invalid.data!.validateModel.errors[0].path).toMatch(/layers\[0\]/);
  });
});

describe('training runs', () => {
  it('trains a regression MLP on cars to a sensible R², streaming every epoch over the subscription', async () => {
    const version = await createDatasetVersion(gw, key, {
      name: 'cars-train',
      format: 'CSV',
      content: toCsv(vegaJson('cars.json').map(({ Name: _name, ...rest }) => rest)),
      labelColumn: 'Miles_per_Gallon',
    });
    const modelId = await createModel(gw, key, {
      name: 'mpg',
      datasetVersionId: version.id,
      architecture: { preset: 'mlp', hiddenUnits: [32, 16] },
      optimizer: { type: 'adam', learningRate: 0.01 },
      epochs: 40,
      batchSize: 32,
      seed: 1,
    });
    const stored = await gw.gql(`query($id: ID!) { model(id: $id) { task loss layers { type outputShape } } }`, { id: modelId }, key);
    expect(stored.data!.model).toMatchObject({ task: 'REGRESSION', loss: 'meanSquaredError' });
    expect(stored.data!.model.layers.map((l: any) => l.outputShape)).toEqual([[null, 32], [null, 16], [null, 1]]);
    const runId = await startRun(gw, key, modelId);

    const client = wsClient(gw, key);
    const events: any[] = [];
    await new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: `subscription($id: ID!) { runProgress(runId: $id) { kind run { status backend } epoch { epoch loss valLoss } } }`, variables: { id: runId } },
        { next: (msg) => events.push(msg), error: reject, complete: resolve },
      );
    });
    await client.dispose();

    const run = await waitForRun(gw, key, runId);
    expect(run.status).toBe('SUCCEEDED');
    expect(['wasm', 'cpu', 'tensorflow']).toContain(run.backend);
    expect(run.log).toMatch(new RegExp(`backend ${run.backend}`));
    expect(run.epochs).toHaveLength(40);
    expect(run.epochs[39].loss).toBeLessThan(run.epochs[0].loss);
    expect(run.evaluation.task).toBe('REGRESSION');
    expect(run.evaluation.r2).toBeGreaterThan(0.6);
    expect(run.evaluation.mae).toBeLessThan(4.5);
    expect(run.modelVersion).toMatchObject({ version: 1 });

    expect(events.every((e) => !e.errors)).toBe(true);
    const epochNumbers = events.filter((e) => e.data.runProgress.kind === 'EPOCH').map((e) => e.data.runProgress.epoch.epoch);
    expect(epochNumbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const statuses = events.filter((e) => e.data.runProgress.kind === 'STATUS').map((e) => e.data.runProgress.run.status);
    expect(statuses.at(-1)).toBe('SUCCEEDED');
  });

  it('trains a penguin classifier with per-class metrics and a confusion matrix', async () => {
    const version = await createDatasetVersion(gw, key, {
      name: 'penguins-train',
      format: 'JSONL',
      content: toJsonLines(vegaJson('penguins.json')),
      labelColumn: 'Species',
      split: { train: 0.7, validation: 0.15, test: 0.15, seed: 5 },
    });
    const modelId = await createModel(gw, key, {
      name: 'species',
      datasetVersionId: version.id,
      architecture: { layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.1 }] },
      optimizer: { type: 'adam', learningRate: 0.02 },
      epochs: 30,
      batchSize: 16,
      seed: 3,
    });
    const run = await waitForRun(gw, key, await startRun(gw, key, modelId));
    expect(run.status).toBe('SUCCEEDED');
    expect(run.evaluation).toMatchObject({ task: 'MULTICLASS', labels: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(run.evaluation.accuracy).toBeGreaterThan(0.85);
    expect(run.evaluation.perClass.map((c: any) => c.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(run.evaluation.confusionMatrix).toHaveLength(3);
    const total = run.evaluation.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(run.evaluation.count);
    expect(run.epochs[0].metrics).toHaveProperty('accuracy');
  });

  it('trains a text RNN and a small CNN on generated data', async () => {
    const good = ['great', 'superb', 'lovely', 'fun'];
    const bad = ['awful', 'boring', 'dull', 'bad'];
    const filler = ['the', 'movie', 'was', 'plot', 'acting', 'really', 'quite'];
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pick = (list: string[]) => list[Math.floor(rand() * list.length)]!;
    const reviews = Array.from({ length: 400 }, (_, i) => {
      const positive = i % 2 === 0;
      const words = Array.from({ length: 6 }, () => pick(filler));
      words.splice(Math.floor(rand() * 6), 0, pick(positive ? good : bad));
      return { review: words.join(' '), sentiment: positive ? 'pos' : 'neg' };
    });
    const textVersion = await createDatasetVersion(gw, key, {
      name: 'reviews-train',
      format: 'JSON',
      content: JSON.stringify(reviews),
      labelColumn: 'sentiment',
      preprocessing: {
        label: { column: 'sentiment', task: 'classification' },
        columns: [{ name: 'review', type: 'text', tokenize: { maxLength: 8, vocabSize: 40 } }],
      },
    });
    expect(textVersion.featureShape).toEqual([8]);
    const rnnId = await createModel(gw, key, {
      name: 'sentiment-rnn',
      datasetVersionId: textVersion.id,
      architecture: { preset: 'rnn', cell: 'gru', units: 8, embeddingDim: 8 },
      optimizer: { type: 'adam', learningRate: 0.02 },
      epochs: 12,
      batchSize: 32,
      seed: 2,
    });

    const images = Array.from({ length: 240 }, (_, i) => {
      const corner = i % 2;
      const pixels = Array.from({ length: 64 }, () => Math.round(rand() * 30));
      for (let y = 0; y < 3; y += 1) for (let x = 0; x < 3; x += 1) pixels[(corner ? 5 + y : y) * 8 + (corner ? 5 + x : x)] = 255;
      return { pixels, corner: corner ? 'bottom-right' : 'top-left' };
    });
    const imageVersion = await createDatasetVersion(gw, key, {
      name: 'corners-train',
      format: 'JSONL',
      content: toJsonLines(images as never),
      labelColumn: 'corner',
      preprocessing: {
        label: { column: 'corner', task: 'classification' },
        columns: [{ name: 'pixels', type: 'image', shape: [8, 8, 1] }],
      },
    });
    expect(imageVersion.featureShape).toEqual([8, 8, 1]);
    const cnnId = await createModel(gw, key, {
      name: 'corners-cnn',
      datasetVersionId: imageVersion.id,
      architecture: {
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 8, activation: 'relu' },
        ],
      },
      optimizer: { type: 'adam', learningRate: 0.01 },
      epochs: 8,
      batchSize: 16,
      seed: 4,
    });

    const [rnn, cnn] = await Promise.all([waitForRun(gw, key, await startRun(gw, key, rnnId)), waitForRun(gw, key, await startRun(gw, key, cnnId))]);
    expect(rnn.status).toBe('SUCCEEDED');
    expect(rnn.evaluation.task).toBe('BINARY');
    expect(rnn.evaluation.accuracy).toBeGreaterThan(0.75);
    expect(rnn.evaluation.rocAuc).toBeGreaterThan(0.8);
    expect(cnn.status).toBe('SUCCEEDED');
    expect(cnn.backend).toBe('cpu'); // wasm has no Conv2D gradient
    expect(cnn.evaluation.accuracy).toBeGreaterThan(0.9);

    // Round trip for both families: the exported ONNX model, served by predict over GraphQL with
    // preprocessed tensors, equals tfjs predict.
    const PREDICT = `query($input: PredictInput!) { predict(input: $input) { predictions { labelIndex probabilities { probability } } } }`;
    for (const [modelId, rows] of [
      [rnnId, reviews.slice(0, 12)],
      [cnnId, images.slice(0, 12)],
    ] as const) {
      const reference = await tfjsReference(gw, modelId, 1);
      const features = rows.map((r) => reference.transformer.transform(r as never).features);
      const expected = reference.predict(features, [...reference.transformer.featureShape]);
      const res = await gw.gql(PREDICT, { input: { modelId, tensors: features } }, key);
      expect(res.errors).toBeUndefined();
      res.data!.predict.predictions.forEach((p: any, i: number) => {
        // A sigmoid output p is served as [1 - p, p].
        const positive = expected[i]!.length === 1 ? expected[i]![0]! : expected[i]![1]!;
        expect(Math.abs(p.probabilities.at(-1).probability - positive)).toBeLessThan(1e-4);
      });
      reference.model.dispose();
    }
  });

  it('compares runs side by side', async () => {
    const runs = await gw.gql(`{ runs(status: SUCCEEDED, first: 10) { edges { node { id } } } }`, {}, key);
    const ids = runs.data!.runs.edges.map((e: any) => e.node.id).slice(0, 3);
    const cmp = await gw.gql(`query($ids: [ID!]!) { compareRuns(ids: $ids) { runs { id } rows { metric values bestRunId } } }`, { ids }, key);
    expect(cmp.errors).toBeUndefined();
    expect(cmp.data!.compareRuns.runs.map((r: any) => r.id)).toEqual(ids);
    for (const row of cmp.data!.compareRuns.rows) expect(row.values).toHaveLength(ids.length);
    const metrics = cmp.data!.compareRuns.rows.map((r: any) => r.metric);
    expect(metrics).toEqual(expect.arrayContaining(['accuracy']));
    const other = await gw.createTenant();
    expect(errorCodes(await gw.gql(`query($ids: [ID!]!) { compareRuns(ids: $ids) { runs { id } } }`, { ids }, other.adminKey))).toEqual(['NOT_FOUND']);
  });

  it('cancels a running run within an epoch and fails a diverging one with the reason', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => ({ a: (i % 97) / 97, b: ((i * 7) % 13) / 13, y: ((i % 97) / 97) * 3000 + 1000 }));
    const version = await createDatasetVersion(gw, key, { name: 'linear', format: 'JSON', content: JSON.stringify(rows), labelColumn: 'y' });
    const slowId = await createModel(gw, key, {
      name: 'slow',
      datasetVersionId: version.id,
      architecture: { preset: 'mlp', hiddenUnits: [64, 64] },
      epochs: 500,
      batchSize: 8,
    });
    const runId = await startRun(gw, key, slowId);
    await waitForRun(gw, key, runId, 120_000, (r) => r.epochs.length >= 2);
    const cancel = await gw.gql(`mutation($id: ID!) { cancelRun(input: { runId: $id }) { run { id cancelRequested } } }`, { id: runId }, key);
    expect(cancel.data!.cancelRun.run.cancelRequested).toBe(true);
    const cancelled = await waitForRun(gw, key, runId, 60_000);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.epochs.length).toBeLessThan(20);
    expect(cancelled.modelVersion).toBeNull();

    const divergingId = await createModel(gw, key, {
      name: 'diverging',
      datasetVersionId: version.id,
      architecture: { preset: 'mlp', hiddenUnits: [16] },
      optimizer: { type: 'sgd', learningRate: 10 },
      epochs: 20,
    });
    const failed = await waitForRun(gw, key, await startRun(gw, key, divergingId));
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/NaN|diverg|infinite/i);
    expect(failed.modelVersion).toBeNull();

    // A queued run is cancelled at once.
    const queuedId = await startRun(gw, key, slowId);
    const direct = await gw.gql(`mutation($id: ID!) { cancelRun(input: { runId: $id }) { run { ${RUN_FIELDS} } } }`, { id: queuedId }, key);
    expect(['CANCELLED', 'RUNNING']).toContain(direct.data!.cancelRun.run.status);
    expect((await waitForRun(gw, key, queuedId, 60_000)).status).toBe('CANCELLED');
  });

  it("keeps runs per tenant and needs the TRAIN scope to start or cancel", async () => {
    const runs = await gw.gql(`{ runs(first: 1) { edges { node { id model { id } } } } }`, {}, key);
    const { id: runId, model } = runs.data!.runs.edges[0].node;
    const other = await gw.createTenant();
    expect(errorCodes(await gw.gql(`query($id: ID!) { run(id: $id) { id } }`, { id: runId }, other.adminKey))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gw.gql(`mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id } } }`, { id: model.id }, other.adminKey))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gw.gql(`mutation($id: ID!) { cancelRun(input: { runId: $id }) { run { id } } }`, { id: runId }, other.adminKey))).toEqual(['NOT_FOUND']);
    const reader = await gw.createKey(key, ['READ']);
    expect(errorCodes(await gw.gql(`mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id } } }`, { id: model.id }, reader.secret))).toEqual(['FORBIDDEN']);
    // The subscription enforces the same rules.
    const client = wsClient(gw, other.adminKey);
    const result = await new Promise<any>((resolve) => {
      client.subscribe(
        { query: `subscription($id: ID!) { runProgress(runId: $id) { kind } }`, variables: { id: runId } },
        { next: resolve, error: resolve, complete: () => resolve(null) },
      );
    });
    await client.dispose();
    expect(JSON.stringify(result)).toMatch(/NOT_FOUND/);
    expect(worker.output()).not.toMatch(/"level":50/);
  });
});
