import type ortModule from 'onnxruntime-node';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

export declare const ort: typeof ortModule;

/** A tensor in a structured-clone friendly form (messages to/from worker threads). */
export interface RawTensor {
  type: Tensor.Type;
  dims: number[];
  data: Tensor.DataType;
}

export interface ValueDescription {
  name: string;
  isTensor: boolean;
  /** null for non-tensor values. */
  type: Tensor.Type | null;
  /** null = symbolic or unknown dim. */
  shape: (number | null)[];
}

export declare function describeValues(metadata: readonly InferenceSession.ValueMetadata[]): ValueDescription[];
export declare function dummyFeeds(inputMetadata: readonly InferenceSession.ValueMetadata[]): Record<string, Tensor>;
export declare function toOrtTensor(raw: RawTensor): Tensor;
export declare function fromOrtTensor(t: Tensor): RawTensor;
export declare function transferables(raws: Record<string, RawTensor>): ArrayBuffer[];
export declare function createSession(bytes: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
export interface LoadedSession {
  session: InferenceSession;
  inputs: ValueDescription[];
  outputs: ValueDescription[];
  /** null when not warmed up (disabled or failed). */
  warmupMs: number | null;
  warmupError: string | null;
}
export declare function loadSession(bytes: Uint8Array, options: InferenceSession.SessionOptions | undefined, warmup: boolean): Promise<LoadedSession>;
export declare function runRaw(session: InferenceSession, feeds: Record<string, RawTensor>): Promise<Record<string, RawTensor>>;
