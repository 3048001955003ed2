import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

describe('tenant isolation', () => {
  it("keeps two tenants' keys apart, and answers NOT_FOUND exactly as for an ID that does not exist", async () => {
    const a = await gw.createTenant('tenant-a');
    const b = await gw.createTenant('tenant-b');
    const aKey = await gw.createKey(a.adminKey, ['READ'], { name: 'a-reader' });

    const bList = await gw.gql(`{ apiKeys(first: 100) { edges { node { id name } } } }`, {}, b.adminKey);
    const bIds = bList.data!.apiKeys.edges.map((e: any) => e.node.id);
    expect(bIds).not.toContain(aKey.id);
    expect(bList.data!.apiKeys.edges.map((e: any) => e.node.name)).toEqual(['admin']);

    const revoke = `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id } } }`;
    const foreign = await gw.gql(revoke, { id: aKey.id }, b.adminKey);
    const missing = await gw.gql(revoke, { id: '00000000-0000-4000-8000-000000000000' }, b.adminKey);
    const notUuid = await gw.gql(revoke, { id: 'nope' }, b.adminKey);
    expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    expect(errorCodes(notUuid)).toEqual(['NOT_FOUND']);
    // Same shape, differing only by the ID echoed back.
    const strip = (r: typeof foreign, id: string) => JSON.stringify(r.errors).replaceAll(id, '<id>');
    expect(strip(foreign, aKey.id)).toBe(strip(missing, '00000000-0000-4000-8000-000000000000'));

    // The foreign key was not touched and still works.
    const row = await gw.db.apiKey.findUniqueOrThrow({ where: { id: aKey.id } });
    expect(row.revokedAt).toBeNull();
    expect((await gw.gql(`{ me { tenant { id } } }`, {}, aKey.secret)).data!.me.tenant.id).toBe(a.tenantId);
  });

  it('scopes every key to its own tenant in `me`', async () => {
    const a = await gw.createTenant('alpha');
    const b = await gw.createTenant('beta');
    const meA = await gw.gql(`{ me { tenant { id name } } }`, {}, a.adminKey);
    const meB = await gw.gql(`{ me { tenant { id name } } }`, {}, b.adminKey);
    expect(meA.data!.me.tenant).toEqual({ id: a.tenantId, name: 'alpha' });
    expect(meB.data!.me.tenant).toEqual({ id: b.tenantId, name: 'beta' });
  });
});
