// Test support: runs s3rver (an S3-compatible server) in its own process, started by
// test-helpers.ts startS3rver() with `node --openssl-legacy-provider`: s3rver 3.7 encrypts
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers in its legacy provider.
//
// argv: <directory> <bucket> <abortSupport: "1" | "0">. Listens on 127.0.0.1, a free port, and
// sends { port } over IPC; stops on the "stop" message or when the parent goes away.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import S3rver from 's3rver';

const [directory, bucket, abortSupport] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [] }],
});

if (abortSupport === '1') {
  // s3rver lacks AbortMultipartUpload (it answers 405). s3rver is a Koa app whose middleware list is
  // composed when it starts listening, so this runs before its router.
  const uploadsDir = path.join(directory, bucket, '._S3rver_uploads');
  server.middleware.unshift(async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== 'DELETE' || typeof uploadId !== 'string') return next();
    if (!/^[0-9a-f]+$/.test(uploadId) || ctx.path.split('/')[1] !== bucket) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>no such upload</Message></Error>';
      return;
    }
    await rm(path.join(uploadsDir, uploadId), { recursive: true, force: true });
    ctx.status = 204;
  });
}

const stop = async () => {
  await server.close().catch(() => undefined);
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());

const address = await server.run();
process.send({ port: address.port });
