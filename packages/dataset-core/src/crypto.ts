/**
 * Streaming encryption at rest (AES-256-GCM, one key per tenant) and plaintext hashing.
 *
 * Blob format (version 1):
 *   "MGDE" (4 bytes) | version 0x01 (1) | IV (12, random) | ciphertext (n) | GCM tag (16)
 * The 17-byte header is authenticated as AAD, so tampering with magic, version or IV also fails.
 *
 * Streaming GCM necessarily emits plaintext before the tag is checked at the end: consumers must
 * treat decrypted output as untrusted until the stream finishes without error (e.g. write to a
 * temp location and only publish on success).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, type DecipherGCM, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { EncryptionError } from './errors.ts';

const MAGIC = Buffer.from('MGDE', 'ascii');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1 + IV_BYTES;
const KEY_BYTES = 32;

/** Bytes added to the plaintext size by encryption (header + tag). */
export const ENCRYPTION_OVERHEAD = HEADER_BYTES + TAG_BYTES;

const HKDF_SALT = Buffer.from('modelgraph/dataset-at-rest/v1', 'utf8');

/**
 * Derives a tenant's 256-bit data key from the master key with HKDF-SHA256 (info = tenant id), so
 * one leaked tenant key exposes nothing about other tenants or the master key.
 */
export function deriveTenantKey(masterKey: Buffer, tenantId: string): Buffer {
  if (!Buffer.isBuffer(masterKey) || masterKey.length < KEY_BYTES) {
    throw new EncryptionError('BAD_KEY', `the master key must be at least ${KEY_BYTES} bytes`);
  }
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new EncryptionError('BAD_KEY', 'tenantId must be a non-empty string');
  }
  return Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, Buffer.from(`tenant:${tenantId}`, 'utf8'), KEY_BYTES));
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new EncryptionError('BAD_KEY', `an AES-256 key must be exactly ${KEY_BYTES} bytes`);
  }
}

/** Transform: plaintext in, framed ciphertext out. */
export function createEncryptStream(key: Buffer): Transform {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), iv]);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(header);
  let headerSent = false;
  const sendHeader = (t: Transform) => {
    if (!headerSent) {
      headerSent = true;
      t.push(header);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      sendHeader(this);
      const out = cipher.update(chunk);
      if (out.length > 0) this.push(out);
      cb();
    },
    flush(cb: TransformCallback) {
      sendHeader(this); // an empty plaintext still yields a valid blob
      const out = cipher.final();
      if (out.length > 0) this.push(out);
      this.push(cipher.getAuthTag());
      cb();
    },
  });
}

/**
 * Transform: framed ciphertext in, plaintext out. Fails with an {@link EncryptionError} on a foreign
 * or truncated blob, or when the tag does not verify (wrong key or modified data).
 */
export function createDecryptStream(key: Buffer): Transform {
  checkKey(key);
  let header: Buffer = Buffer.alloc(0);
  let decipher: DecipherGCM | undefined;
  let tail: Buffer = Buffer.alloc(0); // last TAG_BYTES seen: could be the tag

  const consume = (t: Transform, data: Buffer) => {
    if (!decipher) {
      header = Buffer.concat([header, data]);
      if (header.length < HEADER_BYTES) return;
      if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new EncryptionError('BAD_HEADER', 'not an encrypted dataset blob (bad magic bytes)');
      }
      const version = header[MAGIC.length]!;
      if (version !== VERSION) throw new EncryptionError('UNSUPPORTED_VERSION', `unsupported encrypted blob version ${version}`);
      const iv = header.subarray(MAGIC.length + 1, HEADER_BYTES);
      decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(header.subarray(0, HEADER_BYTES));
      data = header.subarray(HEADER_BYTES);
      header = header.subarray(0, HEADER_BYTES);
    }
    const all = tail.length > 0 ? Buffer.concat([tail, data]) : data;
    if (all.length <= TAG_BYTES) {
      tail = all;
      return;
    }
    const body = all.subarray(0, all.length - TAG_BYTES);
    tail = Buffer.from(all.subarray(all.length - TAG_BYTES));
    const out = decipher.update(body);
    if (out.length > 0) t.push(out);
  };

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        consume(this, chunk);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      if (!decipher || tail.length < TAG_BYTES) {
        cb(new EncryptionError('TRUNCATED', 'the encrypted blob is truncated'));
        return;
      }
      try {
        decipher.setAuthTag(tail);
        const out = decipher.final();
        if (out.length > 0) this.push(out);
        cb();
      } catch (cause) {
        cb(new EncryptionError('AUTH_FAILED', 'decryption failed: wrong key, or the data was modified', { cause }));
      }
    },
  });
}

/** A pass-through stream that hashes (SHA-256) and counts the bytes flowing through it. */
export class HashingPassThrough extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private hex: string | undefined;
  private count = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.hex = this.hash.digest('hex');
    cb();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.count;
  }

  /** Hex SHA-256 of everything written; only available once the stream has ended. */
  digest(): string {
    if (this.hex === undefined) throw new Error('digest() is only available after the stream has ended');
    return this.hex;
  }
}

/** Put this on the RAW upload bytes (before encryption) to get the content hash and size. */
export function createHashingPassThrough(): HashingPassThrough {
  return new HashingPassThrough();
}
