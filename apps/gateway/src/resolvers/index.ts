import type { Resolvers } from '../generated/graphql.ts';
import { DateTimeScalar, JSONScalar } from './scalars.ts';
import { datasetResolvers } from './datasets.ts';
import { modelResolvers } from './models.ts';
import { registryResolvers } from './registry.ts';
import { tenancyResolvers } from './tenancy.ts';

/** Merges per-domain resolver maps (one file per schema/<domain>.graphql). */
function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] = { ...(merged[type] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

export const resolvers: Resolvers = mergeResolvers(
  { DateTime: DateTimeScalar, JSON: JSONScalar, Query: { ping: () => 'pong' } },
  tenancyResolvers,
  datasetResolvers,
  modelResolvers,
  registryResolvers,
);
