import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@modelgraph/db';
import { createGateway } from '../apps/gateway/src/http/gateway.ts';
import { createLogger } from '../apps/gateway/src/logger.ts';
import { errorCodes, startTestGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway;
let key: string;
beforeAll(async () => {
  gw = await startTestGateway({ limits: { maxDepth: 3, maxAliases: 5, maxTokens: 400, maxCost: 50, maxDirectives: 5 } });
  key = (await gw.createTenant('hardening')).adminKey;
});
afterAll(async () => gw?.close());

async function post(body: string, headers: Record<string, string> = {}) {
  return fetch(gw.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body,
  });
}

describe('query limits', () => {
  it('rejects a query that is too deep with QUERY_TOO_DEEP', async () => {
    const shallow = await gw.gql(`{ me { tenant { id } } }`, {}, key);
    expect(shallow.errors).toBeUndefined();
    const deep = await gw.gql(`{ apiKeys { edges { node { id } } } }`, {}, key);
    expect(deep.status).toBe(400);
    expect(errorCodes(deep)).toEqual(['QUERY_TOO_DEEP']);
    expect(deep.errors![0]!.message).toMatch(/depth limit of 3/);
    // Fragments do not hide depth.
    const viaFragment = await gw.gql(`{ apiKeys { ...C } } fragment C on ApiKeyConnection { edges { node { id } } }`, {}, key);
    expect(errorCodes(viaFragment)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('rejects too many aliases with TOO_MANY_ALIASES', async () => {
    const query = `{ ${Array.from({ length: 8 }, (_, i) => `a${i}: ping`).join(' ')} }`;
    const res = await gw.gql(query, {}, key);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('rejects too many tokens with TOO_MANY_TOKENS before parsing', async () => {
    const query = `{ ${'ping '.repeat(500)} }`;
    const res = await gw.gql(query, {}, key);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['TOO_MANY_TOKENS']);
  });

  it('rejects an expensive query with QUERY_TOO_COMPLEX', async () => {
    const viewer = `me { tenant { id name createdAt } apiKey { id name prefix scopes status createdAt } }`;
    expect((await gw.gql(`{ ${viewer} }`, {}, key)).errors).toBeUndefined();
    const res = await gw.gql(`{ a: ${viewer} b: ${viewer} }`, {}, key);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0]!.message).toMatch(/Cost limit of 50/);
  });

  it('rejects too many directives with TOO_MANY_DIRECTIVES', async () => {
    const query = `{ ping ${'@include(if: true) '.repeat(7)} }`;
    const res = await gw.gql(query, {}, key);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toContain('TOO_MANY_DIRECTIVES');
  });
});


describe('request hardening', () => {
  it('refuses a 2 MB body with 413 PAYLOAD_TOO_LARGE and stays healthy', async () => {
    const big = JSON.stringify({ query: '{ ping }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await post(big);
    expect(res.status).toBe(413);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await gw.gql('{ ping }', {}, key)).data).toEqual({ ping: 'pong' });
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const res = await gw.gql('{ ping ', {}, key);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('prevents CSRF: simple requests without a preflight-forcing header are refused', async () => {
    const form = await post('query={ping}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    const get = await fetch(`${gw.graphqlUrl}?query=${encodeURIComponent('{ ping }')}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const getWithHeader = await fetch(`${gw.graphqlUrl}?query=${encodeURIComponent('{ ping }')}`, {
      headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true' },
    });
    expect(getWithHeader.status).toBe(200);
  });

  it('allows introspection for authenticated keys only', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await gw.gql(query, {}, key)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await gw.gql(query)).status).toBe(401);
  });

  it('never sends stack traces: unknown fields and internal failures are clean', async () => {
    const res = await gw.gql('{ nope }', {}, key);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:/);
  });

  it('masks internal errors as INTERNAL_SERVER_ERROR and an unreachable database as SERVICE_UNAVAILABLE', async () => {
    // A store whose reads fail with an internal message: the client must see none of it.
    const failing = await startTestGateway({
      platform: {
        store: {
          ...gw.platform.store,
          put: (k: string, b: never) => gw.platform.store.put(k, b),
          delete: (k: string) => gw.platform.store.delete(k),
          get: async () => {
            throw new Error('disk exploded at /var/secret/path');
          },
        } as typeof gw.platform.store,
      },
    });
    try {
      const { adminKey } = await failing.createTenant();
      const created = await failing.gql(`mutation { createDataset(input: { name: "d" }) { dataset { id } } }`, {}, adminKey);
      const res = await failing.gql(
        `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id } } }`,
        { input: { datasetId: created.data!.createDataset.dataset.id, format: 'CSV', content: 'a,b\n1,2\n3,5\n' } },
        adminKey,
      );
      expect(res.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res)).not.toMatch(/secret|exploded|stack/);
    } finally {
      await failing.close();
    }

    // A gateway whose database is unreachable: retryable 503, no connection details.
    const broken = createPrismaClient('postgresql://nobody:nothing@127.0.0.1:1/none?connect_timeout=1');
    const logger = createLogger('silent');
    const badGateway = await createGateway({ db: broken, logger, platform: gw.platform });
    const url = await badGateway.listen(0);
    try {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ ping }' }),
      });
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await badGateway.close();
      await broken.$disconnect();
    }
  });
});
