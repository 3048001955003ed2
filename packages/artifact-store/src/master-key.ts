// The master key for encryption at rest. Per-tenant keys are derived from it (dataset-core's
// deriveTenantKey); gateway and workers must load the same one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * MODELGRAPH_MASTER_KEY (32 bytes as 64 hex characters or base64), or a dev key generated once
 * into `<dataDir>/master.key` (mode 0600) and reused by every process sharing the data folder.
 */
export function loadMasterKey(envKey: string | undefined, dataDir: string): Buffer {
  if (envKey) {
    const key = /^[0-9a-f]{64}$/i.test(envKey) ? Buffer.from(envKey, 'hex') : Buffer.from(envKey, 'base64');
    if (key.length !== 32) throw new Error('MODELGRAPH_MASTER_KEY must be 32 bytes, as 64 hex characters or base64');
    return key;
  }
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // `wx`: if another process created it first, use theirs.
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
}
