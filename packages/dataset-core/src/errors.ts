/**
 * Typed errors for dataset ingest. Every error a user can cause carries a stable
 * `code` (for the API layer to map to GraphQL error extensions) and, where it is
 * known, the 1-based `line` and/or the `column` so the message can point at the problem.
 */

export type DatasetErrorCode =
  | 'EMPTY_FILE'
  | 'RAGGED_ROW'
  | 'INVALID_ENCODING'
  | 'PARSE_ERROR'
  | 'TOO_LARGE'
  | 'UNKNOWN_COLUMN'
  | 'CONSTANT_COLUMN'
  | 'EMPTY_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'INVALID_LABEL'
  | 'INVALID_OVERRIDE'
  | 'INVALID_VALUE'
  | 'INVALID_SPEC';

export interface DatasetInputErrorDetails {
  line?: number;
  column?: string;
  /** Byte offset into the raw input (encoding errors). */
  byteOffset?: number;
  cause?: unknown;
}

/** A problem with user-supplied data or configuration; safe to show to the user. */
export class DatasetInputError extends Error {
  override readonly name = 'DatasetInputError';
  readonly code: DatasetErrorCode;
  readonly line?: number;
  readonly column?: string;
  readonly byteOffset?: number;

  constructor(code: DatasetErrorCode, message: string, details: DatasetInputErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.byteOffset !== undefined) this.byteOffset = details.byteOffset;
  }

  /** Plain object for logs / GraphQL error extensions. */
  toJSON(): { code: DatasetErrorCode; message: string; line?: number; column?: string; byteOffset?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.line !== undefined && { line: this.line }),
      ...(this.column !== undefined && { column: this.column }),
      ...(this.byteOffset !== undefined && { byteOffset: this.byteOffset }),
    };
  }
}

export type EncryptionErrorCode = 'BAD_KEY' | 'BAD_HEADER' | 'UNSUPPORTED_VERSION' | 'TRUNCATED' | 'AUTH_FAILED';

/** Encrypted blob could not be decrypted: wrong key, tampering, truncation or not our format. */
export class EncryptionError extends Error {
  override readonly name = 'EncryptionError';
  readonly code: EncryptionErrorCode;

  constructor(code: EncryptionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isDatasetInputError(err: unknown): err is DatasetInputError {
  return err instanceof DatasetInputError;
}
