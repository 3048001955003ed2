import type { Resolvers } from '../generated/graphql.ts';
import { apiKeyStatus, createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../services/api-keys.ts';
import { ALL_SCOPES } from '../services/context.ts';
import { createTenant, getOwnTenant } from '../services/tenants.ts';
import { usageByDay } from '../services/usage.ts';

export const tenancyResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, ctx) => ({ actor: ctx.services.actor }),
    apiKeys: (_parent, args, ctx) => listApiKeys(ctx.services, args),
    usage: (_parent, { days }, ctx) => usageByDay(ctx.services, days ?? 30),
  },
  Mutation: {
    createApiKey: (_parent, { input }, ctx) => createApiKey(ctx.services, input),
    revokeApiKey: async (_parent, { input }, ctx) => ({ apiKey: await revokeApiKey(ctx.services, input.id) }),
    createTenant: (_parent, { input }, ctx) => createTenant(ctx.services, input),
  },
  Viewer: {
    tenant: (_viewer, _args, ctx) => getOwnTenant(ctx.services),
    apiKey: ({ actor }, _args, ctx) => (actor.kind === 'tenant' ? getApiKey(ctx.services, actor.apiKeyId) : null),
    scopes: ({ actor }) => (actor.kind === 'tenant' ? [...actor.scopes] : [...ALL_SCOPES].filter((s) => s === 'ADMIN')),
    isOperator: ({ actor }) => actor.kind === 'operator',
  },
  ApiKey: {
    status: (key) => apiKeyStatus(key),
  },
};
