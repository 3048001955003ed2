import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types are generated from schema/ (the source of truth) and committed;
// a test checks they are up to date.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'apps/gateway/src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context.ts#GraphQLContext',
        useIndexSignature: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'Date | string', JSON: 'unknown', BigInt: 'bigint | number | string' },
        mappers: {
          Tenant: '../mappers.ts#TenantModel',
          ApiKey: '../mappers.ts#ApiKeyModel',
          Viewer: '../mappers.ts#ViewerModel',
          Dataset: '../mappers.ts#DatasetModel',
          DatasetVersion: '../mappers.ts#DatasetVersionModel',
          DatasetColumn: '../mappers.ts#DatasetColumnModel',
          Model: '../mappers.ts#ModelModel',
          Run: '../mappers.ts#RunModel',
          RunEpoch: '../mappers.ts#RunEpochModel',
          ModelVersion: '../mappers.ts#ModelVersionModel',
          Evaluation: '../mappers.ts#EvaluationModel',
          RunProgressEvent: '../mappers.ts#RunProgressEventModel',
          ModelAlias: '../mappers.ts#ModelAliasModel',
        },
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  },
};
export default config;
