// Bad-input fuzzing, seeded and bounded: random and mutated GraphQL documents (and variables and
// request shapes), CSV uploads and ONNX imports. Every request must get a typed answer — JSON whose
// errors each carry an ErrorCode, or a success — never a 5xx or a dropped connection, and the gateway
// must stay up (/healthz 200) throughout and at the end.
//
//   FUZZ_SEED=<int>    reproduce a run (default below; printed with every failure)
//   FUZZ_SCALE=<x>     multiply the case counts (default 1)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/gateway.ts';
import { isTypedBody } from './support/cluster.ts';
import { LINEAR_SIGNATURE, SEED_CSVS, linearOnnx, mutateCsv, mutateDocument, mutateOnnx, prng, randomBytes, randomDocument, randomJson, type Prng } from './support/fuzz.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const COUNTS = { graphql: Math.round(3000 * SCALE), csv: Math.round(2000 * SCALE), onnx: Math.round(300 * SCALE) };
// Each phase stops at its budget even if not all its cases ran (slow CI); the counts run are printed.
const BUDGET_MS = { graphql: 30_000, csv: 30_000, onnx: 45_000 };

let gw: TestGateway;
let key: string;
const seeds: { datasetIds: string[]; versionId: string; modelId: string; importedModelId: string; runId: string } = {} as never;

beforeAll(async () => {
  gw = await startTestGateway();
  key = (await gw.createTenant('fuzz')).adminKey;
  seeds.datasetIds = [];
  for (let i = 0; i < 4; i += 1) {
    const res = await gw.gql(`mutation($name: String!) { createDataset(input: { name: $name }) { dataset { id } } }`, { name: `seed-${i}` }, key);
    seeds.datasetIds.push(res.data!.createDataset.dataset.id);
  }
  const version = await gw.gql(
    `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id } } }`,
    { input: { datasetId: seeds.datasetIds[0], format: 'CSV', content: SEED_CSVS[0], labelColumn: 'y' } },
    key,
  );
  seeds.versionId = version.data!.createDatasetVersion.datasetVersion.id;
  const model = await gw.gql(
    `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`,
    { input: { name: 'seed-model', datasetVersionId: seeds.versionId, architecture: { preset: 'mlp', hiddenUnits: [4] }, epochs: 1 } },
    key,
  );
  seeds.modelId = model.data!.createModel.model.id;
  const run = await gw.gql(`mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id } } }`, { id: seeds.modelId }, key);
  seeds.runId = run.data!.startRun.run.id;
  const imported = await importOnnx(linearOnnx(), { name: 'seed-onnx', task: 'REGRESSION', signature: JSON.stringify(LINEAR_SIGNATURE) });
  expect(imported.status).toBe(201);
  seeds.importedModelId = imported.body.data.model.id;
});
afterAll(async () => gw?.close());

