import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 has no `exports` map: Node (and so every dependency) loads its CommonJS build, while
// Vite would pick the ESM one for our sources; two instances break `instanceof` checks. Pin one.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

// Unit tests live beside the code; integration tests (real HTTP, real Postgres) live in test/.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      // The console's component tests (jsdom) and build checks.
      'apps/console/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['packages/**/src/**/*.test.ts', 'apps/**/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file starts its own gateway on its own database; two cores, so keep parallelism modest.
          maxWorkers: 2,
        },
      },
    ],
  },
});
