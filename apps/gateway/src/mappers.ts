// Backing models for GraphQL object types (graphql-codegen `mappers`): resolvers return these.
import type { ApiKey, Tenant } from '@modelgraph/db';
import type { Actor } from './services/context.ts';

export type TenantModel = Tenant;
export type ApiKeyModel = ApiKey;
export interface ViewerModel {
  actor: Actor;
}
export type { Dataset as DatasetModel } from '@modelgraph/db';
export type { DatasetVersionView as DatasetVersionModel } from './services/datasets/index.ts';
/** A column plus what the version knows about it (its role and a histogram for numeric columns). */
export type DatasetColumnModel = import('@modelgraph/dataset-core').ColumnSchema & {
  role: 'FEATURE' | 'LABEL' | 'IGNORED';
  histogram: { start: number; end: number; count: number }[] | null;
};
export type { ModelDefinition as ModelModel, Run as RunModel, RunEpoch as RunEpochModel, ModelVersion as ModelVersionModel } from '@modelgraph/db';
export type { StoredEvaluation as EvaluationModel } from './services/runs.ts';
export type { RunProgressEvent as RunProgressEventModel } from './services/runs.ts';
export type { ModelAlias as ModelAliasModel } from '@modelgraph/db';
