import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

describe('the SDK generated types', () => {
  it('are up to date with schema/ and src/operations/ (run `npm run sdk:codegen` when this fails)', async () => {
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      const outputs = await generate({ ...config, silent: true }, false);
      expect(outputs.map((o: { filename: string }) => path.relative(REPO_ROOT, path.resolve(REPO_ROOT, o.filename))).sort()).toEqual([
        'packages/sdk/src/generated/enums.ts',
        'packages/sdk/src/generated/graphql.ts',
      ]);
      for (const output of outputs) {
        const committed = readFileSync(path.resolve(REPO_ROOT, output.filename), 'utf8');
        expect(committed, `${output.filename} is stale: run \`npm run sdk:codegen\``).toBe(output.content);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
