// Cross-tenant matrix. Walks every Query, Mutation and Subscription field of the served schema (by
// introspection) that takes an ID — as an argument or inside an input object — and calls it with
// tenant A's IDs and tenant B's ADMIN key: the answer must be NOT_FOUND (FORBIDDEN for operator-only
// fields) and must carry nothing of A's. A field whose ID has no known object kind fails the test, so
// a new field is never silently skipped. The same documents with A's key are the control: they must
// not be NOT_FOUND, which shows each probe reached the object and the refusal is the tenant check.
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/gateway.ts';
import { createDatasetVersion, createModel, startRun, waitForRun } from './support/training.ts';
import { wsClientAt } from './support/cluster.ts';

type Kind = 'dataset' | 'datasetVersion' | 'model' | 'run' | 'modelVersion' | 'apiKey';

/**
 * Which object an ID argument names. Keys are `field.path.to.arg` (most specific) or the argument's
 * own name. `id`/`ids` are never mapped by name alone: they mean a different object on every field.
 */
const TARGET_BY_PATH: Record<string, Kind> = {
  'dataset.id': 'dataset',
  'datasetVersion.id': 'datasetVersion',
  'model.id': 'model',
  'run.id': 'run',
  'compareRuns.ids': 'run',
  'deleteDataset.input.id': 'dataset',
  'revokeApiKey.input.id': 'apiKey',
};
const TARGET_BY_ARG_NAME: Record<string, Kind> = {
  datasetId: 'dataset',
  datasetVersionId: 'datasetVersion',
  modelId: 'model',
  runId: 'run',
  modelVersionId: 'modelVersion',
  apiKeyId: 'apiKey',
  keyId: 'apiKey',
};
/** The `type` a NOT_FOUND error names for each kind. */
const TYPE_NAME: Record<Kind, string> = { dataset: 'Dataset', datasetVersion: 'DatasetVersion', model: 'Model', run: 'Run', modelVersion: 'ModelVersion', apiKey: 'ApiKey' };
/** Fields only the platform operator may call: a tenant key gets FORBIDDEN whatever the IDs. */
const OPERATOR_ONLY = new Set(['createTenant']);

/** Plausible values for non-ID arguments (by `field.path` or by name), so that validation passes. */
const CSV = 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n';
const PLAUSIBLE_BY_PATH: Record<string, unknown> = {
  'predict.input.tensors': [[0.5, 0.5]],
  'setAlias.input.name': 'production',
  'deleteAlias.input.name': 'production',
  'createDatasetVersion.input.content': CSV,
  'createDatasetVersion.input.labelColumn': 'y',
};
const PLAUSIBLE_BY_NAME: Record<string, unknown> = {
  name: 'probe',
  architecture: { preset: 'mlp', hiddenUnits: [4] },
  version: 1,
  maxBatchSize: 8,
  maxQueueDelayMs: 1,
  column: 'a',
  content: CSV,
};

interface Probe {
  root: 'query' | 'mutation' | 'subscription';
  field: string;
  /** Path of the ID argument, e.g. ['input', 'modelId']. */
  path: string[];
  kind: Kind;
  document: string;
  variables: Record<string, unknown>;
}

let gw: TestGateway;
let keyA: string;
let keyB: string;
const ids = {} as Record<Kind, string>;
const secretsOfA: string[] = [];
let schema: GraphQLSchema;

