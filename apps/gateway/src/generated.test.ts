import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../../codegen.ts';
import { REPO_ROOT } from './config.ts';

describe('generated resolver types', () => {
  it('are up to date with schema/ (run `npm run codegen` when this fails)', async () => {
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      const outputs = await generate({ ...config, silent: true }, false);
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) {
        const committed = readFileSync(path.resolve(REPO_ROOT, output.filename), 'utf8');
        expect(committed, `${output.filename} is stale`).toBe(output.content);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
