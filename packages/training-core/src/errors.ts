/**
 * Typed errors. Messages are safe to show to the tenant (no stack traces, no internals), so the
 * worker can store `message` as the run's failure reason verbatim.
 */

export interface SpecIssue {
  /** Dotted path into the model spec, e.g. `architecture.layers[2].kernelSize`. */
  path: string;
  message: string;
}

/** The model definition is invalid (schema, or shapes that do not chain for this dataset). */
export class ModelSpecError extends Error {
  override readonly name = 'ModelSpecError';
  readonly code = 'INVALID_MODEL_SPEC' as const;
  /** Path of the first problem (`''` = the spec as a whole). */
  readonly path: string;
  /** Every problem found; the first is the one in `path` / `message`. */
  readonly issues: SpecIssue[];

  constructor(path: string, message: string, issues?: SpecIssue[]) {
    super(message);
    this.path = path;
    this.issues = issues && issues.length > 0 ? issues : [{ path, message }];
  }

  toJSON(): { code: 'INVALID_MODEL_SPEC'; path: string; message: string; issues: SpecIssue[] } {
    return { code: this.code, path: this.path, message: this.message, issues: this.issues };
  }
}

export type TrainingFailureKind = 'NAN_LOSS' | 'OUT_OF_MEMORY' | 'INVALID_DATA' | 'INVALID_MODEL' | 'BACKEND' | 'INTERNAL';

/** A run that cannot finish: the message is the failure reason to record. */
export class TrainingFailedError extends Error {
  override readonly name = 'TrainingFailedError';
  readonly code = 'TRAINING_FAILED' as const;
  readonly kind: TrainingFailureKind;
  /** 1-based epoch in which it failed, when training had started. */
  readonly epoch?: number;

  constructor(message: string, opts: { kind?: TrainingFailureKind; epoch?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.kind = opts.kind ?? 'INTERNAL';
    if (opts.epoch !== undefined) this.epoch = opts.epoch;
  }

  toJSON(): { code: 'TRAINING_FAILED'; kind: TrainingFailureKind; message: string; epoch?: number } {
    return { code: this.code, kind: this.kind, message: this.message, ...(this.epoch !== undefined && { epoch: this.epoch }) };
  }
}

/** `shouldStop` returned true; the partially trained model has been disposed. */
export class RunCancelledError extends Error {
  override readonly name = 'RunCancelledError';
  readonly code = 'RUN_CANCELLED' as const;
  /** Epochs fully completed (and reported) before the stop. */
  readonly epochsCompleted: number;

  constructor(epochsCompleted: number) {
    super(`run cancelled after ${epochsCompleted} completed epoch${epochsCompleted === 1 ? '' : 's'}`);
    this.epochsCompleted = epochsCompleted;
  }
}