async function importOnnx(bytes: Uint8Array, params: Record<string, string>) {
  const res = await fetch(`${gw.url}/upload/models?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as any };
}

interface Outcome {
  status: number | 'dropped';
  typed: boolean;
  code?: string;
  detail?: string;
}

async function send(url: string, init: RequestInit): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    return { status: 'dropped', typed: false, detail: String((error as Error)?.cause ?? error) };
  }
  const text = await res.text().catch(() => null);
  if (text === null) return { status: 'dropped', typed: false, detail: 'body cut off' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: res.status, typed: false, detail: `not JSON: ${text.slice(0, 200)}` };
  }
  const errors = (body as { errors?: { extensions?: { code?: string } }[] }).errors;
  // INTERNAL_SERVER_ERROR is a typed code, but it means an unexpected failure: counted as a failure.
  const internal = Array.isArray(errors) && errors.some((e) => e?.extensions?.code === 'INTERNAL_SERVER_ERROR');
  return { status: res.status, typed: isTypedBody(body) && !internal, code: errors?.[0]?.extensions?.code, detail: text.slice(0, 300) };
}

/** Runs `count` cases (case i built from the seeded stream) with bounded concurrency and time. */
async function fuzz(name: keyof typeof COUNTS, concurrency: number, makeCase: (r: Prng, i: number) => { describe: string; run: () => Promise<Outcome> }) {
  const r = prng(SEED ^ name.length * 7919);
  const cases = Array.from({ length: COUNTS[name] }, (_, i) => ({ i, ...makeCase(r, i) }));
  const deadline = Date.now() + BUDGET_MS[name];
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  let next = 0;
  let ran = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cases.length && Date.now() < deadline) {
        const c = cases[next++]!;
        const outcome = await c.run();
        ran += 1;
        const label = `${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`;
        statuses[label] = (statuses[label] ?? 0) + 1;
        const bad = outcome.status === 'dropped' || outcome.status >= 500 || !outcome.typed;
        if (bad && failures.length < 15) failures.push(`#${c.i} (FUZZ_SEED=${SEED}) ${c.describe.slice(0, 400)}\n   → ${outcome.status} ${outcome.detail ?? ''}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`[fuzz ${name}] ${ran}/${cases.length} cases in ${seconds.toFixed(1)} s (seed ${SEED}): ${JSON.stringify(statuses)}`);
  return { ran, failures, statuses };
}

async function assertStillUp() {
  expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
  const ping = await gw.gql(`{ ping }`, {}, key);
  expect(ping.data).toEqual({ ping: 'pong' });
}

// ------------------------------------------------------------------------------------ GraphQL

function seedOperations() {
  const { datasetIds, versionId, modelId, importedModelId, runId } = seeds;
  return [
    { query: `{ me { tenant { id name } apiKey { id scopes } scopes isOperator } }` },
    { query: `query($first: Int, $after: String) { datasets(first: $first, after: $after) { edges { cursor node { id name latestVersion { id rowCount } } } pageInfo { hasNextPage endCursor } } }`, variables: { first: 5, after: null } },
    { query: `query($id: ID!) { dataset(id: $id) { id name versions(first: 3) { edges { node { id version columns { name type role stats { count missing min max histogram { start end count } topValues { value count } } } } } } } }`, variables: { id: datasetIds[0] } },
    { query: `query($id: ID!, $first: Int, $after: String) { datasetVersion(id: $id) { id rowCount featureShape featureNames labelClasses task preprocessing splits { train validation test } warnings { code message } preview(first: $first, after: $after) { edges { cursor node } pageInfo { hasNextPage } } } }`, variables: { id: versionId, first: 2, after: null } },
    { query: `query($first: Int) { models(first: $first) { edges { node { id name task source spec loss layers { name type outputShape params } aliases { name } batching { maxBatchSize } } } } }`, variables: { first: 10 } },
    { query: `query($id: ID!) { model(id: $id) { id name runs(first: 2) { edges { node { id status } } } versions(first: 2) { edges { node { id version aliases signature { featureShape } onnx { sha256 } } } } } }`, variables: { id: importedModelId } },
    { query: `query($id: ID!) { run(id: $id) { id status attempt log plannedEpochs epochs { epoch loss metrics } evaluation { accuracy } modelVersion { id } } }`, variables: { id: runId } },
    { query: `query($modelId: ID, $status: RunStatus) { runs(modelId: $modelId, status: $status, first: 5) { edges { node { id status } } } }`, variables: { modelId, status: 'QUEUED' } },
    { query: `query($ids: [ID!]!) { compareRuns(ids: $ids) { runs { id } rows { metric values bestRunId } } }`, variables: { ids: [runId] } },
    { query: `query($input: CreateModelInput!) { validateModel(input: $input) { valid errors { path message } layers { name } } }`, variables: { input: { name: 'v', datasetVersionId: versionId, architecture: { preset: 'mlp', hiddenUnits: [8, 8] }, optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 3, batchSize: 8, earlyStopping: { metric: 'val_loss', patience: 2 } } } },
    { query: `query($input: PredictInput!) { predict(input: $input) { modelVersion { version } predictions { value label probabilities { label probability } } } }`, variables: { input: { modelId: importedModelId, tensors: [[0.1, 0.2], [1, 2]] } } },
    { query: `query($input: PredictInput!) { predict(input: $input) { predictions { value } } }`, variables: { input: { modelId: importedModelId, version: 1, records: [{ x: 1 }] } } },
    { query: `query($days: Int) { usage(days: $days) { day predictions trainingRuns uploadedBytes } }`, variables: { days: 7 } },
    { query: `query($first: Int, $r: Boolean) { apiKeys(first: $first, includeRevoked: $r) { edges { node { id name prefix status } } } }`, variables: { first: 3, r: false } },
    { query: `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { dataset { id name } } }`, variables: { input: { name: 'fz', description: 'd' } } },
    { query: `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id rowCount } } }`, variables: { input: { datasetId: datasetIds[1], format: 'CSV', content: SEED_CSVS[1], labelColumn: 'label', split: { train: 0.5, validation: 0.25, test: 0.25, seed: 1 }, columnTypes: [{ column: 'age', type: 'NUMERIC' }] } } },
    { query: `mutation($input: UpdateColumnTypesInput!) { updateColumnTypes(input: $input) { datasetVersion { id } } }`, variables: { input: { datasetVersionId: versionId, columnTypes: [{ column: 'a', type: 'CATEGORICAL' }], labelColumn: 'y' } } },
    { query: `mutation($input: DeleteDatasetInput!) { deleteDataset(input: $input) { deletedDatasetId } }`, variables: { input: { id: datasetIds[3] } } },
    { query: `mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`, variables: { input: { name: 'fz-model', datasetVersionId: versionId, architecture: { layers: [{ type: 'dense', units: 4, activation: 'relu' }] }, loss: 'meanSquaredError' } } },
    { query: `mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id } } }`, variables: { id: importedModelId } },
    { query: `mutation($id: ID!) { cancelRun(input: { runId: $id }) { run { id status } } }`, variables: { id: runId } },
    { query: `mutation($input: SetAliasInput!) { setAlias(input: $input) { alias { name gate { metric op value } } } }`, variables: { input: { modelId: importedModelId, name: 'staging', version: 1, gate: { metric: 'mse', op: 'LTE', value: 1 } } } },
    { query: `mutation($input: DeleteAliasInput!) { deleteAlias(input: $input) { deletedName } }`, variables: { input: { modelId: importedModelId, name: 'staging' } } },
    { query: `mutation($input: UpdateBatchingInput!) { updateBatching(input: $input) { model { batching { maxBatchSize maxQueueDelayMs } } } }`, variables: { input: { modelId: importedModelId, maxBatchSize: 16, maxQueueDelayMs: 2 } } },
    { query: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`, variables: { input: { name: 'fz', scopes: ['READ'], expiresAt: '2099-01-01T00:00:00Z' } } },
    { query: `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }`, variables: { input: { id: '00000000-0000-4000-8000-000000000000' } } },
    { query: `mutation { createTenant(input: { name: "nope" }) { tenant { id } } }` },
    { query: `query Named($skip: Boolean!) { ping me @skip(if: $skip) { isOperator } ...F } fragment F on Query { ping }`, variables: { skip: false }, operationName: 'Named' },
  ];
}

/** Replaces values inside variables: IDs with others, numbers and strings with odd ones, and so on. */
function mutateVariables(r: Prng, value: unknown, depth = 0): unknown {
  if (r.chance(0.25) || depth > 5) return randomJson(r);
  if (Array.isArray(value)) return value.map((v) => mutateVariables(r, v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!r.chance(0.1)) out[k] = mutateVariables(r, v, depth + 1);
    if (r.chance(0.1)) out[r.pick(['extra', 'id', 'tensors', 'records', 'alias', 'version'])] = randomJson(r);
    return out;
  }
  return value;
}

describe('fuzzing', () => {
  it('GraphQL: random and mutated documents, variables and request shapes get typed answers', async () => {
    const operations = seedOperations();
    const post = (body: string, headers: Record<string, string> = {}) =>
      send(gw.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body });
    const result = await fuzz('graphql', 4, (r) => {
      const op = r.pick(operations);
      const roll = r.next();
      if (roll < 0.5) {
        let query = op.query;
        for (let k = 0; k < 1 + r.int(3); k += 1) query = mutateDocument(r, query);
        const body = JSON.stringify({ query, variables: op.variables, operationName: op.operationName });
        return { describe: body, run: () => post(body) };
      }
      if (roll < 0.75) {
        const body = JSON.stringify({ query: op.query, variables: mutateVariables(r, op.variables ?? {}), operationName: op.operationName });
        return { describe: body, run: () => post(body) };
      }
      if (roll < 0.88) {
        const body = JSON.stringify({ query: randomDocument(r), variables: r.chance(0.5) ? randomJson(r) : undefined });
        return { describe: body, run: () => post(body) };
      }
      // Request shapes: odd bodies, methods, headers.
      const variant = r.int(10);
      const q = op.query;
      switch (variant) {
        case 0: {
          const body = JSON.stringify(randomJson(r));
          return { describe: `body ${body}`, run: () => post(body) };
        }
        case 1: {
          const body = JSON.stringify([{ query: q }, { query: '{ ping }' }]);
          return { describe: 'batched array', run: () => post(body) };
        }
        case 2: {
          const body = JSON.stringify({ query: q, variables: op.variables }).slice(0, r.int(200));
          return { describe: `truncated JSON ${body}`, run: () => post(body) };
        }
        case 3: {
          const url = `${gw.graphqlUrl}?${new URLSearchParams({ query: r.chance(0.5) ? q : mutateDocument(r, q), variables: JSON.stringify(op.variables ?? {}) })}`;
          return { describe: `GET ${url.slice(0, 300)}`, run: () => send(url, { method: 'GET', headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true' } }) };
        }
        case 4: {
          const body = JSON.stringify({ query: q, variables: op.variables });
          const contentType = r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1', 'application/graphql']);
          return { describe: `content-type ${contentType}`, run: () => send(gw.graphqlUrl, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${key}` }, body }) };
        }
        case 5: {
          const body = JSON.stringify({ query: q, variables: op.variables, operationName: r.pick(['Nope', '', 'x'.repeat(500), '__proto__']) });
          return { describe: body, run: () => post(body) };
        }
        case 6: {
          const body = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } }, variables: op.variables, ...(r.chance(0.5) ? { query: q } : {}) });
          return { describe: body, run: () => post(body) };
        }
        case 7: {
          const method = r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']);
          return { describe: method, run: () => send(gw.graphqlUrl, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: q }) }) };
        }
        case 8: {
          const body = JSON.stringify({ query: q, variables: { ...op.variables, pad: 'p'.repeat(1_100_000) } });
          return { describe: 'body over the 1 MiB limit', run: () => post(body) };
        }
        default: {
          const authorization = r.pick(['', 'Bearer', `Bearer ${key.slice(0, -1)}x`, `Basic ${key}`, `Bearer ${'x'.repeat(5000)}`, 'Bearer mg_live_AAAAAAAAAAAA_x', `bearer ${key}`]);
          return { describe: `authorization ${authorization.slice(0, 40)}`, run: () => send(gw.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: q, variables: op.variables }) }) };
        }
      }
    });
    expect(result.failures).toEqual([]);
    expect(result.ran).toBeGreaterThan(COUNTS.graphql / 4);
    await assertStillUp();
  });

  it('CSV uploads: mutated and random files and options get 201 or a typed 4xx', async () => {
    const result = await fuzz('csv', 4, (r) => {
      const body = r.chance(0.85) ? mutateCsv(r, r.pick(SEED_CSVS)) : r.chance(0.7) ? randomBytes(r, 4096) : Buffer.alloc(0);
      const header = body.toString('utf8').split(/\r?\n/)[0]?.split(/[,;]/) ?? [];
      const params = new URLSearchParams();
      params.set('format', r.chance(0.85) ? 'CSV' : r.pick(['JSON', 'JSONL', 'csv', 'XLSX', '', 'C\u0000SV']));
      const label = r.next();
      if (label < 0.5 && header.length) params.set('labelColumn', r.pick(header));
      else if (label < 0.7) params.set('labelColumn', r.pick(['', 'nope', 'y', 'label', '__proto__']));
      const options = r.next();
      if (options < 0.15) params.set('options', JSON.stringify({ split: { train: r.next(), validation: r.next(), test: r.next(), seed: r.int(2 ** 31), stratify: r.chance(0.5) } }));
      else if (options < 0.25) params.set('options', JSON.stringify({ columnTypes: [{ column: r.pick(header.length ? header : ['a']), type: r.pick(['NUMERIC', 'CATEGORICAL', 'TEXT', 'DATETIME', 'BOOLEAN', 'IMAGE', 'nope']) }] }));
      else if (options < 0.32) params.set('options', JSON.stringify({ preprocessing: randomJson(r) }));
      else if (options < 0.37) params.set('options', r.pick(['{', '[]', 'null', '1', '"s"', JSON.stringify(randomJson(r))]));
      const datasetId = r.chance(0.92) ? r.pick(seeds.datasetIds.slice(0, 3)) : r.pick(['nope', '00000000-0000-4000-8000-000000000000', '%2e%2e', seeds.versionId]);
      const url = `${gw.url}/upload/datasets/${datasetId}/versions?${params}`;
      return {
        describe: `${url} body(${body.length}) ${JSON.stringify(body.toString('utf8').slice(0, 200))}`,
        run: () => send(url, { method: r.chance(0.97) ? 'POST' : 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: new Uint8Array(body) }),
      };
    });
    expect(result.failures).toEqual([]);
    expect(result.ran).toBeGreaterThan(COUNTS.csv / 4);
    await assertStillUp();
  });

  it('ONNX imports: mutated and random files and signatures get 201 or a typed 4xx', async () => {
    const base = linearOnnx();
    const result = await fuzz('onnx', 2, (r) => {
      const bytes = mutateOnnx(r, base);
      const signature = r.next();
      const declared =
        signature < 0.75
          ? JSON.stringify(LINEAR_SIGNATURE)
          : signature < 0.9
            ? JSON.stringify({ ...LINEAR_SIGNATURE, ...(r.chance(0.5) ? { inputs: [{ name: r.pick(['x', 'nope', '']), type: r.pick(['FLOAT32', 'INT64', 'STRING', 'x']), shape: r.pick([[null, 2], [1, 2], [-1], [], [null, 2, 3], [2 ** 40]]) }] } : { outputs: randomJson(r) }) })
            : r.pick(['{', 'null', '[]', JSON.stringify(randomJson(r))]);
      const params = {
        name: r.chance(0.8) ? 'fuzzed' : r.pick(['', ' ', 'seed-model', 'x'.repeat(300), 'seed-onnx']),
        task: r.chance(0.85) ? 'REGRESSION' : r.pick(['BINARY', 'MULTICLASS', 'nope', '']),
        signature: declared,
      };
      return { describe: `${JSON.stringify(params).slice(0, 300)} bytes(${bytes.length})`, run: () => send(`${gw.url}/upload/models?${new URLSearchParams(params)}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) }) };
    });
    expect(result.failures).toEqual([]);
    expect(result.ran).toBeGreaterThan(Math.min(50, COUNTS.onnx / 4));
    await assertStillUp();
  });

  it('stayed up throughout: no 5xx recorded in the gateway’s own metrics', async () => {
    await assertStillUp();
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const fiveHundreds = metrics.split('\n').filter((line) => /^modelgraph_http_requests_total\{.*status="5\d\d"/.test(line));
    expect(fiveHundreds).toEqual([]);
  });
});