beforeAll(async () => {
  gw = await startTestGateway();
  keyA = (await gw.createTenant('tenant-a')).adminKey;
  keyB = (await gw.createTenant('tenant-b')).adminKey;
  const worker = await gw.startWorker();
  try {
    // One object of each kind for A, named so that a leak would be easy to spot.
    const rows = Array.from({ length: 120 }, (_, i) => ({ a: i / 120, b: (i % 7) / 7, y: i / 60 + (i % 7) / 7 }));
    const version = await createDatasetVersion(gw, keyA, { name: 'a-private-dataset', format: 'JSON', content: JSON.stringify(rows), labelColumn: 'y' });
    ids.datasetVersion = version.id;
    ids.dataset = (await gw.db.datasetVersion.findUniqueOrThrow({ where: { id: version.id } })).datasetId;
    ids.model = await createModel(gw, keyA, { name: 'a-private-model', datasetVersionId: version.id, architecture: { preset: 'mlp', hiddenUnits: [4] }, epochs: 2, batchSize: 32 });
    ids.run = await startRun(gw, keyA, ids.model);
    const run = await waitForRun(gw, keyA, ids.run);
    expect(run.status, run.log).toBe('SUCCEEDED');
    ids.modelVersion = run.modelVersion.id;
    const alias = await gw.gql(`mutation($id: ID!) { setAlias(input: { modelId: $id, name: "production", version: 1 }) { alias { name } } }`, { id: ids.model }, keyA);
    expect(alias.errors, run.log).toBeUndefined();
    ids.apiKey = (await gw.createKey(keyA, ['READ'], { name: 'a-private-key' })).id;
    secretsOfA.push('a-private-dataset', 'a-private-model', 'a-private-key', 'tenant-a');
  } finally {
    await worker.stop();
  }

  const introspection = await gw.gql<IntrospectionQuery>(getIntrospectionQuery({ descriptions: false }), {}, keyB);
  if (!introspection.data) throw new Error(`introspection failed: ${JSON.stringify(introspection.errors)}`);
  schema = buildClientSchema(introspection.data);
});
afterAll(async () => gw?.close());

/** Every path to an ID (or [ID]) inside an argument, following input objects (and lists of them). */
function idPaths(type: GraphQLInputType, prefix: string[], seen: Set<string> = new Set()): { path: string[]; list: boolean }[] {
  const named = getNamedType(type);
  if (isScalarType(named) && named.name === 'ID') return [{ path: prefix, list: isListType(isNonNullType(type) ? type.ofType : type) }];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set(seen).add(named.name);
  return Object.values(named.getFields()).flatMap((f) => idPaths(f.type, [...prefix, f.name], inner));
}

function typeString(type: GraphQLInputType): string {
  return type.toString();
}

/** A plausible value for an input type; IDs get `idFor(path)`. Optional fields are left out unless plausible values are known. */
function fill(type: GraphQLInputType, path: string[], field: string, idFor: (path: string[]) => string): unknown {
  const key = `${field}.${path.join('.')}`;
  const name = path.at(-1)!;
  if (key in PLAUSIBLE_BY_PATH) return PLAUSIBLE_BY_PATH[key];
  const nonNull = isNonNullType(type);
  const inner = nonNull ? type.ofType : type;
  if (isListType(inner)) {
    const named = getNamedType(inner);
    if (isScalarType(named) && named.name === 'ID') return [idFor(path)];
    return [fill(inner.ofType as GraphQLInputType, path, field, idFor)];
  }
  const named = getNamedType(inner);
  if (isScalarType(named) && named.name === 'ID') return idFor(path);
  if (name in PLAUSIBLE_BY_NAME) return PLAUSIBLE_BY_NAME[name];
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) {
      const childPath = [...path, f.name];
      const childKey = `${field}.${childPath.join('.')}`;
      const wanted = isNonNullType(f.type) || childKey in PLAUSIBLE_BY_PATH || idPaths(f.type, []).length > 0;
      if (wanted) out[f.name] = fill(f.type, childPath, field, idFor);
    }
    return out;
  }
  if (isEnumType(named)) return named.getValues()[0]!.value;
  switch (named.name) {
    case 'String':
      return 'probe';
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'JSON':
      return {};
    case 'DateTime':
      return new Date(Date.now() + 86_400_000).toISOString();
    default:
      throw new Error(`no plausible value for ${named.name} at ${key}`);
  }
}

