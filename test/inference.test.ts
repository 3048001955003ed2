import * as tf from '@tensorflow/tfjs';
import { exportToOnnx, type LayersModelLike } from '@modelgraph/onnx-export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway } from './support/gateway.ts';
import { toJsonLines, vegaJson } from './support/data.ts';
import { createDatasetVersion, createModel, startRun, tfjsReference, waitForRun } from './support/training.ts';

let gw: TestGateway;
let key: string;
let tenantId: string;
let penguinModelId: string;
let penguinRun: any;
const penguins = vegaJson('penguins.json');

const PREDICT = `query($input: PredictInput!) { predict(input: $input) { modelVersion { version } predictions { label labelIndex value probabilities { label probability } } } }`;

beforeAll(async () => {
  gw = await startTestGateway({ inference: { ratePerSecond: 10_000 } });
  ({ adminKey: key, tenantId } = await gw.createTenant('inference'));
  await gw.startWorker();
  const version = await createDatasetVersion(gw, key, {
    name: 'penguins',
    format: 'JSONL',
    content: toJsonLines(penguins),
    labelColumn: 'Species',
    split: { train: 0.7, validation: 0.15, test: 0.15, seed: 11 },
  });
  penguinModelId = await createModel(gw, key, {
    name: 'species',
    datasetVersionId: version.id,
    architecture: { preset: 'mlp', hiddenUnits: [16] },
    optimizer: { type: 'adam', learningRate: 0.02 },
    epochs: 25,
    batchSize: 16,
    seed: 2,
  });
  penguinRun = await waitForRun(gw, key, await startRun(gw, key, penguinModelId));
  expect(penguinRun.status).toBe("SUCCEEDED");
  if (process.env.DEBUG_RUN_LOG) console.log(penguinRun.log);
});
afterAll(async () => gw?.close());

