// Errors the SDK throws. Every failure — a GraphQL error, a refused upload, a dropped connection —
// is a ModelGraphError whose `code` is the server's `extensions.code` (see ErrorCode in
// schema/common.graphql) or one of the client-side codes below.
import type { ErrorCode } from './generated/enums.ts';

/** Failures detected by the client, not reported by the server. */
export type ClientErrorCode =
  /** The server could not be reached (refused, reset, DNS, TLS). */
  | 'NETWORK_ERROR'
  /** The server answered with something that is not a GraphQL response. */
  | 'HTTP_ERROR'
  /** The caller aborted the request (AbortSignal). */
  | 'ABORTED'
  /** A subscription's connection closed and could not be resumed. */
  | 'SUBSCRIPTION_CLOSED';

export type ModelGraphErrorCode = ErrorCode | ClientErrorCode;

/** Extra `extensions` fields the API documents for some codes; all are optional. */
export interface ErrorExtensionsByCode {
  BAD_USER_INPUT: {
    /** Machine-readable cause, e.g. PARSE_ERROR, INVALID_MODEL_SPEC. */
    reason?: string;
    /** The input field at fault. */
    field?: string;
    /** Where a dataset file failed to parse (1-based). */
    line?: number;
    column?: number;
  };
  NOT_FOUND: { type?: string; id?: string };
  CONFLICT: { reason?: string };
  GATE_FAILED: { metric?: string; op?: string; actual?: number | null; required?: number; version?: number };
  RATE_LIMITED: { retryAfterMs?: number };
  PAYLOAD_TOO_LARGE: { reason?: string };
  HTTP_ERROR: { status?: number; body?: string };
  SUBSCRIPTION_CLOSED: { closeCode?: number; closeReason?: string };
}

export type ErrorExtensions<C extends ModelGraphErrorCode = ModelGraphErrorCode> = { code: C } & (C extends keyof ErrorExtensionsByCode
  ? ErrorExtensionsByCode[C]
  : unknown) & { [key: string]: unknown };

/** One error as the server sent it. */
export interface GraphQLErrorPayload {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

export interface ModelGraphErrorOptions<C extends ModelGraphErrorCode> {
  extensions?: Omit<ErrorExtensions<C>, 'code'> | Record<string, unknown>;
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** Every error of the response (the first one names this error). */
  errors?: GraphQLErrorPayload[];
  /** Partial data returned alongside the errors, if any. */
  data?: unknown;
  cause?: unknown;
}

export class ModelGraphError<C extends ModelGraphErrorCode = ModelGraphErrorCode> extends Error {
  override readonly name = 'ModelGraphError';
  readonly code: C;
  readonly extensions: ErrorExtensions<C>;
  readonly status: number | undefined;
  readonly errors: GraphQLErrorPayload[];
  readonly path: ReadonlyArray<string | number> | undefined;
  readonly data: unknown;

  constructor(code: C, message: string, options: ModelGraphErrorOptions<C> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.extensions = { ...(options.extensions ?? {}), code } as ErrorExtensions<C>;
    this.status = options.status;
    this.errors = options.errors ?? [{ message, extensions: this.extensions }];
    this.path = this.errors[0]?.path;
    this.data = options.data;
  }

  /** Narrows this error to one code: `if (err.is('GATE_FAILED')) err.extensions.metric`. */
  is<K extends C>(code: K): this is ModelGraphError<K> {
    return (this.code as string) === code;
  }

  /** Builds the error for a GraphQL response's `errors` array. */
  static fromGraphQLErrors(errors: GraphQLErrorPayload[], extra: { status?: number; data?: unknown } = {}): ModelGraphError {
    const first = errors[0] ?? { message: 'Unknown error' };
    const code = typeof first.extensions?.code === 'string' ? (first.extensions.code as ModelGraphErrorCode) : 'INTERNAL_SERVER_ERROR';
    const message = errors.length > 1 ? `${first.message} (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : first.message;
    return new ModelGraphError(code, message, { extensions: first.extensions ?? {}, errors, ...extra });
  }
}

/** A ModelGraphError narrowed by its code: `switch (err.code)` narrows `err.extensions`. */
export type AnyModelGraphError = { [C in ModelGraphErrorCode]: ModelGraphError<C> }[ModelGraphErrorCode];

/**
 * Type guard for errors thrown by the SDK, optionally of given codes:
 * `if (isModelGraphError(err, 'NOT_FOUND')) …`.
 */
export function isModelGraphError(error: unknown): error is AnyModelGraphError;
export function isModelGraphError<C extends ModelGraphErrorCode>(error: unknown, ...codes: C[]): error is ModelGraphError<C>;
export function isModelGraphError(error: unknown, ...codes: ModelGraphErrorCode[]): boolean {
  if (!(error instanceof ModelGraphError)) return false;
  return codes.length === 0 || codes.includes(error.code);
}
