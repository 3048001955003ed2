import DataLoader from 'dataloader';
import type { Dataset } from '@modelgraph/db';
import type { ServiceContext } from './services/context.ts';
import { loadDatasets } from './services/datasets/index.ts';

/** Per-request loaders: batching and caching live and die with one request (and so one tenant). */
export function createLoaders(services: ServiceContext) {
  return {
    dataset: new DataLoader<string, Dataset | null>((ids) => loadDatasets(services, ids)),
  };
}

/** Per-request GraphQL context: the service context (with the verified actor) and per-request loaders. */
export interface GraphQLContext {
  services: ServiceContext;
  loaders: ReturnType<typeof createLoaders>;
  requestId: string;
}
