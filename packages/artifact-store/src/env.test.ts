import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArtifactStoreConfigError,
  LocalArtifactStore,
  S3ArtifactStore,
  createArtifactStoreFromEnv,
  readAll,
  s3OptionsFromEnv,
} from './index.ts';
import { startS3rver, type TestS3Server } from './test-helpers.ts';

let root: string;
let server: TestS3Server;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mg-env-store-'));
  server = await startS3rver('env-bucket');
});
afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('createArtifactStoreFromEnv', () => {
  it('uses the local folder by default', async () => {
    for (const env of [{}, { MODELGRAPH_S3_BUCKET: '' }, { MODELGRAPH_S3_BUCKET: '  ', AWS_ACCESS_KEY_ID: 'ignored', AWS_SECRET_ACCESS_KEY: 'x' }]) {
      const store = createArtifactStoreFromEnv(env, root);
      expect(store).toBeInstanceOf(LocalArtifactStore);
      expect((store as LocalArtifactStore).root).toBe(root);
    }
    const store = createArtifactStoreFromEnv({}, root);
    await store.put('x/y', Buffer.from('local'));
    expect(await readFile(path.join(root, 'x', 'y'), 'utf8')).toBe('local');
  });

  it('selects S3 when MODELGRAPH_S3_BUCKET is set, and works against the server', async () => {
    const store = createArtifactStoreFromEnv(
      {
        MODELGRAPH_S3_BUCKET: server.bucket,
        MODELGRAPH_S3_ENDPOINT: `${server.endpoint}/`,
        MODELGRAPH_S3_PREFIX: 'modelgraph/test/',
        AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
      },
      root,
    );
    expect(store).toBeInstanceOf(S3ArtifactStore);
    const s3 = store as S3ArtifactStore;
    try {
      expect(s3.bucket).toBe(server.bucket);
      expect(s3.prefix).toBe('modelgraph/test');
      expect(await s3.client.config.region()).toBe('us-east-1');
      expect(s3.client.config.forcePathStyle).toBe(true);
      expect(await store.put('a/b', Buffer.from('in s3'))).toEqual({ bytes: 5 });
      expect((await readAll(await store.get('a/b'))).toString()).toBe('in s3');
      const raw = await s3.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'modelgraph/test/a/b' }));
      expect(await raw.Body!.transformToString()).toBe('in s3');
    } finally {
      s3.destroy();
    }
  });

  it('derives the S3 options: region, path style and credentials', () => {
    expect(s3OptionsFromEnv({ MODELGRAPH_S3_BUCKET: 'my-bucket' })).toEqual({ bucket: 'my-bucket', region: 'us-east-1', forcePathStyle: false });
    expect(
      s3OptionsFromEnv({
        MODELGRAPH_S3_BUCKET: 'my.bucket-1',
        MODELGRAPH_S3_REGION: 'eu-west-3',
        MODELGRAPH_S3_ENDPOINT: 'https://s3.example.test',
        MODELGRAPH_S3_FORCE_PATH_STYLE: 'false',
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      }),
    ).toEqual({
      bucket: 'my.bucket-1',
      region: 'eu-west-3',
      endpoint: 'https://s3.example.test',
      forcePathStyle: false,
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token' },
    });
    expect(s3OptionsFromEnv({ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_ENDPOINT: 'http://127.0.0.1:9000' })?.forcePathStyle).toBe(true);
    expect(s3OptionsFromEnv({ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_FORCE_PATH_STYLE: 'YES' })?.forcePathStyle).toBe(true);
    // No keys in the environment: leave credentials to the SDK's default chain.
    expect(s3OptionsFromEnv({ MODELGRAPH_S3_BUCKET: 'b-1' })).not.toHaveProperty('credentials');
    expect(s3OptionsFromEnv({})).toBeNull();
  });

  it.each([
    [{ MODELGRAPH_S3_BUCKET: 'Bad_Bucket!' }, /MODELGRAPH_S3_BUCKET "Bad_Bucket!" is not a valid bucket name/],
    [{ MODELGRAPH_S3_BUCKET: 'ab' }, /MODELGRAPH_S3_BUCKET "ab" is not a valid bucket name/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_ENDPOINT: 'minio:9000' }, /MODELGRAPH_S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_ENDPOINT: 'not a url' }, /MODELGRAPH_S3_ENDPOINT "not a url" is not a URL/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_ENDPOINT: 'http://key:secret@127.0.0.1:9000' }, /must not contain credentials/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_REGION: 'us east 1' }, /MODELGRAPH_S3_REGION "us east 1" is not a region name/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_PREFIX: 'a/../b' }, /MODELGRAPH_S3_PREFIX "a\/..\/b" is not a valid prefix/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', MODELGRAPH_S3_FORCE_PATH_STYLE: 'maybe' }, /MODELGRAPH_S3_FORCE_PATH_STYLE must be true or false, got "maybe"/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', AWS_ACCESS_KEY_ID: 'AKIA' }, /AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY/],
    [{ MODELGRAPH_S3_BUCKET: 'b-1', AWS_SECRET_ACCESS_KEY: 's' }, /AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID/],
    [{ MODELGRAPH_S3_ENDPOINT: 'http://127.0.0.1:9000' }, /MODELGRAPH_S3_ENDPOINT is set but MODELGRAPH_S3_BUCKET is not/],
    [{ MODELGRAPH_S3_BUKET: 'b-1' }, /unknown setting MODELGRAPH_S3_BUKET/],
  ])('rejects bad configuration %o', (env, message) => {
    expect(() => createArtifactStoreFromEnv(env, root)).toThrow(ArtifactStoreConfigError);
    expect(() => createArtifactStoreFromEnv(env, root)).toThrow(message);
  });
});
