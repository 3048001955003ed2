import type { PrismaClient } from '@modelgraph/db';
import type { Logger } from '../logger.ts';
import { unauthenticated } from '../errors.ts';
import type { Actor, Scope } from './context.ts';
import { hashKey, hashesEqual, parseApiKey, parseBearer } from './key-format.ts';

// lastUsedAt is a hint, not an audit log: write it at most once a minute per key.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Actor>;
}

export function createAuthenticator(opts: {
  db: PrismaClient;
  logger: Logger;
  operatorKey?: string;
  now?: () => Date;
}): Authenticator {
  const operatorKeyHash = opts.operatorKey ? hashKey(opts.operatorKey) : null;
  const now = opts.now ?? (() => new Date());

  return {
    async authenticate(authorization) {
      const bearer = parseBearer(authorization);
      if (bearer.kind === 'missing') {
        throw unauthenticated("Missing API key: send 'Authorization: Bearer <api key>'");
      }
      if (bearer.kind === 'malformed') throw unauthenticated(bearer.reason);

      const presentedHash = hashKey(bearer.token);
      if (operatorKeyHash && hashesEqual(presentedHash, operatorKeyHash)) return { kind: 'operator' };

      const parsed = parseApiKey(bearer.token);
      // One message for every failure below, so a caller learns nothing about which keys exist.
      const invalid = () => unauthenticated('Invalid, expired or revoked API key');
      if (!parsed) throw invalid();

      const key = await opts.db.apiKey.findUnique({ where: { prefix: parsed.prefix } });
      if (!key || !hashesEqual(presentedHash, key.secretHash)) throw invalid();
      const at = now();
      if (key.revokedAt || (key.expiresAt && key.expiresAt <= at)) throw invalid();

      if (!key.lastUsedAt || at.getTime() - key.lastUsedAt.getTime() > LAST_USED_WRITE_INTERVAL_MS) {
        opts.db.apiKey
          .update({ where: { id: key.id }, data: { lastUsedAt: at } })
          .catch((error: unknown) => opts.logger.warn({ err: error, keyId: key.id }, 'could not record lastUsedAt'));
      }
      return { kind: 'tenant', tenantId: key.tenantId, apiKeyId: key.id, scopes: new Set(key.scopes as Scope[]) };
    },
  };
}
