// Pure helpers for the API key format: `mg_live_<12-char id>_<43-char secret>`.
// The id part is public (stored as `prefix`, used to find the row); the whole key is hashed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_PREFIX = 'mg_live_';
const ID_LENGTH = 12;
// 43 base62 characters carry ~256 bits of entropy.
const SECRET_LENGTH = 43;
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}([0-9A-Za-z]{${ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})$`);

/** Uniform base62 string from the CSPRNG (rejection sampling avoids modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export interface GeneratedKey {
  /** The whole key, shown to the user once. */
  secret: string;
  /** Public lookup part, e.g. `mg_live_ab12cd34ef56`. */
  prefix: string;
  /** SHA-256 (hex) of the whole key: the only thing stored. */
  hash: string;
}

export function generateApiKey(): GeneratedKey {
  const prefix = `${KEY_PREFIX}${randomBase62(ID_LENGTH)}`;
  const secret = `${prefix}_${randomBase62(SECRET_LENGTH)}`;
  return { secret, prefix, hash: hashKey(secret) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Returns the lookup prefix of a well-formed key, or null. */
export function parseApiKey(key: string): { prefix: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: `${KEY_PREFIX}${match[1]}` } : null;
}

/** Constant-time comparison of two hex digests. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export type BearerParse =
  | { kind: 'missing' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'token'; token: string };

/** Parses an `Authorization` header value strictly: exactly `Bearer <token>`. */
export function parseBearer(header: string | undefined): BearerParse {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(header.trim());
  if (!match?.[1]) {
    return { kind: 'malformed', reason: "Authorization header must be 'Bearer <api key>'" };
  }
  return { kind: 'token', token: match[1] };
}
