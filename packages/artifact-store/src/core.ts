// The ArtifactStore contract shared by every backend (local folder, S3), plus small stream helpers.
// Writes are atomic: a reader never sees a partial object, and a failed write leaves nothing behind.
import { Readable, Transform, type TransformCallback } from 'node:stream';

export type ArtifactStoreErrorCode = 'NOT_FOUND' | 'INVALID_KEY' | 'STORAGE_FULL' | 'STORAGE_UNAVAILABLE';

export class ArtifactStoreError extends Error {
  constructor(
    readonly code: ArtifactStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArtifactStoreError';
  }
}

export type ByteSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

export interface ArtifactStore {
  /** Stores the bytes under `key`, replacing any previous object; returns the stored size. */
  put(key: string, body: ByteSource): Promise<{ bytes: number }>;
  /** Streams the object; ArtifactStoreError NOT_FOUND when absent. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix/`. Idempotent. */
  deletePrefix(prefix: string): Promise<void>;
}

const KEY_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export function assertValidKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new ArtifactStoreError('INVALID_KEY', `invalid artifact key ${JSON.stringify(key)}`);
  }
}

export function toReadable(body: ByteSource): Readable {
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) return Readable.from([body]);
  return Readable.from(body);
}

/** Counts bytes flowing through. */
export class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/** Reads a whole (small) object into memory. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
