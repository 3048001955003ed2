import { describe, expect, it } from 'vitest';
import { generateApiKey, hashKey, hashesEqual, parseApiKey, parseBearer, randomBase62 } from './key-format.ts';

describe('api key format', () => {
  it('generates keys with a readable prefix, a high-entropy secret and a hash of the whole key', () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(/^mg_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(key.secret.startsWith(`${key.prefix}_`)).toBe(true);
    expect(key.hash).toBe(hashKey(key.secret));
    expect(key.hash).not.toContain(key.secret.slice(-43));
    expect(parseApiKey(key.secret)).toEqual({ prefix: key.prefix });
  });

  it('never generates the same key twice', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateApiKey().secret));
    expect(seen.size).toBe(1000);
  });

  it('draws base62 characters roughly uniformly', () => {
    const counts = new Map<string, number>();
    for (const ch of randomBase62(62_000)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700);
  });

  it('rejects keys that are not of the format', () => {
    expect(parseApiKey('mg_live_short_x')).toBeNull();
    expect(parseApiKey(`${generateApiKey().secret}x`)).toBeNull();
    expect(parseApiKey('sk_live_abcdefabcdef_' + 'a'.repeat(43))).toBeNull();
  });

  it('compares hashes in constant time and by value', () => {
    const a = hashKey('a');
    expect(hashesEqual(a, hashKey('a'))).toBe(true);
    expect(hashesEqual(a, hashKey('b'))).toBe(false);
    expect(hashesEqual(a, 'abcd')).toBe(false);
  });

  it('parses Authorization headers strictly', () => {
    expect(parseBearer(undefined)).toEqual({ kind: 'missing' });
    expect(parseBearer('Bearer abc')).toEqual({ kind: 'token', token: 'abc' });
    expect(parseBearer('Basic abc').kind).toBe('malformed');
    expect(parseBearer('Bearer').kind).toBe('malformed');
    expect(parseBearer('Bearer a b').kind).toBe('malformed');
    expect(parseBearer('bearer\tabc').kind).toBe('malformed');
  });
});
