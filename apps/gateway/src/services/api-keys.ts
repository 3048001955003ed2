import { z } from 'zod';
import type { ApiKey } from '@modelgraph/db';
import { badInput, notFound } from '../errors.ts';
import { ALL_SCOPES, isUuid, requireScope, type Scope, type ServiceContext } from './context.ts';
import { generateApiKey } from './key-format.ts';
import { NEWEST_FIRST, afterCursorWhere, encodeCursor, pageSize, toConnection, type PageArgs } from './pagination.ts';

export const CreateApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters'),
  scopes: z
    .array(z.enum(ALL_SCOPES as [Scope, ...Scope[]]))
    .min(1, 'give the key at least one scope')
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: z.coerce.date().nullish(),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInputSchema>;

/** Validates with zod and turns the first problem into BAD_USER_INPUT naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw badInput(field ? `${field}: ${issue.message}` : issue.message, { field: field || undefined });
  }
  return result.data;
}

export interface CreatedKey {
  apiKey: ApiKey;
  secret: string;
}

/** Inserts a key row; the caller has already checked permission. */
export async function insertApiKey(
  db: ServiceContext['db'],
  tenantId: string,
  input: { name: string; scopes: Scope[]; expiresAt?: Date | null },
): Promise<CreatedKey> {
  const generated = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: {
      tenantId,
      name: input.name,
      prefix: generated.prefix,
      secretHash: generated.hash,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { apiKey, secret: generated.secret };
}

export async function createApiKey(ctx: ServiceContext, rawInput: CreateApiKeyInput): Promise<CreatedKey> {
  const actor = requireScope(ctx, 'ADMIN');
  const input = parseInput(CreateApiKeyInputSchema, rawInput);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw badInput('expiresAt must be in the future', { field: 'expiresAt' });
  }
  const created = await insertApiKey(ctx.db, actor.tenantId, input);
  ctx.logger.info({ tenantId: actor.tenantId, keyId: created.apiKey.id, scopes: input.scopes }, 'api key created');
  return created;
}

export async function listApiKeys(ctx: ServiceContext, args: PageArgs & { includeRevoked?: boolean | null }) {
  const actor = requireScope(ctx, 'ADMIN');
  const size = pageSize(args.first);
  const rows = await ctx.db.apiKey.findMany({
    where: {
      tenantId: actor.tenantId,
      ...(args.includeRevoked === false ? { revokedAt: null } : {}),
      ...afterCursorWhere(args.after),
    },
    orderBy: NEWEST_FIRST,
    take: size + 1,
  });
  return toConnection(rows, size, Boolean(args.after), encodeCursor);
}

export async function getApiKey(ctx: ServiceContext, id: string): Promise<ApiKey> {
  const actor = ctx.actor;
  if (actor.kind !== 'tenant' || !isUuid(id)) throw notFound('ApiKey', id);
  const key = await ctx.db.apiKey.findFirst({ where: { id, tenantId: actor.tenantId } });
  if (!key) throw notFound('ApiKey', id);
  return key;
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<ApiKey> {
  const actor = requireScope(ctx, 'ADMIN');
  if (!isUuid(id)) throw notFound('ApiKey', id);
  // updateMany keeps the tenant in the where clause; an already revoked key keeps its first revokedAt.
  const { count } = await ctx.db.apiKey.updateMany({
    where: { id, tenantId: actor.tenantId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const key = await ctx.db.apiKey.findFirst({ where: { id, tenantId: actor.tenantId } });
  if (!key) throw notFound('ApiKey', id);
  if (count > 0) ctx.logger.info({ tenantId: actor.tenantId, keyId: id }, 'api key revoked');
  ctx.platform.keyRevoked?.(id);
  return key;
}

export type ApiKeyStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';
export function apiKeyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = new Date()): ApiKeyStatus {
  if (key.revokedAt) return 'REVOKED';
  if (key.expiresAt && key.expiresAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}