describe('ONNX export and predict', () => {
  it('exports the trained version to ONNX with a signature of named record fields', async () => {
    const res = await gw.gql(
      `query($id: ID!) { model(id: $id) { versions { edges { node { version onnx { sha256 sizeBytes opset } signature { inputs { name type shape } outputs { name type shape } recordFields { name kind categories } labels featureNames } } } } } }`,
      { id: penguinModelId },
      key,
    );
    const v = res.data!.model.versions.edges[0].node;
    expect(v.onnx.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.onnx.sizeBytes).toBeGreaterThan(1000);
    expect(v.signature.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(v.signature.recordFields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['Island', 'Beak Length (mm)', 'Sex']));
    expect(v.signature.recordFields.find((f: any) => f.name === 'Island')).toMatchObject({ kind: 'CATEGORICAL', categories: ['Biscoe', 'Dream', 'Torgersen'] });
    expect(v.signature.outputs.map((o: any) => o.name)).toEqual(expect.arrayContaining(['probabilities', 'label_index']));
  });

  it('predicts from named records exactly as tfjs does (round trip train → export → predict)', async () => {
    const records = penguins.slice(0, 40).map(({ Species: _s, ...features }) => features);
    const res = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records } }, key);
    expect(res.errors).toBeUndefined();
    const predictions = res.data!.predict.predictions;
    expect(predictions).toHaveLength(40);

    const { model, transformer } = await tfjsReference(gw, penguinModelId, 1);
    const x = records.map((r) => transformer.transform(r).features);
    const expected = (model.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];
    predictions.forEach((p: any, i: number) => {
      p.probabilities.forEach((c: any, j: number) => expect(Math.abs(c.probability - expected[i]![j]!)).toBeLessThan(1e-4));
      expect(p.label).toBe(['Adelie', 'Chinstrap', 'Gentoo'][expected[i]!.indexOf(Math.max(...expected[i]!))]);
    });
    // Most training rows are classified right.
    const correct = predictions.filter((p: any, i: number) => p.label === penguins[i]?.Species).length;
    expect(correct).toBeGreaterThan(32);
    model.dispose();
  });

  it('imputes missing values in the graph and rejects bad inputs naming the problem', async () => {
    const withNulls = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [penguins[3]!].map(({ Species: _s, ...f }) => f) } }, key);
    expect(withNulls.errors).toBeUndefined();
    expect(withNulls.data!.predict.predictions[0].probabilities).toHaveLength(3);

    const { Island: _island, Species: _species, ...noIsland } = penguins[0]!;
    const missing = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [noIsland] } }, key);
    expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(missing.errors![0]!.message).toMatch(/Island/);

    const { Species: _s2, ...good } = penguins[0]!;
    const wrongType = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [{ ...good, 'Beak Length (mm)': 'long' }] } }, key);
    expect(errorCodes(wrongType)).toEqual(['BAD_USER_INPUT']);
    expect(wrongType.errors![0]!.message).toMatch(/Beak Length/);

    const both = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [good], tensors: [[1]] } }, key);
    expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
    const none = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [] } }, key);
    expect(errorCodes(none)).toEqual(['BAD_USER_INPUT']);
  });

  it('batches concurrent predictions within one request and across requests', async () => {
    const { Species: _s, ...record } = penguins[10]!;
    const fields = Array.from({ length: 12 }, (_, i) => `p${i}: predict(input: $input) { predictions { label } }`).join(' ');
    const res = await gw.gql(`query($input: PredictInput!) { ${fields} }`, { input: { modelId: penguinModelId, records: [record] } }, key);
    expect(res.errors).toBeUndefined();
    expect(new Set(Object.values(res.data!).map((v: any) => v.predictions[0].label)).size).toBe(1);
    await Promise.all(Array.from({ length: 16 }, () => gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [record, record] } }, key)));

    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const count = Number(/modelgraph_predict_batch_requests_count (\d+)/.exec(metrics)?.[1]);
    const sum = Number(/modelgraph_predict_batch_requests_sum (\d+)/.exec(metrics)?.[1]);
    // More calls than inferences: calls were coalesced.
    expect(sum).toBeGreaterThan(count);
    expect(metrics).toMatch(/modelgraph_predict_queue_seconds_bucket/);
    expect(metrics).toMatch(/modelgraph_predict_batch_rows_bucket/);
  });

  it('answers a plain predict query on the lean path exactly as the general GraphQL path does', async () => {
    const { Species: _s, ...record } = penguins[5]!;
    const selection = `modelVersion { id version createdAt __typename } predictions { label labelIndex value probabilities { label probability } }`;
    const lean = await gw.gql(`query Lean($input: PredictInput!) { out: predict(input: $input) { ${selection} } }`, { input: { modelId: penguinModelId, records: [record] } }, key);
    // A second root field sends the same predict through Apollo.
    const general = await gw.gql(`query General($input: PredictInput!) { out: predict(input: $input) { ${selection} } ping }`, { input: { modelId: penguinModelId, records: [record] } }, key);
    expect(lean.errors).toBeUndefined();
    expect(lean.data!.out).toEqual(general.data!.out);

    const missing = { modelId: '00000000-0000-4000-8000-000000000000', records: [record] };
    const leanError = await gw.gql(`query($input: PredictInput!) { out: predict(input: $input) { predictions { label } } }`, { input: missing }, key);
    const generalError = await gw.gql(`query($input: PredictInput!) { out: predict(input: $input) { predictions { label } } ping }`, { input: missing }, key);
    expect(leanError.errors).toEqual(generalError.errors);
    expect(leanError.data).toBeNull();
    // Bad variables are left to Apollo, which reports them in its usual way.
    const badVariables = await gw.gql(`query($input: PredictInput!) { predict(input: $input) { predictions { label } } }`, { input: { records: [] } }, key);
    expect(errorCodes(badVariables)).toEqual(['BAD_USER_INPUT']);
    // Both paths are counted in the operation metrics.
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/modelgraph_graphql_operations_total\{operation="Lean",type="query",outcome="ok"\} 1/);
    expect(metrics).toMatch(/modelgraph_graphql_operations_total\{operation="General",type="query",outcome="ok"\} 1/);
  });

  it('meters predictions per key and model', async () => {
    const predictor = await gw.createKey(key, ['PREDICT']);
    const { Species: _s, ...record } = penguins[20]!;
    const res = await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [record, record, record] } }, predictor.secret);
    expect(res.errors).toBeUndefined();
    await expect
      .poll(async () => (await gw.db.usageRecord.aggregate({ where: { apiKeyId: predictor.id, modelDefinitionId: penguinModelId, kind: 'PREDICTION' }, _sum: { units: true } }))._sum.units, { timeout: 5000 })
      .toBe(3);
    const usage = await gw.gql(`{ usage(days: 2) { day predictions trainingRuns } }`, {}, key);
    expect(usage.data!.usage.at(-1).predictions).toBeGreaterThanOrEqual(3);
    expect(usage.data!.usage.at(-1).trainingRuns).toBeGreaterThanOrEqual(1);
  });
});

