// ArtifactStore on the local filesystem.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactStoreError, ByteCounter, assertValidKey, toReadable, type ArtifactStore, type ByteSource } from './core.ts';

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
