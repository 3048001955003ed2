// ArtifactStore on S3 or any S3-compatible server (MinIO, Ceph RGW, R2, s3rver, ...).
//
// Writes stream through a multipart upload (lib-storage `Upload`): at most `queueSize` parts of
// `partSize` bytes are held in memory, never the whole object. S3 only makes an object visible
// when the upload completes, so readers never see partial objects; when the source or the
// upload fails we abort the multipart upload, so no object and no orphaned parts stay behind.
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { ArtifactStoreError, assertValidKey, toReadable, type ArtifactStore, type ByteSource } from './core.ts';

/** S3's floor for every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
export const DEFAULT_QUEUE_SIZE = 4;
/** ListObjectsV2 and DeleteObjects both cap a page at 1000 keys. */
const MAX_PAGE = 1000;

export interface S3ArtifactStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ("modelgraph/prod"); leading and trailing slashes are ignored. */
  prefix?: string;
  /** Custom endpoint for S3-compatible servers, e.g. http://127.0.0.1:9000. Default: AWS. */
  endpoint?: string;
  /** Default us-east-1. */
  region?: string;
  /** Path-style URLs (endpoint/bucket/key) instead of virtual-hosted (bucket.endpoint/key). Default: true with an endpoint, else false. */
  forcePathStyle?: boolean;
  /** Static credentials or a provider. Default: the AWS SDK's default credential chain. */
  credentials?: S3ClientConfig['credentials'];
  /** Multipart part size in bytes (>= 5 MiB). Default 8 MiB; objects up to 10,000 parts. */
  partSize?: number;
  /** Parts uploaded concurrently per put. Default 4; memory per put is about partSize * (queueSize + 1). */
  queueSize?: number;
  /** Keys per ListObjectsV2 / DeleteObjects page in deletePrefix (1..1000). Default 1000. */
  pageSize?: number;
  /** SDK attempts per request (retries + 1). Default: the SDK's (3). */
  maxAttempts?: number;
  /** Give up connecting after this many ms. Default 10 s. */
  connectionTimeoutMs?: number;
}

