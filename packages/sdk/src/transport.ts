// GraphQL over HTTP (POST JSON) with the API key, mapping every failure to a ModelGraphError.
import { ModelGraphError, type GraphQLErrorPayload } from './errors.ts';

/** Anything that carries a GraphQL document: a generated TypedDocumentString, or plain text. */
export interface DocumentLike<TResult = unknown, TVariables = unknown> {
  toString(): string;
  /** Phantom types of generated documents; never set at run time. */
  __apiType?: (variables: TVariables) => TResult;
}

export type FetchLike = (input: string, init?: RequestInit & { duplex?: 'half' }) => Promise<Response>;

export interface Endpoints {
  /** http(s)://host/graphql */
  graphql: string;
  /** ws(s)://host/graphql */
  ws: string;
  /** http(s)://host (the upload routes hang off it) */
  base: string;
}

/** Accepts the server's base URL or its /graphql URL. */
export function endpoints(url: string): Endpoints {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModelGraphError('BAD_USER_INPUT', `not a URL: ${JSON.stringify(url)}`, { extensions: { field: 'url' } });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ModelGraphError('BAD_USER_INPUT', `the URL must be http(s): ${url}`, { extensions: { field: 'url' } });
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  const basePath = path.endsWith('/graphql') ? path.slice(0, -'/graphql'.length) : path;
  const base = `${parsed.protocol}//${parsed.host}${basePath}`;
  return {
    base,
    graphql: `${base}/graphql`,
    ws: `${base.replace(/^http/, 'ws')}/graphql`,
  };
}

export function operationName(query: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

export function networkError(error: unknown, url: string): ModelGraphError {
  if (isAbort(error)) return new ModelGraphError('ABORTED', 'the request was aborted', { cause: error });
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new ModelGraphError('NETWORK_ERROR', `could not reach ${url}: ${detail}`, { cause: error, extensions: { url } });
}

export function isAbort(error: unknown): boolean {
  return (error as { name?: string })?.name === 'AbortError';
}

/** Turns a non-2xx (or non-GraphQL) response body into a ModelGraphError. */
export function responseError(status: number, text: string): ModelGraphError {
  let body: { errors?: GraphQLErrorPayload[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (body && Array.isArray(body.errors) && body.errors.length > 0) return ModelGraphError.fromGraphQLErrors(body.errors, { status });
  if (status === 401) return new ModelGraphError('UNAUTHENTICATED', 'the API key was refused', { status });
  if (status === 403) return new ModelGraphError('FORBIDDEN', 'the API key may not do this', { status });
  if (status === 404) return new ModelGraphError('NOT_FOUND', 'no such route on the server (is the URL right?)', { status });
  if (status === 413) return new ModelGraphError('PAYLOAD_TOO_LARGE', 'the request is too large', { status });
  if (status === 429) return new ModelGraphError('RATE_LIMITED', 'too many requests', { status });
  if (status === 503) return new ModelGraphError('SERVICE_UNAVAILABLE', 'the service is unavailable', { status });
  return new ModelGraphError('HTTP_ERROR', `unexpected HTTP ${status} response`, { status, extensions: { status, body: text.slice(0, 500) } });
}

export interface HttpTransportOptions {
  url: string;
  apiKey?: string | undefined;
  fetch: FetchLike;
  headers?: Record<string, string> | undefined;
}

export async function postGraphQL<TResult, TVariables>(
  opts: HttpTransportOptions,
  document: DocumentLike<TResult, TVariables> | string,
  variables: TVariables | undefined,
  signal?: AbortSignal,
): Promise<TResult> {
  const query = document.toString();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...opts.headers };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  let response: Response;
  try {
    response = await opts.fetch(opts.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables ?? undefined, operationName: operationName(query) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw networkError(error, opts.url);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, opts.url);
  }
  let body: { data?: TResult | null; errors?: GraphQLErrorPayload[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw responseError(response.status, text);
  }
  if (body?.errors?.length) throw ModelGraphError.fromGraphQLErrors(body.errors, { status: response.status, data: body.data });
  if (!response.ok || !body || body.data == null) throw responseError(response.status, text);
  return body.data;
}
