/**
 * Typed export errors. Every failure the caller can cause carries a stable `code`; layer problems
 * also carry the layer's `layer` name and tfjs `className` so the API layer can point at it.
 */

export type OnnxExportErrorCode =
  /** The model contains a layer class this exporter cannot translate. */
  | 'UNSUPPORTED_LAYER'
  /** A supported layer uses an option (activation, padding mode, stateful, …) that cannot be translated. */
  | 'UNSUPPORTED_CONFIG'
  /** The model is not a single-input, single-output linear chain, or its shapes are not usable. */
  | 'UNSUPPORTED_TOPOLOGY'
  /** The export options are inconsistent with each other or with the model. */
  | 'INVALID_OPTIONS';

export interface OnnxExportErrorDetails {
  layer?: string;
  className?: string;
  cause?: unknown;
}

export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
  readonly code: OnnxExportErrorCode;
  /** The tfjs layer name (`layer.name`), when the problem is in one layer. */
  readonly layer?: string;
  /** The tfjs class name (`layer.getClassName()`), when the problem is in one layer. */
  readonly className?: string;

  constructor(code: OnnxExportErrorCode, message: string, details: OnnxExportErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.layer !== undefined) this.layer = details.layer;
    if (details.className !== undefined) this.className = details.className;
  }
}

export function isOnnxExportError(e: unknown): e is OnnxExportError {
  return e instanceof OnnxExportError;
}