/** Network-level failures: the endpoint could not be reached or the connection broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const ACCESS_ERRORS = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AuthorizationHeaderMalformed',
]);
/** Out of space or quota: MinIO, Ceph RGW, and HTTP 507. */
const FULL_ERRORS = new Set(['XMinioStorageFull', 'QuotaExceeded', 'InsufficientStorage']);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as SdkError | undefined)?.name;
  if (name === 'NoSuchBucket') return false; // a missing bucket is a configuration problem, not a missing object
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly client: S3Client;
  readonly bucket: string;
  /** Normalised prefix without slashes ('' for none). */
  readonly prefix: string;
  readonly partSize: number;
  readonly queueSize: number;
  readonly pageSize: number;
  private readonly where: string;

  constructor(options: S3ArtifactStoreOptions) {
    if (typeof options.bucket !== 'string' || options.bucket.trim() === '') {
      throw new TypeError('S3ArtifactStore: bucket is required');
    }
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (this.prefix !== '') {
      try {
        assertValidKey(this.prefix);
      } catch {
        throw new TypeError(`S3ArtifactStore: invalid prefix ${JSON.stringify(options.prefix)} (use letters, digits, "_", ".", "-" and "/")`);
      }
    }
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    if (!Number.isSafeInteger(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw new TypeError(`S3ArtifactStore: partSize must be an integer of at least ${MIN_PART_SIZE} bytes (5 MiB)`);
    }
    this.queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
    if (!Number.isSafeInteger(this.queueSize) || this.queueSize < 1) throw new TypeError('S3ArtifactStore: queueSize must be a positive integer');
    this.pageSize = options.pageSize ?? MAX_PAGE;
    if (!Number.isSafeInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > MAX_PAGE) {
      throw new TypeError(`S3ArtifactStore: pageSize must be an integer from 1 to ${MAX_PAGE}`);
    }
    const region = options.region ?? 'us-east-1';
    this.where = options.endpoint ? `${options.endpoint} (bucket ${this.bucket})` : `S3 bucket ${this.bucket} in ${region}`;
    this.client = new S3Client({
      region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 10_000 },
    });
  }

  /** Releases the client's sockets. The store is unusable afterwards. */
  destroy(): void {
    this.client.destroy();
  }

  /** The bucket key for an artifact key (validated). */
  objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async put(key: string, body: ByteSource): Promise<{ bytes: number }> {
    const Key = this.objectKey(key);
    const source = toReadable(body);
    let bytes = 0;
    let sourceFailed = false;
    let sourceError: unknown;
    async function* counted(): AsyncGenerator<Buffer> {
      // Errors thrown into the generator at `yield` (the uploader giving up) are not the source's.
      let yielding = false;
      try {
        for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          bytes += buffer.length;
          yielding = true;
          yield buffer;
          yielding = false;
        }
      } catch (error) {
        if (!yielding) {
          sourceFailed = true;
          sourceError = error;
        }
        throw error;
      }
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: toReadable(counted()), ContentType: 'application/octet-stream' },
      partSize: this.partSize,
      queueSize: this.queueSize,
      // We abort ourselves: lib-storage would let a failed abort (some S3-compatible servers lack
      // AbortMultipartUpload) replace the error that actually broke the upload.
      leavePartsOnError: true,
    });
    try {
      await upload.done();
      return { bytes };
    } catch (error) {
      // Read the flag first: destroying the source below can make the generator fail too.
      const brokenSource = sourceFailed;
      // Stop the producer (e.g. an encrypt stream fed by a pipeline) so it does not wait forever.
      if (!source.destroyed) source.destroy();
      if (upload.uploadId) await this.abortUpload(Key, upload.uploadId);
      if (brokenSource) throw sourceError;
      throw this.mapError(error, `storing ${key}`);
    }
  }

  /** Best effort: on failure the parts stay until the bucket's lifecycle rule (if any) cleans them up. */
  private async abortUpload(Key: string, UploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }));
    } catch (error) {
      process.emitWarning(
        `could not abort multipart upload ${UploadId} of ${Key} in ${this.where}: ${(error as Error)?.message ?? error}; ` +
          'its parts are not visible as an object but use space until aborted (an AbortIncompleteMultipartUpload lifecycle rule cleans them up)',
        { code: 'MODELGRAPH_S3_ABORT_FAILED' },
      );
    }
  }

  async get(key: string): Promise<Readable> {
    const Key = this.objectKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return response.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new ArtifactStoreError('NOT_FOUND', `artifact ${key} does not exist`, { cause: error });
      throw this.mapError(error, `reading ${key}`);
    }
  }

  async exists(key: string): Promise<boolean> {
    let Key: string;
    try {
      Key = this.objectKey(key);
    } catch {
      return false; // as LocalArtifactStore: an invalid key names nothing
    }
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.mapError(error, `checking ${key}`);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw this.mapError(error, `deleting ${key}`);
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const Prefix = `${this.objectKey(prefix)}/`;
    let ContinuationToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix, MaxKeys: this.pageSize, ContinuationToken }),
        );
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length > 0) {
          const result = await this.client.send(
            new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }),
          );
          const failed = (result.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
          if (failed.length > 0) {
            const first = failed[0]!;
            throw new ArtifactStoreError(
              'STORAGE_UNAVAILABLE',
              `could not delete ${failed.length} object(s) under ${prefix}/ in ${this.where}: ${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim(),
            );
          }
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    } catch (error) {
      throw this.mapError(error, `deleting ${prefix}/`);
    }
  }

  /** Maps SDK and network errors to ArtifactStoreError; anything else passes through unchanged. */
  private mapError(error: unknown, what: string): unknown {
    if (error instanceof ArtifactStoreError) return error;
    const e = (error ?? {}) as SdkError;
    const name = e.name ?? '';
    const status = statusOf(error);
    const detail = `${name && name !== 'Error' ? `${name}: ` : ''}${e.message ?? String(error)}`;
    if (name === 'CredentialsProviderError') {
      return new ArtifactStoreError(
        'STORAGE_UNAVAILABLE',
        `artifact storage is unavailable while ${what}: no S3 credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure the AWS default credential chain)`,
        { cause: error },
      );
    }
    if (FULL_ERRORS.has(name) || status === 507) {
      return new ArtifactStoreError('STORAGE_FULL', `artifact storage is full while ${what} (${this.where}: ${detail})`, { cause: error });
    }
    if (name === 'NoSuchBucket') {
      return new ArtifactStoreError('STORAGE_UNAVAILABLE', `artifact storage is unavailable while ${what}: the bucket does not exist (${this.where})`, { cause: error });
    }
    if (ACCESS_ERRORS.has(name) || status === 401 || status === 403) {
      return new ArtifactStoreError(
        'STORAGE_UNAVAILABLE',
        `artifact storage is unavailable while ${what}: ${this.where} refused the request (${name || `HTTP ${status}`}); check the S3 credentials and the bucket policy`,
        { cause: error },
      );
    }
    if ((e.code && NETWORK_CODES.has(e.code)) || name === 'TimeoutError') {
      return new ArtifactStoreError('STORAGE_UNAVAILABLE', `artifact storage is unavailable while ${what}: cannot reach ${this.where} (${detail})`, {
        cause: error,
      });
    }
    if (status !== undefined) {
      return new ArtifactStoreError(
        'STORAGE_UNAVAILABLE',
        `artifact storage is unavailable while ${what}: ${this.where} answered HTTP ${status} (${detail})`,
        { cause: error },
      );
    }
    return error;
  }
}
