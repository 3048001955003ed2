import { describe, it, expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ENCRYPTION_OVERHEAD,
  createDecryptStream,
  createEncryptStream,
  createHashingPassThrough,
  deriveTenantKey,
} from './crypto.ts';
import { EncryptionError } from './errors.ts';
import { createPrng } from './random.ts';

async function run(input: Buffer | Buffer[], ...transforms: Transform[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      parts.push(chunk);
      cb();
    },
  });
  const chunks = Array.isArray(input) ? input : [input];
  await pipeline(Readable.from(chunks, { objectMode: false }), ...(transforms as [Transform]), sink);
  return Buffer.concat(parts);
}

const chunkPrng = createPrng(2024); // reproducible chunk boundaries

function randomChunks(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; ) {
    const n = 1 + chunkPrng.nextInt(70_000);
    out.push(data.subarray(i, i + n));
    i += n;
  }
  return out;
}

async function expectEncryptionError(p: Promise<unknown>, code: EncryptionError['code']): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EncryptionError);
  expect((err as EncryptionError).code).toBe(code);
}

const master = Buffer.alloc(32, 7);

describe('deriveTenantKey', () => {
  it('is deterministic, 32 bytes, and different per tenant and master key', () => {
    const a = deriveTenantKey(master, 'tenant-a');
    expect(a).toHaveLength(32);
    expect(deriveTenantKey(master, 'tenant-a').equals(a)).toBe(true);
    expect(deriveTenantKey(master, 'tenant-b').equals(a)).toBe(false);
    expect(deriveTenantKey(Buffer.alloc(32, 8), 'tenant-a').equals(a)).toBe(false);
  });

  it('rejects weak master keys and empty tenant ids', () => {
    expect(() => deriveTenantKey(Buffer.alloc(16), 't')).toThrow(EncryptionError);
    expect(() => deriveTenantKey(master, '')).toThrow(EncryptionError);
  });
});

describe('encrypt / decrypt streams', () => {
  const key = deriveTenantKey(master, 'tenant-a');

  it('round-trips data in arbitrary chunking, adding a fixed overhead', async () => {
    const plain = randomBytes(1_000_003);
    const sealed = await run(randomChunks(plain), createEncryptStream(key));
    expect(sealed.length).toBe(plain.length + ENCRYPTION_OVERHEAD);
    expect(sealed.subarray(0, 5).equals(Buffer.from('MGDE\x01', 'latin1'))).toBe(true);
    expect(sealed.includes(plain.subarray(0, 64))).toBe(false);
    const opened = await run(randomChunks(sealed), createDecryptStream(key));
    expect(opened.equals(plain)).toBe(true);
    // one byte at a time on the way back still works
    const small = Buffer.from('a,b\n1,2\n');
    const smallSealed = await run(small, createEncryptStream(key));
    const bytes = [...smallSealed].map((b) => Buffer.from([b]));
    expect((await run(bytes, createDecryptStream(key))).equals(small)).toBe(true);
  });

  it('round-trips empty input', async () => {
    const sealed = await run([], createEncryptStream(key));
    expect(sealed.length).toBe(ENCRYPTION_OVERHEAD);
    expect((await run(sealed, createDecryptStream(key))).length).toBe(0);
  });

  it('uses a fresh IV each time', async () => {
    const data = Buffer.from('same plaintext');
    const a = await run(data, createEncryptStream(key));
    const b = await run(data, createEncryptStream(key));
    expect(a.equals(b)).toBe(false);
  });

  it('detects tampering anywhere: ciphertext, tag, IV or header', async () => {
    const sealed = await run(randomBytes(5000), createEncryptStream(key));
    for (const [pos, code] of [
      [2000, 'AUTH_FAILED'], // ciphertext
      [sealed.length - 1, 'AUTH_FAILED'], // tag
      [8, 'AUTH_FAILED'], // IV
      [0, 'BAD_HEADER'], // magic
      [4, 'UNSUPPORTED_VERSION'],
    ] as const) {
      const bad = Buffer.from(sealed);
      bad[pos]! ^= 0x01;
      await expectEncryptionError(run(bad, createDecryptStream(key)), code);
    }
  });

  it('fails with the wrong key', async () => {
    const sealed = await run(Buffer.from('secret rows'), createEncryptStream(key));
    await expectEncryptionError(run(sealed, createDecryptStream(deriveTenantKey(master, 'tenant-b'))), 'AUTH_FAILED');
  });

  it('detects truncation and appended bytes', async () => {
    const sealed = await run(randomBytes(100), createEncryptStream(key));
    await expectEncryptionError(run(sealed.subarray(0, sealed.length - 1), createDecryptStream(key)), 'AUTH_FAILED');
    await expectEncryptionError(run(sealed.subarray(0, 20), createDecryptStream(key)), 'TRUNCATED');
    await expectEncryptionError(run(sealed.subarray(0, 10), createDecryptStream(key)), 'TRUNCATED');
    await expectEncryptionError(run(Buffer.concat([sealed, Buffer.from([0])]), createDecryptStream(key)), 'AUTH_FAILED');
  });

  it('rejects keys of the wrong size', () => {
    expect(() => createEncryptStream(Buffer.alloc(16))).toThrow(EncryptionError);
    expect(() => createDecryptStream(Buffer.alloc(31))).toThrow(EncryptionError);
  });
});

describe('createHashingPassThrough', () => {
  it('passes data through unchanged while hashing and counting the plaintext', async () => {
    const plain = randomBytes(300_000);
    const hasher = createHashingPassThrough();
    const key = deriveTenantKey(master, 't');
    const sealed = await run(randomChunks(plain), hasher, createEncryptStream(key));
    expect(hasher.bytes).toBe(plain.length);
    expect(hasher.digest()).toBe(createHash('sha256').update(plain).digest('hex'));
    expect((await run(sealed, createDecryptStream(key))).equals(plain)).toBe(true);
  });

  it('only offers the digest once the stream has ended', () => {
    const hasher = createHashingPassThrough();
    hasher.write(Buffer.from('abc'));
    expect(hasher.bytes).toBe(3);
    expect(() => hasher.digest()).toThrow(/after the stream has ended/);
  });
});
