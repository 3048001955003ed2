// A tiny GraphQL-over-HTTP client for the public API: POST /graphql with the API key as a bearer token.
// Every API error carries `extensions.code` (ErrorCode in schema/common.graphql); it is kept on ApiError.

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: GraphQLErrorShape[];
  /** Whatever data came with the errors (partial results). */
  readonly data: unknown;

  constructor(errors: GraphQLErrorShape[], status: number, data: unknown = null) {
    const first = errors[0];
    super(first?.message ?? `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.code = first?.extensions?.code ?? (status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR');
    this.status = status;
    this.errors = errors;
    this.data = data;
  }

  get extensions(): Record<string, unknown> {
    return this.errors[0]?.extensions ?? {};
  }
}

/** A network failure (server down, offline): no GraphQL answer at all. */
export class NetworkError extends Error {
  readonly code = 'NETWORK_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export function graphqlUrl(): string {
  return new URL('/graphql', window.location.origin).toString();
}

export function websocketUrl(): string {
  const url = new URL('/graphql', window.location.origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export async function request<T>(key: string, query: string, variables?: Record<string, unknown>, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(graphqlUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(variables ? { query, variables } : { query }),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    throw new NetworkError('Cannot reach the ModelGraph API. Is the gateway running?');
  }
  let body: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError([{ message: `The API answered ${res.status} without JSON`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], res.status);
  }
  if (body.errors?.length) throw new ApiError(body.errors, res.status, body.data ?? null);
  if (!res.ok || body.data == null) {
    throw new ApiError([{ message: `The API answered ${res.status}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], res.status);
  }
  return body.data;
}

/** A short, human explanation for an error, with its code. */
export function describeError(error: unknown): { message: string; code?: string } {
  if (error instanceof ApiError) return { message: error.message, code: error.code };
  if (error instanceof NetworkError) return { message: error.message, code: error.code };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}
