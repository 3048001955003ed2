// The ArtifactStore contract, run against every backend: the local folder and S3 (a real s3rver).
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactStoreError, LocalArtifactStore, MIN_PART_SIZE, S3ArtifactStore, readAll, type ArtifactStore } from './index.ts';
import { pseudoRandomBytes, sha256Of, startS3rver } from './test-helpers.ts';

const MiB = 1024 * 1024;

interface Backend {
  store: ArtifactStore;
  /** Everything physically stored under `prefix/` (temp files, incomplete writes included), as artifact keys. */
  storedUnder(prefix: string): Promise<string[]>;
  teardown(): Promise<void>;
}

const backends: { name: string; open: () => Promise<Backend> }[] = [
  {
    name: 'LocalArtifactStore',
    async open() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'mg-store-'));
      return {
        store: new LocalArtifactStore(root),
        async storedUnder(prefix) {
          const entries = await readdir(path.join(root, prefix), { recursive: true, withFileTypes: true }).catch(() => []);
          return entries
            .filter((e) => !e.isDirectory())
            .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
            .sort();
        },
        teardown: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'S3ArtifactStore',
    async open() {
      const server = await startS3rver();
      // A 5 MiB part size (S3's minimum) so a 12 MiB object takes three parts.
      const store = new S3ArtifactStore({ ...server, prefix: 'contract', region: 'us-east-1', partSize: MIN_PART_SIZE });
      return {
        store,
        async storedUnder(prefix) {
          const keys: string[] = [];
          let ContinuationToken: string | undefined;
          do {
            const page = await store.client.send(
              new ListObjectsV2Command({ Bucket: server.bucket, Prefix: `contract/${prefix}/`, ContinuationToken }),
            );
            keys.push(...(page.Contents ?? []).map((o) => o.Key!.slice('contract/'.length)));
            ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
          } while (ContinuationToken);
          // Parts of multipart uploads never completed nor aborted take space too.
          for (const upload of await server.pendingUploads()) {
            if (upload.key.startsWith(`contract/${prefix}/`)) keys.push(`(incomplete upload) ${upload.key}`);
          }
          return keys.sort();
        },
        async teardown() {
          store.destroy();
          await server.stop();
        },
      };
    },
  },
];

/** Yields `bytes` bytes, then fails like a client that went away mid-upload. */
async function* failingAfter(bytes: number) {
  yield* pseudoRandomBytes(bytes, 7);
  throw new Error('client went away');
}

