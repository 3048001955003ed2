import type { CodegenConfig } from '@graphql-codegen/cli';

// The SDK's typed documents, generated from schema/ (the source of truth) and the operations in
// packages/sdk/src/operations/, and committed. Run from the repository root: `npm run sdk:codegen`.
// A test (packages/sdk/src/generated.test.ts) regenerates in memory and fails when they are stale.
const scalars = { DateTime: 'string', JSON: 'unknown' };

const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: 'packages/sdk/src/operations/*.graphql',
  generates: {
    // Every schema enum as a runtime constant plus a type (e.g. ErrorCode, for error handling).
    'packages/sdk/src/generated/enums.ts': {
      plugins: ['typescript'],
      config: { onlyEnums: true, enumsAsConst: true, scalars },
    },
    // Operation result/variable types and one typed document per operation. Documents are plain
    // strings (TypedDocumentString), so the client needs no GraphQL parser in the browser.
    'packages/sdk/src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        enumType: 'string-literal',
        scalars,
        useTypeImports: true,
        avoidOptionals: false,
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
        dedupeFragments: true,
      },
    },
  },
};
export default config;
