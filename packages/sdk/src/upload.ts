// Streaming dataset upload to POST /upload/datasets/{id}/versions. The file is never held in memory:
// Node streams it through fetch (`duplex: 'half'`), counting bytes as fetch pulls them; browsers
// send a Blob with XMLHttpRequest, whose upload events report progress.
// No Node-only module is imported statically: a file path pulls in node:fs on demand.
import { ModelGraphError } from './errors.ts';
import type { ColumnType, ColumnTypeOverride, DatasetFormat, SplitInput } from './generated/graphql.ts';
import { networkError, responseError, type FetchLike } from './transport.ts';

/**
 * What `uploadDataset` accepts: a file path (Node), bytes (Buffer/Uint8Array/ArrayBuffer), a Blob or
 * File (browser or Node), a web ReadableStream, or any async iterable of chunks (a Node Readable).
 */
export type UploadSource = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Size of the file, when known (always for paths, bytes and Blobs). */
  total: number | undefined;
}

export interface DatasetUploadOptions {
  /** CSV, JSON (an array of records) or JSONL; inferred from the file name when omitted. */
  format?: DatasetFormat;
  labelColumn?: string | null;
  split?: SplitInput;
  /** Overrides of inferred column types: `[{ column, type }]` or `{ column: type }`. */
  columnTypes?: ColumnTypeOverride[] | Record<string, ColumnType>;
  /** Preprocessing spec; omitted → inferred defaults. */
  preprocessing?: unknown;
  /** Called as bytes go out (at most every 64 KiB or so) and once at the end. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Size in bytes of a stream source, for `onProgress` totals. */
  size?: number;
  /** File name, for format inference when the source has none (bytes, streams). */
  filename?: string;
}

/** The created version, as the upload endpoint reports it. */
export interface UploadedDatasetVersion {
  id: string;
  datasetId: string;
  version: number;
  format: DatasetFormat;
  rowCount: number;
  byteSize: number;
  sha256: string;
  labelColumn: string | null;
  columns: Array<{ name: string; type: ColumnType }>;
  splits: { train: number; validation: number; test: number };
}

const CHUNK = 64 * 1024;

export function formatFromName(name: string | undefined): DatasetFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name ?? '')?.[1]?.toLowerCase();
  if (ext === 'csv') return 'CSV';
  if (ext === 'json') return 'JSON';
  if (ext === 'jsonl' || ext === 'ndjson') return 'JSONL';
  return undefined;
}

/** The file's name, when the source has one (a path, a File, a Node fs.ReadStream). */
export function sourceName(source: UploadSource): string | undefined {
  if (typeof source === 'string') return source;
  const named = source as { name?: unknown; path?: unknown };
  if (typeof named.name === 'string' && named.name) return named.name;
  if (typeof named.path === 'string') return named.path;
  return undefined;
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

interface NodeFs {
  promises: { stat(path: string): Promise<{ size: number; isFile(): boolean }> };
  createReadStream(path: string, options: { highWaterMark: number }): AsyncIterable<Uint8Array>;
}

async function nodeFs(): Promise<NodeFs> {
  // A variable specifier keeps browser bundlers from trying to resolve node:fs.
  const specifier = 'node:fs';
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as NodeFs;
  } catch {
    throw new ModelGraphError('BAD_USER_INPUT', 'file paths can only be uploaded in Node; pass a Blob or File in the browser');
  }
}

interface Prepared {
  chunks: () => AsyncIterator<Uint8Array | string>;
  total: number | undefined;
  blob?: Blob;
  bytes?: Uint8Array;
}

async function prepare(source: UploadSource, size: number | undefined): Promise<Prepared> {
  if (typeof source === 'string') {
    const fs = await nodeFs();
    let stat: { size: number; isFile(): boolean };
    try {
      stat = await fs.promises.stat(source);
    } catch (error) {
      throw new ModelGraphError('BAD_USER_INPUT', `cannot read ${source}: ${(error as Error).message}`, { extensions: { reason: 'FILE_NOT_READABLE' }, cause: error });
    }
    if (!stat.isFile()) throw new ModelGraphError('BAD_USER_INPUT', `${source} is not a file`, { extensions: { reason: 'FILE_NOT_READABLE' } });
    return { total: stat.size, chunks: () => fs.createReadStream(source, { highWaterMark: CHUNK })[Symbol.asyncIterator]() };
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return {
      total: bytes.byteLength,
      bytes,
      async *chunks() {
        for (let offset = 0; offset < bytes.byteLength; offset += CHUNK) yield bytes.subarray(offset, offset + CHUNK);
      },
    } as Prepared;
  }
  if (isBlob(source)) {
    return { total: source.size, blob: source, chunks: () => iterateStream(source.stream()) };
  }
  if (typeof (source as ReadableStream).getReader === 'function') {
    return { total: size, chunks: () => iterateStream(source as ReadableStream<Uint8Array>) };
  }
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    let total = size;
    const path = (source as { path?: unknown }).path;
    if (total === undefined && typeof path === 'string') {
      // A Node fs.ReadStream: its file's size gives the progress total.
      total = await nodeFs()
        .then((fs) => fs.promises.stat(path))
        .then((s) => s.size)
        .catch(() => undefined);
    }
    return { total, chunks: () => (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]() };
  }
  throw new ModelGraphError('BAD_USER_INPUT', 'uploadDataset needs a file path, bytes, a Blob/File, a ReadableStream or an async iterable');
}

