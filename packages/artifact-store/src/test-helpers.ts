// Test support: a real S3-compatible server (s3rver) on 127.0.0.1, and helpers shared by the tests.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** s3rver's built-in account. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Multipart uploads started but neither completed nor aborted: their parts still take space. */
  pendingUploads(): Promise<{ uploadId: string; key: string }[]>;
  stop(): Promise<void>;
}

/**
 * Starts s3rver in a child process on a free 127.0.0.1 port, silent, with its data in a fresh temp
 * folder and `bucket` created (see s3rver-process.mjs). s3rver 3.7 lacks AbortMultipartUpload;
 * unless `abortSupport` is false the child adds it, so tests can check that failed uploads leave
 * no parts behind.
 */
export async function startS3rver(bucket = 'modelgraph-test', { abortSupport = true } = {}): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mg-s3rver-'));
  const script = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));
  const child = fork(script, [directory, bucket, abortSupport ? '1' : '0'], {
    execArgv: ['--openssl-legacy-provider'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
  const uploadsDir = path.join(directory, bucket, '._S3rver_uploads');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async pendingUploads() {
      const ids = await readdir(uploadsDir).catch(() => [] as string[]);
      return Promise.all(
        ids.map(async (uploadId) => ({ uploadId, key: await readFile(path.join(uploadsDir, uploadId, 'key'), 'utf8').catch(() => '?') })),
      );
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send('stop');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface RecordedCommand {
  name: string;
  input: Record<string, unknown>;
}

/** Records every command the client sends (name and input). */
export function recordCommands(client: S3Client): RecordedCommand[] {
  const sent: RecordedCommand[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ name: String(context.commandName), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'modelgraphRecordCommands' },
  );
  return sent;
}

/** Deterministic pseudo-random bytes (xorshift32), `total` bytes in `chunk`-sized pieces. */
export async function* pseudoRandomBytes(total: number, seed = 1, chunk = 256 * 1024): AsyncGenerator<Uint8Array> {
  let state = seed >>> 0 || 1;
  for (let offset = 0; offset < total; offset += chunk) {
    const size = Math.min(chunk, total - offset);
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      bytes[i] = state & 0xff;
      if (i + 1 < size) bytes[i + 1] = (state >>> 8) & 0xff;
      if (i + 2 < size) bytes[i + 2] = (state >>> 16) & 0xff;
      if (i + 3 < size) bytes[i + 3] = state >>> 24;
    }
    yield bytes;
  }
}

export async function sha256Of(source: AsyncIterable<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** A free TCP port on 127.0.0.1 with nothing listening (for "cannot reach" tests). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