describe('registry: aliases and gates', () => {
  it('moves aliases with gates, and serves the aliased version with no failed request while it moves', async () => {
    // A second version of the same model.
    const run2 = await waitForRun(gw, key, await startRun(gw, key, penguinModelId));
    expect(run2.modelVersion.version).toBe(2);
    const accuracy = run2.evaluation.accuracy as number;

    const SET = `mutation($input: SetAliasInput!) { setAlias(input: $input) { alias { name gate { metric op value } modelVersion { version } } } }`;
    const refused = await gw.gql(SET, { input: { modelId: penguinModelId, name: 'production', version: 2, gate: { metric: 'accuracy', op: 'GTE', value: 1.01 } } }, key);
    expect(errorCodes(refused)).toEqual(['GATE_FAILED']);
    expect(refused.errors![0]!.extensions).toMatchObject({ metric: 'accuracy', actual: accuracy, required: 1.01 });
    expect(refused.errors![0]!.message).toMatch(/accuracy/);

    const ok = await gw.gql(SET, { input: { modelId: penguinModelId, name: 'production', version: 1, gate: { metric: 'accuracy', op: 'GTE', value: 0.5 } } }, key);
    expect(ok.data!.setAlias.alias).toMatchObject({ name: 'production', gate: { metric: 'accuracy', op: 'GTE', value: 0.5 }, modelVersion: { version: 1 } });

    const { Species: _s, ...record } = penguins[0]!;
    const served = async () => {
      const res = await gw.gql(PREDICT, { input: { modelId: penguinModelId, alias: 'production', records: [record] } }, key);
      if (res.errors || res.status !== 200) throw new Error(`failed request: ${JSON.stringify(res.errors)}`);
      return res.data!.predict.modelVersion.version as number;
    };
    expect(await served()).toBe(1);
    // Move the alias while requests are in flight: every request succeeds, and v2 is served right after.
    const seen: number[] = [];
    let moving = true;
    const load = (async () => {
      while (moving) seen.push(await served());
    })();
    await new Promise((r) => setTimeout(r, 150));
    const moved = await gw.gql(SET, { input: { modelId: penguinModelId, name: 'production', version: 2 } }, key);
    expect(moved.errors).toBeUndefined();
    expect(await served()).toBe(2);
    await new Promise((r) => setTimeout(r, 150));
    moving = false;
    await load;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(2);

    // Default version = production alias; explicit versions work too.
    expect((await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [record] } }, key)).data!.predict.modelVersion.version).toBe(2);
    expect((await gw.gql(PREDICT, { input: { modelId: penguinModelId, version: 1, records: [record] } }, key)).data!.predict.modelVersion.version).toBe(1);
    const missingAlias = await gw.gql(PREDICT, { input: { modelId: penguinModelId, alias: 'nope', records: [record] } }, key);
    expect(errorCodes(missingAlias)).toEqual(['NOT_FOUND']);

    const listed = await gw.gql(`query($id: ID!) { model(id: $id) { aliases { name modelVersion { version aliases } } batching { maxBatchSize maxQueueDelayMs } } }`, { id: penguinModelId }, key);
    expect(listed.data!.model.aliases).toEqual([{ name: 'production', modelVersion: { version: 2, aliases: ['production'] } }]);
  });

  it("refuses another tenant's model and keys without PREDICT", async () => {
    const other = await gw.createTenant();
    const { Species: _s, ...record } = penguins[0]!;
    expect(errorCodes(await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [record] } }, other.adminKey))).toEqual(['NOT_FOUND']);
    const reader = await gw.createKey(key, ['READ']);
    expect(errorCodes(await gw.gql(PREDICT, { input: { modelId: penguinModelId, records: [record] } }, reader.secret))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gw.gql(`mutation($id: ID!) { setAlias(input: { modelId: $id, name: "x", version: 1 }) { alias { name } } }`, { id: penguinModelId }, other.adminKey))).toEqual(['NOT_FOUND']);
  });
});

