import type { ApiKey, PrismaClient } from '@modelgraph/db';
import type { Logger } from '../logger.ts';
import { unauthenticated } from '../errors.ts';
import type { Actor, Scope } from './context.ts';
import { hashKey, hashesEqual, parseApiKey, parseBearer } from './key-format.ts';

// lastUsedAt is a hint, not an audit log: write it at most once a minute per key.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const MAX_CACHED_KEYS = 10_000;

const OPERATOR: Actor = { kind: 'operator' };
// One message for every failure, so a caller learns nothing about which keys exist.
function invalidKey() {
  return unauthenticated('Invalid, expired or revoked API key');
}

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Actor>;
  /** Drops a key from this gateway's cache at once (revocation). */
  forget(keyId: string): void;
}

interface CachedKey {
  keyId: string;
  actor: Actor;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  cachedUntil: number;
}

/**
 * Verifies API keys. A verified key is cached for `cacheTtlMs` (keyed by the key itself, so by
 * tenant too) to keep the database and the hashing off the hot path; revocation through this gateway drops the
 * entry at once, and other gateways see it within the TTL.
 */
export function createAuthenticator(opts: {
  db: PrismaClient;
  logger: Logger;
  operatorKey?: string;
  now?: () => Date;
  cacheTtlMs?: number;
}): Authenticator {
  const operatorKeyHash = opts.operatorKey ? hashKey(opts.operatorKey) : null;
  const now = opts.now ?? (() => new Date());
  const ttl = opts.cacheTtlMs ?? 1_000;
  const cache = new Map<string, CachedKey>();
  const inFlight = new Map<string, Promise<ApiKey | null>>();
  // Keys revoked recently: a lookup that started before the revocation must not re-cache them.
  const revokedDuring = new Set<string>();

  const touch = (entry: { keyId: string; lastUsedAt: Date | null }, at: Date) => {
    if (entry.lastUsedAt && at.getTime() - entry.lastUsedAt.getTime() <= LAST_USED_WRITE_INTERVAL_MS) return;
    entry.lastUsedAt = at;
    opts.db.apiKey
      .update({ where: { id: entry.keyId }, data: { lastUsedAt: at } })
      .catch((error: unknown) => opts.logger.warn({ err: error, keyId: entry.keyId }, 'could not record lastUsedAt'));
  };

  return {
    async authenticate(authorization) {
      const bearer = parseBearer(authorization);
      if (bearer.kind === 'missing') {
        throw unauthenticated("Missing API key: send 'Authorization: Bearer <api key>'");
      }
      if (bearer.kind === 'malformed') throw unauthenticated(bearer.reason);

      const at = now();
      // A hit is a key verified moments ago: the cache maps the exact key string to its check, so a
      // busy key costs no hashing. Entries live for the TTL only.
      const cached = cache.get(bearer.token);
      if (cached) {
        if (cached.cachedUntil > at.getTime()) {
          if (cached.expiresAt && cached.expiresAt <= at) throw invalidKey();
          touch(cached, at);
          return cached.actor;
        }
        cache.delete(bearer.token);
      }
      const presentedHash = hashKey(bearer.token);
      if (operatorKeyHash && hashesEqual(presentedHash, operatorKeyHash)) return OPERATOR;
      const parsed = parseApiKey(bearer.token);
      if (!parsed) throw invalidKey();
      // Concurrent requests with the same key share one lookup.
      let lookup = inFlight.get(presentedHash);
      if (!lookup) {
        lookup = opts.db.apiKey.findUnique({ where: { prefix: parsed.prefix } }).finally(() => inFlight.delete(presentedHash));
        inFlight.set(presentedHash, lookup);
      }
      const key = await lookup;
      if (!key || !hashesEqual(presentedHash, key.secretHash)) throw invalidKey();
      if (key.revokedAt || (key.expiresAt && key.expiresAt <= at)) throw invalidKey();

      const actor: Actor = { kind: 'tenant', tenantId: key.tenantId, apiKeyId: key.id, scopes: new Set(key.scopes as Scope[]) };
      const entry: CachedKey = { keyId: key.id, actor, expiresAt: key.expiresAt, lastUsedAt: key.lastUsedAt, cachedUntil: at.getTime() + ttl };
      if (ttl > 0 && !revokedDuring.has(key.id)) {
        if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
        cache.set(bearer.token, entry);
      }
      touch(entry, at);
      return actor;
    },
    forget(keyId) {
      for (const [token, entry] of cache) if (entry.keyId === keyId) cache.delete(token);
      revokedDuring.add(keyId);
      setTimeout(() => revokedDuring.delete(keyId), ttl + 5_000).unref();
    },
  };
}