async function* iterateStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function progressReporter(total: number | undefined, onProgress: DatasetUploadOptions['onProgress']) {
  let loaded = 0;
  let reported = -1;
  return {
    add(bytes: number) {
      loaded += bytes;
      if (onProgress && (loaded - reported >= 64 * 1024 || loaded === total)) {
        reported = loaded;
        onProgress({ loaded, total });
      }
    },
    finish() {
      // The last event always carries the total (for streams of unknown size: the bytes sent).
      if (onProgress && (reported !== loaded || total === undefined)) onProgress({ loaded, total: total ?? loaded });
    },
    get loaded() {
      return loaded;
    },
  };
}

function countingStream(iterator: AsyncIterator<Uint8Array | string>, progress: ReturnType<typeof progressReporter>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) {
          controller.close();
          return;
        }
        const bytes = typeof value === 'string' ? encoder.encode(value) : value;
        progress.add(bytes.byteLength);
        controller.enqueue(bytes);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

export function uploadQuery(options: DatasetUploadOptions, format: DatasetFormat): string {
  const params = new URLSearchParams({ format });
  if (options.labelColumn) params.set('labelColumn', options.labelColumn);
  const extra: Record<string, unknown> = {};
  if (options.split) extra.split = options.split;
  if (options.columnTypes) {
    extra.columnTypes = Array.isArray(options.columnTypes)
      ? options.columnTypes
      : Object.entries(options.columnTypes).map(([column, type]) => ({ column, type }));
  }
  if (options.preprocessing !== undefined) extra.preprocessing = options.preprocessing;
  if (Object.keys(extra).length > 0) params.set('options', JSON.stringify(extra));
  return params.toString();
}

export interface UploadTarget {
  baseUrl: string;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  /** The caller's fetch; when set, it is used even in browsers. */
  customFetch: FetchLike | undefined;
  fetch: FetchLike;
}

export async function uploadDatasetVersion(
  target: UploadTarget,
  datasetId: string,
  source: UploadSource,
  options: DatasetUploadOptions = {},
): Promise<UploadedDatasetVersion> {
  const name = options.filename ?? sourceName(source);
  const format = options.format ?? formatFromName(name);
  if (!format) {
    throw new ModelGraphError('BAD_USER_INPUT', `cannot tell the format of ${name ?? 'the upload'}; pass format: CSV, JSON or JSONL`, {
      extensions: { field: 'format', reason: 'FORMAT_REQUIRED' },
    });
  }
  const url = `${target.baseUrl}/upload/datasets/${encodeURIComponent(datasetId)}/versions?${uploadQuery(options, format)}`;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...target.headers };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const prepared = await prepare(source, options.size);
  const progress = progressReporter(prepared.total, options.onProgress);

  let result: { status: number; text: string };
  if (!target.customFetch && typeof XMLHttpRequest === 'function' && (prepared.blob || prepared.bytes)) {
    result = await xhrUpload(url, headers, prepared.blob ?? new Blob([prepared.bytes as Uint8Array<ArrayBuffer>]), progress, options.signal);
  } else {
    const body = countingStream(prepared.chunks(), progress);
    // No content-length: a server refusing the size up front would close the socket mid-body,
    // which fetch reports as EPIPE rather than the server's 413 answer.
    let response: Response;
    try {
      response = await target.fetch(url, { method: 'POST', headers, body, duplex: 'half', ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      const failure = networkError(error, url);
      if (failure.code === 'NETWORK_ERROR' && progress.loaded > 0) {
        // The server hung up mid-upload: most often because the file is over its upload limit.
        throw new ModelGraphError('NETWORK_ERROR', `${failure.message} (the server closed the connection after ${progress.loaded} bytes of the upload; is the file over its upload limit?)`, {
          extensions: failure.extensions,
          cause: error,
        });
      }
      throw failure;
    }
    result = { status: response.status, text: await response.text().catch(() => '') };
  }
  if (result.status !== 201) throw responseError(result.status, result.text);
  progress.finish();
  const parsed = JSON.parse(result.text) as { data: { datasetVersion: UploadedDatasetVersion } };
  return parsed.data.datasetVersion;
}

function xhrUpload(
  url: string,
  headers: Record<string, string>,
  body: Blob,
  progress: ReturnType<typeof progressReporter>,
  signal: AbortSignal | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [key, value] of Object.entries(headers)) if (key !== 'content-length') xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (event) => progress.add(event.loaded - progress.loaded);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(networkError(new Error('the upload failed'), url));
    xhr.onabort = () => reject(new ModelGraphError('ABORTED', 'the upload was aborted'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