describe('rate limits', () => {
  it('answers RATE_LIMITED with a retry hint past the per-key rate', async () => {
    const limited = await startTestGateway({ inference: { ratePerSecond: 1, burst: 2 } });
    try {
      const { adminKey } = await limited.createTenant();
      const call = () => limited.gql(PREDICT, { input: { modelId: '00000000-0000-4000-8000-000000000000', records: [{}] } }, adminKey);
      expect(errorCodes(await call())).toEqual(['NOT_FOUND']);
      expect(errorCodes(await call())).toEqual(['NOT_FOUND']);
      const third = await call();
      expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
      expect(third.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
      expect(third.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('import of external ONNX models', () => {
  function tinyOnnx() {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'softmax' })] });
    const { bytes } = exportToOnnx(model as unknown as LayersModelLike, { task: 'BINARY', labels: ['no', 'yes'] });
    const x = [[0.1, 0.2, 0.3]];
    const expected = (model.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];
    model.dispose();
    return { bytes, x, expected };
  }
  const IMPORT = `mutation($input: ImportOnnxModelInput!) { importOnnxModel(input: $input) { model { id source task } modelVersion { version onnx { sha256 } } } }`;
  const signature = {
    task: 'BINARY',
    inputs: [{ name: 'features', type: 'FLOAT32', shape: [null, 3] }],
    outputs: [{ name: 'probabilities', type: 'FLOAT32', shape: [null, 2] }],
    labels: ['no', 'yes'],
  };

  it('imports a valid file and serves it', async () => {
    const { bytes, x, expected } = tinyOnnx();
    const res = await gw.gql(IMPORT, { input: { name: 'imported', fileBase64: Buffer.from(bytes).toString('base64'), ...signature } }, key);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importOnnxModel.model).toMatchObject({ source: 'IMPORTED', task: 'BINARY' });
    const predicted = await gw.gql(PREDICT, { input: { modelId: res.data!.importOnnxModel.model.id, tensors: x } }, key);
    expect(predicted.errors).toBeUndefined();
    const p = predicted.data!.predict.predictions[0];
    expect(Math.abs(p.probabilities[1].probability - expected[0]![1]!)).toBeLessThan(1e-5);
    const wrongWidth = await gw.gql(PREDICT, { input: { modelId: res.data!.importOnnxModel.model.id, tensors: [[1, 2]] } }, key);
    expect(errorCodes(wrongWidth)).toEqual(['BAD_USER_INPUT']);
    expect(wrongWidth.errors![0]!.message).toMatch(/tensors\[0\]/);
  });

  it('refuses a malformed corpus with typed errors and stays healthy', async () => {
    const { bytes } = tinyOnnx();
    let seed = 1;
    const random = Buffer.from(Array.from({ length: 4096 }, () => ((seed = (seed * 48271) % 2147483647) & 0xff)));
    const corpus: [string, Uint8Array][] = [
      ['empty', new Uint8Array()],
      ['truncated', bytes.slice(0, Math.floor(bytes.length / 2))],
      ['random', random],
    ];
    for (const [name, file] of corpus) {
      const res = await gw.gql(IMPORT, { input: { name: `bad-${name}`, fileBase64: Buffer.from(file).toString('base64'), ...signature } }, key);
      expect(errorCodes(res), name).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!.reason, name).toMatch(/EMPTY|INVALID_ONNX/);
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    }
    const mismatch = await gw.gql(IMPORT, { input: { name: 'bad-signature', fileBase64: Buffer.from(bytes).toString('base64'), ...signature, inputs: [{ name: 'pixels', type: 'FLOAT32', shape: [null, 3] }] } }, key);
    expect(errorCodes(mismatch)).toEqual(['BAD_USER_INPUT']);
    expect(mismatch.errors![0]!.extensions!.reason).toBe('SIGNATURE_MISMATCH');
    expect(await gw.db.modelDefinition.count({ where: { tenantId, name: { startsWith: 'bad-' } } })).toBe(0);
  });
});