function buildProbes(): { probes: Probe[]; unmapped: string[]; withoutIds: string[] } {
  const probes: Probe[] = [];
  const unmapped: string[] = [];
  const withoutIds: string[] = [];
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  for (const [root, type] of roots) {
    if (!type) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const paths = field.args.flatMap((arg) => idPaths(arg.type, [arg.name]));
      if (paths.length === 0) {
        withoutIds.push(`${root} ${field.name}`);
        continue;
      }
      const kindOf = (path: string[]): Kind | undefined => TARGET_BY_PATH[`${field.name}.${path.join('.')}`] ?? TARGET_BY_ARG_NAME[path.at(-1)!];
      for (const { path } of paths) {
        const kind = kindOf(path);
        if (!kind) {
          unmapped.push(`${root} ${field.name}(${path.join('.')})`);
          continue;
        }
        // Every ID in the document is one of A's, each of its own kind.
        const idFor = (p: string[]) => {
          const k = kindOf(p);
          if (!k) throw new Error(`unmapped ID ${field.name}.${p.join('.')}`);
          return ids[k];
        };
        const variables: Record<string, unknown> = {};
        const declarations: string[] = [];
        const argumentsText: string[] = [];
        for (const arg of field.args) {
          const needed = isNonNullType(arg.type) || idPaths(arg.type, []).length > 0 || `${field.name}.${arg.name}` in PLAUSIBLE_BY_PATH;
          if (!needed) continue;
          variables[arg.name] = fill(arg.type, [arg.name], field.name, idFor);
          declarations.push(`$${arg.name}: ${typeString(arg.type)}`);
          argumentsText.push(`${arg.name}: $${arg.name}`);
        }
        const returned = getNamedType(field.type);
        const selection = isScalarType(returned) || isEnumType(returned) ? '' : ' { __typename }';
        const document = `${root}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${field.name}(${argumentsText.join(', ')})${selection} }`;
        probes.push({ root, field: field.name, path, kind, document, variables });
      }
    }
  }
  return { probes, unmapped, withoutIds };
}

async function callSubscription(key: string, probe: Probe) {
  const client = wsClientAt(gw.graphqlUrl, key);
  try {
    const events: unknown[] = [];
    const errors: { extensions?: { code?: string; type?: string } }[] = [];
    await new Promise<void>((resolve) => {
      client.subscribe(
        { query: probe.document, variables: probe.variables },
        {
          next: (value) => {
            if (value.errors) errors.push(...(value.errors as never[]));
            if (value.data) events.push(value.data);
          },
          error: (error) => {
            if (Array.isArray(error)) errors.push(...error);
            else errors.push({ extensions: { code: `CONNECTION:${String((error as { reason?: string })?.reason ?? error)}` } });
            resolve();
          },
          complete: () => resolve(),
        },
      );
    });
    return { events, errors };
  } finally {
    await client.dispose();
  }
}

