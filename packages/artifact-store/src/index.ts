// Artifacts (raw dataset files, model weights, ONNX files) behind one interface.
// Writes are atomic: a reader never sees a partial object, and a failed write leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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

function mapFsError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ArtifactStoreError('STORAGE_FULL', `artifact storage is full while writing ${what}`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new ArtifactStoreError('STORAGE_UNAVAILABLE', `artifact storage is not writable (${code})`, { cause: error });
  }
  return error;
}

/** Objects as files under a root folder; writes go to a temp file renamed into place. */
export class LocalArtifactStore implements ArtifactStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: ByteSource): Promise<{ bytes: number }> {
    const target = this.pathOf(key);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
    const counter = new ByteCounter();
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await pipeline(toReadable(body), counter, createWriteStream(temp, { mode: 0o600 }));
      await rename(temp, target);
      return { bytes: counter.bytes };
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw mapFsError(error, key);
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      await stat(file);
    } catch {
      throw new ArtifactStoreError('NOT_FOUND', `artifact ${key} does not exist`);
    }
    return createReadStream(file);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }
}

/** Reads a whole (small) object into memory. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
