import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; integration tests (real HTTP, real Postgres) live in test/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['packages/**/src/**/*.test.ts', 'apps/**/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
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
