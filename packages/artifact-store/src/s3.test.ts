// S3-specific behaviour beyond the shared contract (index.test.ts): multipart use, aborts,
// deletePrefix paging, and how S3/network failures surface. All traffic stays on 127.0.0.1.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ArtifactStoreError, MIN_PART_SIZE, S3ArtifactStore, readAll, type S3ArtifactStoreOptions } from './index.ts';
import { closedPort, pseudoRandomBytes, recordCommands, startS3rver, type TestS3Server } from './test-helpers.ts';

const MiB = 1024 * 1024;

async function* failingAfter(bytes: number) {
  yield* pseudoRandomBytes(bytes, 9);
  throw new Error('client went away');
}

let server: TestS3Server;
const stores: S3ArtifactStore[] = [];
function storeWith(overrides: Partial<S3ArtifactStoreOptions> = {}) {
  const store = new S3ArtifactStore({ ...server, partSize: MIN_PART_SIZE, ...overrides });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  server = await startS3rver('s3-specific');
});
afterAll(async () => {
  for (const store of stores) store.destroy();
  await server?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('S3ArtifactStore', () => {
  it('puts keys under the configured prefix', async () => {
    const store = storeWith({ prefix: '/tenant-data/v1/' });
    expect(store.prefix).toBe('tenant-data/v1');
    expect(store.objectKey('a/b')).toBe('tenant-data/v1/a/b');
    await store.put('a/b', Buffer.from('hi'));
    const raw = await store.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'tenant-data/v1/a/b' }));
    expect(await raw.Body!.transformToString()).toBe('hi');
  });

  it('streams large objects as a multipart upload of partSize parts', async () => {
    const store = storeWith({ prefix: 'mp' });
    const sent = recordCommands(store.client);
    expect(await store.put('big', pseudoRandomBytes(12 * MiB, 3))).toEqual({ bytes: 12 * MiB });
    const names = sent.map((c) => c.name);
    expect(names.filter((n) => n === 'CreateMultipartUploadCommand')).toHaveLength(1);
    expect(names.filter((n) => n === 'UploadPartCommand')).toHaveLength(3); // 5 + 5 + 2 MiB
    expect(names).toContain('CompleteMultipartUploadCommand');
    expect(names).not.toContain('PutObjectCommand');
    // Small objects take a single PutObject.
    sent.length = 0;
    await store.put('small', Buffer.from('tiny'));
    expect(sent.map((c) => c.name)).toEqual(['PutObjectCommand']);
  });

  it('aborts the multipart upload when the source fails, and keeps the source error', async () => {
    const store = storeWith({ prefix: 'abort' });
    const sent = recordCommands(store.client);
    await expect(store.put('obj', failingAfter(11 * MiB))).rejects.toThrow('client went away');
    const create = sent.findIndex((c) => c.name === 'CreateMultipartUploadCommand');
    const abort = sent.find((c) => c.name === 'AbortMultipartUploadCommand');
    expect(create).toBeGreaterThanOrEqual(0);
    expect(abort?.input).toMatchObject({ Bucket: server.bucket, Key: 'abort/obj', UploadId: expect.any(String) });
    expect(sent.map((c) => c.name)).not.toContain('CompleteMultipartUploadCommand');
    expect(await server.pendingUploads()).toEqual([]);
    expect(await store.exists('obj')).toBe(false);
  });

  it('still reports the source error, with a warning, when the server cannot abort', async () => {
    const plain = await startS3rver('no-abort', { abortSupport: false }); // s3rver as shipped: 405 on abort
    try {
      const store = storeWith({ ...plain, prefix: 'x' });
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      await expect(store.put('obj', failingAfter(6 * MiB))).rejects.toThrow('client went away');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not abort multipart upload .* of x\/obj/), expect.anything());
      expect(await store.exists('obj')).toBe(false);
      expect(await plain.pendingUploads()).toHaveLength(1);
    } finally {
      await plain.stop();
    }
  });

  it('deletes a prefix across several list pages', async () => {
    const store = storeWith({ prefix: 'paged', pageSize: 2 });
    const sent = recordCommands(store.client);
    for (let i = 0; i < 5; i++) await store.put(`run/${i}`, Buffer.from(String(i)));
    await store.put('run-2/keep', Buffer.from('neighbour'));
    await store.deletePrefix('run');
    expect(sent.filter((c) => c.name === 'ListObjectsV2Command').length).toBeGreaterThanOrEqual(3);
    expect(sent.filter((c) => c.name === 'DeleteObjectsCommand')).toHaveLength(3);
    const left = await store.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'paged/' }));
    expect((left.Contents ?? []).map((o) => o.Key)).toEqual(['paged/run-2/keep']);
  });

  it('destroys a stream source when the upload fails, so its producer is not left waiting', async () => {
    const store = storeWith({ bucket: 'no-such-bucket' });
    // As the gateway does: pipeline(upload, encrypt) while store.put(key, encrypt) consumes it.
    // 64 MiB is far more than the stream buffers plus one part, so the producer would block forever.
    const encrypt = new Transform({ transform: (chunk, _enc, cb) => cb(null, chunk) });
    const piping = pipeline(Readable.from(pseudoRandomBytes(64 * MiB, 5)), encrypt);
    const writing = store.put('obj', encrypt);
    const [piped, written] = await Promise.allSettled([piping, writing]);
    expect(written).toMatchObject({ status: 'rejected', reason: { code: 'STORAGE_UNAVAILABLE' } });
    expect(piped.status).toBe('rejected');
    expect(encrypt.destroyed).toBe(true);
  });

  describe('maps failures to ArtifactStoreError', () => {
    it('missing bucket: STORAGE_UNAVAILABLE naming the bucket', async () => {
      const store = storeWith({ bucket: 'no-such-bucket' });
      for (const attempt of [() => store.put('k', Buffer.from('x')), () => store.get('k'), () => store.deletePrefix('k')]) {
        const error = await attempt().then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(ArtifactStoreError);
        expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/bucket does not exist.*no-such-bucket/) });
      }
    });

    it('rejected credentials: STORAGE_UNAVAILABLE asking to check them', async () => {
      const store = storeWith({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } });
      for (const attempt of [() => store.put('k', Buffer.from('x')), () => store.get('k'), () => store.exists('k'), () => store.delete('k')]) {
        await expect(attempt()).rejects.toMatchObject({
          code: 'STORAGE_UNAVAILABLE',
          message: expect.stringMatching(/refused the request .*check the S3 credentials/),
        });
      }
    });

    it('no credentials anywhere: STORAGE_UNAVAILABLE explaining where to set them', async () => {
      const noCredentials = async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
      };
      const store = storeWith({ credentials: noCredentials });
      await expect(store.get('k')).rejects.toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
        message: expect.stringContaining('no S3 credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'),
      });
    });

    it('unreachable endpoint: STORAGE_UNAVAILABLE saying it cannot be reached', async () => {
      const port = await closedPort();
      const store = storeWith({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
      for (const attempt of [() => store.put('k', Buffer.from('x')), () => store.get('k'), () => store.exists('k')]) {
        await expect(attempt()).rejects.toMatchObject({
          code: 'STORAGE_UNAVAILABLE',
          message: expect.stringMatching(new RegExp(`cannot reach http://127.0.0.1:${port} .*ECONNREFUSED`)),
        });
      }
    });
  });

  it('validates its options', () => {
    expect(() => new S3ArtifactStore({ bucket: '' })).toThrow(/bucket is required/);
    expect(() => new S3ArtifactStore({ bucket: 'b', partSize: MiB })).toThrow(/partSize must be an integer of at least/);
    expect(() => new S3ArtifactStore({ bucket: 'b', queueSize: 0 })).toThrow(/queueSize/);
    expect(() => new S3ArtifactStore({ bucket: 'b', pageSize: 5000 })).toThrow(/pageSize/);
    expect(() => new S3ArtifactStore({ bucket: 'b', prefix: 'a/../b' })).toThrow(/invalid prefix/);
  });

  it('round-trips through get as a readable stream', async () => {
    const store = storeWith();
    await store.put('r', Buffer.from('streamed'));
    expect((await readAll(await store.get('r'))).toString()).toBe('streamed');
  });
});