describe.each(backends)('ArtifactStore contract: $name', ({ open }) => {
  let backend: Backend;
  let store: ArtifactStore;
  beforeAll(async () => {
    backend = await open();
    store = backend.store;
  });
  afterAll(() => backend?.teardown());

  it('round-trips bytes from buffers, streams and async iterables', async () => {
    expect(await store.put('a/b/one', Buffer.from('hello'))).toEqual({ bytes: 5 });
    expect((await readAll(await store.get('a/b/one'))).toString()).toBe('hello');
    expect(await store.put('a/b/two', Readable.from([Buffer.from('x'), Buffer.from('yz')]))).toEqual({ bytes: 3 });
    expect((await readAll(await store.get('a/b/two'))).toString()).toBe('xyz');
    async function* gen() {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    expect(await store.put('a/c', gen())).toEqual({ bytes: 3 });
    expect(await store.exists('a/c')).toBe(true);
    expect([...(await readAll(await store.get('a/c')))]).toEqual([1, 2, 3]);
  });

  it('stores empty objects and replaces an existing object on put', async () => {
    expect(await store.put('e/empty', new Uint8Array(0))).toEqual({ bytes: 0 });
    expect((await readAll(await store.get('e/empty'))).length).toBe(0);
    await store.put('e/twice', Buffer.from('first'));
    await store.put('e/twice', Buffer.from('second, longer'));
    expect((await readAll(await store.get('e/twice'))).toString()).toBe('second, longer');
  });

  it('streams a multi-MB object that spans several multipart parts', async () => {
    const size = 12 * MiB + 12_345; // > 2 parts of 5 MiB, not a multiple of the part size
    const expected = await sha256Of(pseudoRandomBytes(size, 42));
    expect(await store.put('big/blob', pseudoRandomBytes(size, 42))).toEqual({ bytes: size });
    expect(await sha256Of(await store.get('big/blob'))).toEqual(expected);
    // A Node stream source (as the gateway passes) works the same.
    const stream = new PassThrough();
    const putting = store.put('big/stream', stream);
    for await (const chunk of pseudoRandomBytes(size, 43)) {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
    }
    stream.end();
    expect(await putting).toEqual({ bytes: size });
    expect(await sha256Of(await store.get('big/stream'))).toEqual(await sha256Of(pseudoRandomBytes(size, 43)));
  });

  it.each([
    ['early (before the first part is full)', 100_000],
    ['after several MB (multipart already started)', 6 * MiB + 1],
  ])('leaves nothing behind when the source fails %s', async (_when, failAt) => {
    await expect(store.put('broken/obj', failingAfter(failAt))).rejects.toThrow('client went away');
    expect(await store.exists('broken/obj')).toBe(false);
    await expect(store.get('broken/obj')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await backend.storedUnder('broken')).toEqual([]);
  });

  it('keeps the previous object when an overwrite fails', async () => {
    await store.put('keep/obj', Buffer.from('original'));
    await expect(store.put('keep/obj', failingAfter(6 * MiB + 1))).rejects.toThrow('client went away');
    expect((await readAll(await store.get('keep/obj'))).toString()).toBe('original');
    expect(await backend.storedUnder('keep')).toEqual(['keep/obj']);
  });

  it('reports missing objects as NOT_FOUND', async () => {
    await expect(store.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.get('nope/deeper/still')).rejects.toBeInstanceOf(ArtifactStoreError);
    expect(await store.exists('nope')).toBe(false);
  });

  it('refuses keys that escape the root or are malformed', async () => {
    for (const bad of ['../x', 'a/../../x', '/abs', 'a//b', 'trailing/', 'sp ace', 'a/./b', '..', '', 'ümlaut', 'back\\slash']) {
      await expect(store.put(bad, Buffer.from('x')), bad).rejects.toMatchObject({ code: 'INVALID_KEY' });
      await expect(store.get(bad), bad).rejects.toMatchObject({ code: 'INVALID_KEY' });
      await expect(store.delete(bad), bad).rejects.toMatchObject({ code: 'INVALID_KEY' });
      await expect(store.deletePrefix(bad), bad).rejects.toMatchObject({ code: 'INVALID_KEY' });
      expect(await store.exists(bad), bad).toBe(false);
    }
  });

  it('deletes objects and prefixes idempotently, leaving neighbours alone', async () => {
    await store.put('p/q/r', Buffer.from('1'));
    await store.put('p/q/s', Buffer.from('2'));
    await store.put('p/t', Buffer.from('3'));
    await store.put('pq/u', Buffer.from('neighbour'));
    await store.put('p2/v', Buffer.from('neighbour'));
    await store.delete('p/q/r');
    await store.delete('p/q/r');
    await store.delete('never/existed');
    expect(await store.exists('p/q/r')).toBe(false);
    expect(await store.exists('p/q/s')).toBe(true);
    await store.deletePrefix('p');
    expect(await store.exists('p/q/s')).toBe(false);
    expect(await store.exists('p/t')).toBe(false);
    expect(await backend.storedUnder('p')).toEqual([]);
    await store.deletePrefix('p');
    await store.deletePrefix('never/existed');
    expect((await readAll(await store.get('pq/u'))).toString()).toBe('neighbour');
    expect((await readAll(await store.get('p2/v'))).toString()).toBe('neighbour');
  });

  it('handles concurrent puts of different keys', async () => {
    const sizes = [0, 1, 1000, 64 * 1024, 2 * MiB, 6 * MiB];
    const results = await Promise.all(sizes.map((size, i) => store.put(`many/obj-${i}`, pseudoRandomBytes(size, 100 + i))));
    expect(results).toEqual(sizes.map((bytes) => ({ bytes })));
    for (const [i, size] of sizes.entries()) {
      expect(await sha256Of(await store.get(`many/obj-${i}`))).toEqual(await sha256Of(pseudoRandomBytes(size, 100 + i)));
    }
    expect(await backend.storedUnder('many')).toEqual(sizes.map((_, i) => `many/obj-${i}`).sort());
  });
});
