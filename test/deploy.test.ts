// The deployment files (deploy/) are checked without a cluster: see deploy/validate.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('deploy/', () => {
  it('has manifests that parse, reference each other correctly and set only variables the code reads', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'deploy/validate.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stdout + result.stderr).not.toMatch(/problem/i);
    expect(result.status).toBe(0);
  });
});
