// Streaming dataset upload: POST /upload/datasets/{datasetId}/versions?format=CSV&labelColumn=…
// The body is the raw file; it is never held in memory. Answers in the GraphQL error shape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { ServiceContext } from '../services/context.ts';
import { createDatasetVersion, type VersionOptionsInput } from '../services/datasets/index.ts';
import { AppError } from '../errors.ts';
import { MAX_IMPORT_BYTES, importOnnxModel, type ImportOnnxInput } from '../services/import.ts';
import { BodyTooLargeError, cutOffIfStillSending, readBody } from './body.ts';

export const UPLOAD_ROUTE = /^\/upload\/datasets\/([^/]+)\/versions\/?$/;

const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
};

function parseOptions(url: URL): VersionOptionsInput {
  let extra: Record<string, unknown> = {};
  const json = url.searchParams.get('options');
  if (json) {
    try {
      extra = JSON.parse(json) as Record<string, unknown>;
    } catch {
      throw new AppError('BAD_USER_INPUT', '`options` must be JSON: {"split": …, "columnTypes": […], "preprocessing": …}', { field: 'options' });
    }
    if (!extra || typeof extra !== 'object' || Array.isArray(extra)) {
      throw new AppError('BAD_USER_INPUT', '`options` must be a JSON object', { field: 'options' });
    }
  }
  const format = (url.searchParams.get('format') ?? '').toUpperCase();
  return {
    ...(extra as object),
    format: format as VersionOptionsInput['format'],
    labelColumn: url.searchParams.get('labelColumn') ?? (extra.labelColumn as string | undefined) ?? null,
  };
}

/** Sends the outcome; returns the status. Never throws for expected errors. */
export async function handleDatasetUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  services: ServiceContext,
  datasetId: string,
): Promise<{ status: number; body: unknown }> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return { status: 405, body: { errors: [{ message: 'Use POST with the file as the request body', extensions: { code: 'BAD_REQUEST' } }] } };
  }
  const declared = Number(req.headers['content-length']);
  const limit = services.platform.maxUploadBytes;
  try {
    if (Number.isFinite(declared) && declared > limit) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the file is ${declared} bytes; the limit is ${limit} bytes`, { reason: 'TOO_LARGE' });
    }
    const version = await createDatasetVersion(services, datasetId, req, parseOptions(url));
    return {
      status: 201,
      body: {
        data: {
          datasetVersion: {
            id: version.id,
            datasetId: version.datasetId,
            version: version.version,
            format: version.format,
            rowCount: version.rowCount,
            byteSize: Number(version.byteSize),
            sha256: version.sha256,
            labelColumn: version.labelColumn,
            columns: version.columnsInfo.columns.map((c) => ({ name: c.name, type: c.type.toUpperCase() })),
            splits: version.splitInfo.counts,
          },
        },
      },
    };
  } catch (error) {
    if (!(error instanceof GraphQLError) || typeof error.extensions.code !== 'string' || !(error.extensions.code in STATUS_BY_CODE)) throw error;
    // Stop reading the rest of an upload we have refused; cut off a client that keeps sending.
    // Only this request's socket, only while its body is still arriving: once it has ended, the
    // keep-alive socket may already carry the client's next request.
    req.unpipe();
    req.resume();
    cutOffIfStillSending(req);
    const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
    return {
      status: STATUS_BY_CODE[error.extensions.code]!,
      body: { errors: [{ message: error.message, extensions }] },
    };
  }
}

export const MODEL_IMPORT_ROUTE = /^\/upload\/models\/?$/;

/** POST /upload/models?name=…&task=…&signature=<json { inputs, outputs, labels }>: imports an ONNX file. */
export async function handleModelImport(req: IncomingMessage, url: URL, services: ServiceContext): Promise<{ status: number; body: unknown }> {
  if (req.method !== 'POST') {
    return { status: 405, body: { errors: [{ message: 'Use POST with the ONNX file as the request body', extensions: { code: 'BAD_REQUEST' } }] } };
  }
  try {
    let signature: Record<string, unknown> = {};
    try {
      signature = JSON.parse(url.searchParams.get('signature') ?? '{}') as Record<string, unknown>;
    } catch {
      throw new AppError('BAD_USER_INPUT', '`signature` must be JSON: {"inputs": […], "outputs": […], "labels": […]}', { field: 'signature' });
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(req, MAX_IMPORT_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new AppError('PAYLOAD_TOO_LARGE', error.message, { reason: 'TOO_LARGE' });
      throw error;
    }
    const { model, version } = await importOnnxModel(
      services,
      { ...(signature as object), name: url.searchParams.get('name') ?? '', task: (url.searchParams.get('task') ?? '') as 'REGRESSION' } as ImportOnnxInput,
      new Uint8Array(bytes),
    );
    return { status: 201, body: { data: { model: { id: model.id, name: model.name }, modelVersion: { id: version.id, version: version.version, sha256: version.onnxSha256 } } } };
  } catch (error) {
    if (!(error instanceof GraphQLError) || typeof error.extensions.code !== 'string' || !(error.extensions.code in STATUS_BY_CODE)) throw error;
    const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
    return { status: STATUS_BY_CODE[error.extensions.code]!, body: { errors: [{ message: error.message, extensions }] } };
  }
}
