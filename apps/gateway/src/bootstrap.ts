import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@modelgraph/db';
import type { Logger } from './logger.ts';
import type { Platform } from './services/context.ts';
import { createTenant } from './services/tenants.ts';

/**
 * The operator key comes from MODELGRAPH_OPERATOR_KEY; without it, one is generated once and kept
 * (mode 0600) in the data folder so a local install can still create tenants.
 */
export function resolveOperatorKey(envKey: string | undefined, dataDir: string): { key: string; generated: boolean } {
  if (envKey) return { key: envKey, generated: false };
  const file = path.join(dataDir, 'operator.key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = `mg_op_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}

/** On the very first start (no tenant at all), creates a tenant and an ADMIN key and returns them once. */
// Any constant shared by every gateway: serialises the first-start check across replicas.
const BOOTSTRAP_LOCK = 72707370;

export async function bootstrapFirstTenant(db: PrismaClient, logger: Logger, platform: Platform) {
  if ((await db.tenant.count()) > 0) return null;
  // Replicas starting together on an empty database: only one creates the first tenant.
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
      if ((await tx.tenant.count()) > 0) return null;
      return createTenant({ db: tx as PrismaClient, logger, platform, actor: { kind: 'operator' } }, { name: 'default', adminKeyName: 'bootstrap admin' });
    },
    { timeout: 30_000 },
  );
}