describe('cross-tenant matrix', () => {
  it('walks every ID-taking field: tenant B never reaches tenant A’s objects', async () => {
    const { probes, unmapped, withoutIds } = buildProbes();
    console.log(
      `[cross-tenant] ${probes.length} probes over ${new Set(probes.map((p) => p.field)).size} fields: ` +
        probes.map((p) => `${p.field}(${p.path.join('.')})→${p.kind}`).join(', ') +
        `\n[cross-tenant] fields without ID arguments (not probed): ${withoutIds.join(', ')}`,
    );
    // A new ID-taking field must be given an object kind above, or this fails.
    expect(unmapped, 'ID arguments with no known object kind: add them to TARGET_BY_PATH or TARGET_BY_ARG_NAME').toEqual([]);
    // Every kind of object is targeted by at least one field.
    for (const required of ['dataset', 'datasetVersion', 'model', 'run', 'apiKey'] as Kind[]) {
      expect(probes.some((p) => p.kind === required), `no field targets ${required}`).toBe(true);
    }

    const failures: string[] = [];
    for (const probe of probes) {
      const expected = OPERATOR_ONLY.has(probe.field) ? 'FORBIDDEN' : 'NOT_FOUND';
      if (probe.root === 'subscription') {
        const { events, errors } = await callSubscription(keyB, probe);
        const codes = errors.map((e) => e.extensions?.code);
        const wrongObject = expected === 'NOT_FOUND' && errors.some((e) => (e.extensions as { type?: string } | undefined)?.type !== TYPE_NAME[probe.kind]);
        if (events.length > 0 || codes.length === 0 || codes.some((c) => c !== expected) || wrongObject) {
          failures.push(`${probe.field}(${probe.path.join('.')}): events ${JSON.stringify(events).slice(0, 200)}, codes ${JSON.stringify(codes)}`);
        }
        continue;
      }
      const res = await fetch(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keyB}` },
        body: JSON.stringify({ query: probe.document, variables: probe.variables }),
      });
      const text = await res.text();
      const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      const leaked = secretsOfA.filter((s) => text.includes(s));
      const gotData = body.data != null && body.data[probe.field] != null;
      // Refused for the very object probed (not, say, a missing alias further on).
      const wrongObject = expected === 'NOT_FOUND' && (body.errors ?? []).some((e) => (e.extensions as { type?: string } | undefined)?.type !== TYPE_NAME[probe.kind]);
      if (gotData || codes.length === 0 || codes.some((c) => c !== expected) || wrongObject || leaked.length > 0) {
        failures.push(`${probe.field}(${probe.path.join('.')}) with ${JSON.stringify(probe.variables).slice(0, 200)}: HTTP ${res.status} ${text.slice(0, 300)}${leaked.length ? ` LEAKED ${leaked}` : ''}`);
      }
    }
    expect(failures).toEqual([]);

    // Control: the very same documents with A's key are not NOT_FOUND (mutations last, since some
    // of them change A's objects; destructive ones at the very end).
    const order = (p: Probe) => (p.root === 'mutation' ? (/^(delete|revoke|cancel)/.test(p.field) ? 2 : 1) : 0);
    const controlFailures: string[] = [];
    for (const probe of [...probes].sort((x, y) => order(x) - order(y))) {
      if (OPERATOR_ONLY.has(probe.field)) continue;
      if (probe.root === 'subscription') {
        const { events, errors } = await callSubscription(keyA, probe);
        if (events.length === 0 || errors.length > 0) controlFailures.push(`${probe.field}: ${JSON.stringify(errors)}`);
        continue;
      }
      const res = await gw.gql(probe.document, probe.variables, keyA);
      const refused = (res.errors ?? []).some((e) => {
        const code = e.extensions?.code;
        return code === 'FORBIDDEN' || code === 'INTERNAL_SERVER_ERROR' || (code === 'NOT_FOUND' && e.extensions?.type === TYPE_NAME[probe.kind]);
      });
      if (refused) {
        controlFailures.push(`${probe.field}(${probe.path.join('.')}): ${JSON.stringify(res.errors)}`);
      }
    }
    expect(controlFailures).toEqual([]);
  });

  it('lists and usage of tenant B never include anything of tenant A', async () => {
    const text = JSON.stringify(
      await gw.gql(
        `{ me { tenant { id name } } datasets(first: 100) { edges { node { id name } } } models(first: 100) { edges { node { id name } } }
           runs(first: 100) { edges { node { id } } } apiKeys(first: 100) { edges { node { id name } } } usage(days: 2) { predictions trainingRuns uploadedBytes } }`,
        {},
        keyB,
      ),
    );
    expect(text).toContain('tenant-b');
    for (const secret of [...secretsOfA, ...Object.values(ids)]) expect(text).not.toContain(secret);
    const usage = JSON.parse(text).data.usage as { predictions: number; trainingRuns: number; uploadedBytes: number }[];
    expect(usage.every((d) => d.trainingRuns === 0 && d.uploadedBytes === 0)).toBe(true);
  });
});
