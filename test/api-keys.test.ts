import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

const ME = `{ me { isOperator scopes tenant { id name } apiKey { id prefix status } } }`;

describe('API key lifecycle', () => {
  it('creates a key, uses it, revokes it, then gets 401', async () => {
    const { tenantId, adminKey } = await gw.createTenant('lifecycle');
    const created = await gw.gql(
      `mutation { createApiKey(input: { name: "ci", scopes: [READ, PREDICT] }) { secret apiKey { id name prefix scopes status createdAt lastUsedAt } } }`,
      {},
      adminKey,
    );
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret).toMatch(/^mg_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).toMatchObject({ name: 'ci', scopes: ['READ', 'PREDICT'], status: 'ACTIVE', lastUsedAt: null });

    // Only the hash is stored.
    const row = await gw.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).not.toContain(secret.slice(-43));
    expect(JSON.stringify(row)).not.toContain(secret);

    const me = await gw.gql(ME, {}, secret);
    expect(me.status).toBe(200);
    expect(me.data!.me).toMatchObject({ isOperator: false, scopes: ['READ', 'PREDICT'], tenant: { id: tenantId, name: 'lifecycle' } });
    expect(me.data!.me.apiKey).toMatchObject({ id: apiKey.id, status: 'ACTIVE' });
    await expect.poll(async () => (await gw.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();

    const revoked = await gw.gql(
      `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id status revokedAt } } }`,
      { id: apiKey.id },
      adminKey,
    );
    expect(revoked.data!.revokeApiKey.apiKey.status).toBe('REVOKED');
    expect(revoked.data!.revokeApiKey.apiKey.revokedAt).toBeTruthy();

    const after = await gw.gql(ME, {}, secret);
    expect(after.status).toBe(401);
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
    expect(after.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('lists keys as a connection that never contains secrets', async () => {
    const { adminKey } = await gw.createTenant('lister');
    const secrets = [adminKey];
    for (let i = 0; i < 4; i += 1) secrets.push((await gw.createKey(adminKey, ['READ'], { name: `k${i}` })).secret);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const res: any = await gw.gql(
        `query($after: String) { apiKeys(first: 2, after: $after) { edges { cursor node { id name prefix } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { after },
        adminKey,
      );
      expect(res.errors).toBeUndefined();
      const conn = res.data.apiKeys;
      seen.push(...conn.edges.map((e: any) => e.node.name));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(['k3', 'k2', 'k1', 'k0', 'admin']);
    const whole = await gw.gql(`{ apiKeys(first: 100) { edges { node { id name prefix scopes status } } } }`, {}, adminKey);
    const text = JSON.stringify(whole);
    for (const secret of secrets) expect(text).not.toContain(secret.slice(-43));
  });

  it('rejects bad list arguments with BAD_USER_INPUT', async () => {
    const { adminKey } = await gw.createTenant();
    expect(errorCodes(await gw.gql(`{ apiKeys(first: 0) { edges { cursor } } }`, {}, adminKey))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gw.gql(`{ apiKeys(first: 101) { edges { cursor } } }`, {}, adminKey))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gw.gql(`{ apiKeys(after: "garbage") { edges { cursor } } }`, {}, adminKey))).toEqual(['BAD_USER_INPUT']);
  });

  it('validates createApiKey input with typed errors', async () => {
    const { adminKey } = await gw.createTenant();
    const noScopes = await gw.gql(`mutation { createApiKey(input: { name: "x", scopes: [] }) { secret } }`, {}, adminKey);
    expect(errorCodes(noScopes)).toEqual(['BAD_USER_INPUT']);
    expect(noScopes.errors![0]!.message).toMatch(/scope/);
    const blank = await gw.gql(`mutation { createApiKey(input: { name: "  ", scopes: [READ] }) { secret } }`, {}, adminKey);
    expect(errorCodes(blank)).toEqual(['BAD_USER_INPUT']);
    const past = await gw.gql(
      `mutation { createApiKey(input: { name: "x", scopes: [READ], expiresAt: "2001-01-01T00:00:00Z" }) { secret } }`,
      {},
      adminKey,
    );
    expect(errorCodes(past)).toEqual(['BAD_USER_INPUT']);
    expect(past.errors![0]!.message).toMatch(/future/);
    const badDate = await gw.gql(
      `mutation($at: DateTime) { createApiKey(input: { name: "x", scopes: [READ], expiresAt: $at }) { secret } }`,
      { at: 'soon' },
      adminKey,
    );
    expect(errorCodes(badDate)).toEqual(['BAD_USER_INPUT']);
    expect(badDate.errors![0]!.message).toMatch(/ISO-8601/);
    const badLiteral = await gw.gql(`mutation { createApiKey(input: { name: "x", scopes: [READ], expiresAt: "soon" }) { secret } }`, {}, adminKey);
    expect(errorCodes(badLiteral)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('expires keys at expiresAt', async () => {
    const { adminKey } = await gw.createTenant();
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const key = await gw.createKey(adminKey, ['READ'], { expiresAt });
    expect((await gw.gql(ME, {}, key.secret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    const expired = await gw.gql(ME, {}, key.secret);
    expect(expired.status).toBe(401);
    expect(errorCodes(expired)).toEqual(['UNAUTHENTICATED']);
    const list = await gw.gql(`{ apiKeys { edges { node { id status } } } }`, {}, adminKey);
    expect(list.data!.apiKeys.edges.find((e: any) => e.node.id === key.id).node.status).toBe('EXPIRED');
  });
});

describe('authentication failures', () => {
  it.each([
    ['no header', undefined],
    ['empty bearer', 'Bearer '],
    ['wrong scheme', 'Basic dXNlcjpwYXNz'],
    ['two tokens', 'Bearer a b'],
    ['garbage token', 'Bearer not-a-key'],
    ['well-formed unknown key', `Bearer mg_live_AAAAAAAAAAAA_${'a'.repeat(43)}`],
  ])('answers 401 UNAUTHENTICATED for %s', async (_name, header) => {
    const res = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header !== undefined ? { authorization: header } : {}) },
      body: JSON.stringify({ query: '{ ping }' }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('rejects a valid key with one character changed', async () => {
    const { adminKey } = await gw.createTenant();
    const last = adminKey.at(-1) === 'a' ? 'b' : 'a';
    const res = await gw.gql(ME, {}, adminKey.slice(0, -1) + last);
    expect(res.status).toBe(401);
  });
});

describe('scopes', () => {
  it('lets each scope do its part and answers FORBIDDEN otherwise', async () => {
    const { adminKey } = await gw.createTenant();
    const reader = await gw.createKey(adminKey, ['READ']);
    const predictor = await gw.createKey(adminKey, ['PREDICT']);

    // Any valid key may ask who it is.
    expect((await gw.gql(ME, {}, predictor.secret)).data!.me.scopes).toEqual(['PREDICT']);

    // Key management needs ADMIN.
    for (const key of [reader.secret, predictor.secret]) {
      const list = await gw.gql(`{ apiKeys { edges { cursor } } }`, {}, key);
      expect(errorCodes(list)).toEqual(['FORBIDDEN']);
      const create = await gw.gql(`mutation { createApiKey(input: { name: "x", scopes: [ADMIN] }) { secret } }`, {}, key);
      expect(errorCodes(create)).toEqual(['FORBIDDEN']);
      expect(create.errors![0]!.message).toMatch(/ADMIN/);
    }
    // Creating tenants needs the operator key.
    const tenant = await gw.gql(`mutation { createTenant(input: { name: "x" }) { tenant { id } } }`, {}, adminKey);
    expect(errorCodes(tenant)).toEqual(['FORBIDDEN']);
  });

  it('gives the operator key tenant creation only', async () => {
    const me = await gw.gql(ME, {}, gw.operatorKey);
    expect(me.data!.me).toMatchObject({ isOperator: true, tenant: null, apiKey: null });
    const list = await gw.gql(`{ apiKeys { edges { cursor } } }`, {}, gw.operatorKey);
    expect(errorCodes(list)).toEqual(['FORBIDDEN']);
    const bad = await gw.gql(`mutation { createTenant(input: { name: "" }) { tenant { id } } }`, {}, gw.operatorKey);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
