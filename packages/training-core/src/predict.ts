import type * as TfNs from '@tensorflow/tfjs';
import type { Tf } from './build.ts';

/**
 * Runs the model on `n` examples (`x` = n * prod(featureShape) values, row-major) and returns the
 * outputs flat: n values for regression / binary (the probability of class 1), n * numClasses
 * probabilities for multiclass. All tensors are disposed.
 */
export function predictBatch(tf: Tf, model: TfNs.LayersModel, x: Float32Array, n: number, featureShape: number[], batchSize = 256): Float32Array {
  const rowSize = featureShape.reduce((a, b) => a * b, 1);
  if (x.length !== n * rowSize) throw new Error(`x has ${x.length} values, expected ${n} * ${rowSize}`);
  if (n === 0) return new Float32Array(0);
  const out = tf.tidy(() => {
    const input = tf.tensor(x, [n, ...featureShape]);
    return model.predict(input, { batchSize }) as TfNs.Tensor;
  });
  try {
    // The cpu and wasm backends return a fresh copy; keep it a Float32Array whatever the output dtype.
    const data = out.dataSync();
    return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  } finally {
    out.dispose();
  }
}
