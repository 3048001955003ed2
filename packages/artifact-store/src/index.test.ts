import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactStoreError, LocalArtifactStore, readAll } from './index.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'mg-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('LocalArtifactStore', () => {
  const store = new LocalArtifactStore(root);

  it('round-trips bytes from buffers, streams and async iterables', async () => {
    expect(await store.put('a/b/one', Buffer.from('hello'))).toEqual({ bytes: 5 });
    expect((await readAll(await store.get('a/b/one'))).toString()).toBe('hello');
    await store.put('a/b/two', Readable.from([Buffer.from('x'), Buffer.from('yz')]));
    expect((await readAll(await store.get('a/b/two'))).toString()).toBe('xyz');
    async function* gen() {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    expect(await store.put('a/c', gen())).toEqual({ bytes: 3 });
    expect(await store.exists('a/c')).toBe(true);
  });

  it('leaves nothing behind when the source fails mid-write', async () => {
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('client went away');
    }
    await expect(store.put('broken/obj', failing())).rejects.toThrow('client went away');
    expect(await store.exists('broken/obj')).toBe(false);
    expect(readdirSync(path.join(root, 'broken'))).toEqual([]);
  });

  it('reports missing objects and refuses keys that escape the root', async () => {
    await expect(store.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const bad of ['../x', 'a/../../x', '/abs', 'a//b', 'sp ace', '']) {
      await expect(store.put(bad, Buffer.from('x'))).rejects.toBeInstanceOf(ArtifactStoreError);
    }
  });

  it('deletes objects and prefixes idempotently', async () => {
    await store.put('p/q/r', Buffer.from('1'));
    await store.put('p/q/s', Buffer.from('2'));
    await store.delete('p/q/r');
    await store.delete('p/q/r');
    expect(await store.exists('p/q/r')).toBe(false);
    await store.deletePrefix('p');
    expect(await store.exists('p/q/s')).toBe(false);
    await store.deletePrefix('p');
  });
});
