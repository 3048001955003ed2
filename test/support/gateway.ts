// Starts a real gateway on a real (embedded) Postgres database of its own, over real HTTP.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalArtifactStore } from '@modelgraph/artifact-store';
import { createPrismaClient, createTestDatabase, type PrismaClient } from '@modelgraph/db';
import { createGateway, type GatewayOptions } from '../../apps/gateway/src/http/gateway.ts';
import { createLogger } from '../../apps/gateway/src/logger.ts';
import type { Platform } from '../../apps/gateway/src/services/context.ts';

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

/** A local artifact store in a temp folder and a random master key. */
export function testPlatform(artifactsDir: string, overrides: Partial<Platform> = {}): Platform {
  return {
    store: new LocalArtifactStore(artifactsDir),
    masterKey: randomBytes(32),
    maxUploadBytes: 64 * 1024 * 1024,
    ...overrides,
  };
}

export interface TestGateway {
  url: string;
  platform: Platform;
  graphqlUrl: string;
  operatorKey: string;
  db: PrismaClient;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResult<T>>;
  /** Creates a tenant through the API (operator key) and returns its first ADMIN key. */
  createTenant(name?: string): Promise<{ tenantId: string; adminKey: string }>;
  /** Creates a key with the given scopes for the tenant owning `adminKey`. */
  createKey(adminKey: string, scopes: string[], extra?: { expiresAt?: string; name?: string }): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

export async function startTestGateway(options: Partial<Omit<GatewayOptions, 'platform'>> & { platform?: Partial<Platform> } = {}): Promise<TestGateway> {
  const database = await createTestDatabase();
  const db = createPrismaClient(database.url);
  const operatorKey = `mg_op_test_${randomBytes(24).toString('base64url')}`;
  const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'mg-artifacts-'));
  const platform = testPlatform(artifactsDir, options.platform);
  const gateway = await createGateway({
    db,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    operatorKey,
    ...options,
    platform,
  });
  const url = await gateway.listen(0);
  const graphqlUrl = `${url}/graphql`;

  async function gql<T>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResult<T>> {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResult<T>, 'status' | 'headers'>;
    return { status: res.status, headers: res.headers, ...body };
  }

  return {
    url,
    graphqlUrl,
    operatorKey,
    db,
    gql,
    async createTenant(name = `tenant-${randomBytes(4).toString('hex')}`) {
      const result = await gql<{ createTenant: { tenant: { id: string }; adminKey: { secret: string } } }>(
        `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } adminKey { secret } } }`,
        { input: { name } },
        operatorKey,
      );
      if (!result.data) throw new Error(`createTenant failed: ${JSON.stringify(result.errors)}`);
      return { tenantId: result.data.createTenant.tenant.id, adminKey: result.data.createTenant.adminKey.secret };
    },
    async createKey(adminKey, scopes, extra = {}) {
      const result = await gql<{ createApiKey: { apiKey: { id: string }; secret: string } }>(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
        { input: { name: extra.name ?? `key-${scopes.join('-')}`, scopes, expiresAt: extra.expiresAt } },
        adminKey,
      );
      if (!result.data) throw new Error(`createApiKey failed: ${JSON.stringify(result.errors)}`);
      return { id: result.data.createApiKey.apiKey.id, secret: result.data.createApiKey.secret };
    },
    platform,
    async close() {
      await gateway.close();
      await db.$disconnect();
      await database.drop();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}

export function errorCodes(result: GraphQLResult): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code));
}
