// Component tests (jsdom + Testing Library). Included from the root config as a project:
//   projects: [..., 'apps/console/vitest.config.ts']
// or run alone: npx vitest run --config apps/console/vitest.config.ts
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// As in the root config: one graphql instance (its CommonJS build), shared with CommonJS dependencies.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    name: 'console',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'test/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
