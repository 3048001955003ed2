/**
 * The slice of the tfjs-layers object model the exporter reads. A real `tf.LayersModel` (from
 * `@tensorflow/tfjs` 4.x) satisfies these interfaces structurally; the package itself never imports
 * tfjs at runtime and does no I/O.
 */

/** A tfjs `Tensor` as far as we read it. */
export interface TensorLike {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number>;
}

/** A tfjs `LayerVariable` (only its names are read). */
export interface LayerVariableLike {
  readonly name: string;
  readonly originalName?: string;
}

export interface SymbolicTensorLike {
  readonly shape: ReadonlyArray<number | null>;
  readonly name?: string;
  readonly dtype?: string;
}

export interface NodeLike {
  readonly inboundLayers: readonly LayerLike[];
}

export interface LayerLike {
  readonly name: string;
  getClassName(): string;
  getConfig(): object;
  getWeights(): TensorLike[];
  readonly weights?: readonly LayerVariableLike[];
  readonly inboundNodes?: readonly NodeLike[];
  readonly outputShape?: unknown;
  /** Present when the "layer" is itself a model (a nested Sequential / functional model). */
  readonly layers?: readonly LayerLike[];
}

/** What `exportToOnnx` needs from a `tf.LayersModel` / `tf.Sequential`. */
export interface LayersModelLike extends LayerLike {
  readonly layers: readonly LayerLike[];
  readonly inputs: readonly SymbolicTensorLike[];
  readonly outputs: readonly SymbolicTensorLike[];
  readonly outputLayers?: readonly LayerLike[];
}
