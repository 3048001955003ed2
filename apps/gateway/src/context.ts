import DataLoader from 'dataloader';
import type { Dataset, ModelDefinition, ModelVersion } from '@modelgraph/db';
import type { ServiceContext } from './services/context.ts';
import { requireScope } from './services/context.ts';
import { loadDatasets } from './services/datasets/index.ts';
import { loadModels, resolvedModelOf } from './services/models.ts';
import type { ResolvedModel } from '@modelgraph/training-core';

/** Per-request loaders: batching and caching live and die with one request (and so one tenant). */
export function createLoaders(services: ServiceContext) {
  return lazily({
    dataset: () => new DataLoader<string, Dataset | null>((ids) => loadDatasets(services, ids)),
    model: () => new DataLoader<string, ModelDefinition | null>((ids) => loadModels(services, ids)),
    // A model's layers and loss come from one resolution against its dataset version per request.
    resolvedModel: () =>
      new DataLoader<ModelDefinition, ResolvedModel | null, string>((models) => Promise.all(models.map((m) => resolvedModelOf(services, m))), {
        cacheKeyFn: (model) => model.id,
      }),
    modelVersionByRun: () => new DataLoader<string, ModelVersion | null>(async (runIds) => {
      const actor = requireScope(services, 'READ');
      const rows = await services.db.modelVersion.findMany({ where: { tenantId: actor.tenantId, runId: { in: [...runIds] } } });
      const byRun = new Map(rows.map((r) => [r.runId, r]));
      return runIds.map((id) => byRun.get(id) ?? null);
    }),
  });
}

/** Builds each loader on first use: most requests (e.g. predict) never touch one. */
function lazily<T extends Record<string, unknown>>(factories: { [K in keyof T]: () => T[K] }): T;
function lazily(factories: Record<string, () => unknown>) {
  const made: Record<string, unknown> = {};
  const out = {};
  for (const [name, make] of Object.entries(factories)) {
    Object.defineProperty(out, name, { enumerable: true, get: () => (made[name] ??= make()) });
  }
  return out;
}

/** Per-request GraphQL context: the service context (with the verified actor) and per-request loaders. */
export interface GraphQLContext {
  services: ServiceContext;
  loaders: ReturnType<typeof createLoaders>;
  requestId: string;
}
