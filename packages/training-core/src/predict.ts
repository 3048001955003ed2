import type * as TfNs from '@tensorflow/tfjs';
import type { Tf } from './build.ts';
import { evaluateClassification, evaluateRegression, type Evaluation } from './evaluate.ts';
import type { ResolvedModel } from './validate.ts';

/**
 * Runs the model on `n` examples (`x` = n * prod(featureShape) values, row-major) and returns the
 * outputs flat: n values for regression / binary (the probability of class 1), n * numClasses
 * probabilities for multiclass. All tensors are disposed.
 */
export function predictBatch(tf: Tf, model: TfNs.LayersModel, x: Float32Array, n: number, featureShape: readonly number[], batchSize = 256): Float32Array {
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

/**
 * Test-split evaluation of a trained model: regression → MSE/MAE/R², classification → accuracy,
 * per-class precision/recall/F1, confusion matrix (and ROC-AUC for binary). `split.y` as for training
 * (values, 0/1, or class indices).
 */
export function evaluateModel(
  tf: Tf,
  model: TfNs.LayersModel,
  resolved: Pick<ResolvedModel, 'task' | 'featureShape' | 'numClasses'>,
  split: { x: Float32Array; y: ArrayLike<number>; n: number },
  labels?: readonly string[],
): Evaluation {
  const out = predictBatch(tf, model, split.x, split.n, resolved.featureShape);
  if (resolved.task === 'REGRESSION') return evaluateRegression(split.y, out);
  let y = split.y;
  const k = resolved.numClasses ?? 2;
  if (resolved.task === 'MULTICLASS' && y.length === split.n * k && k !== 1) {
    // One-hot labels → indices.
    const idx = new Int32Array(split.n);
    for (let i = 0; i < split.n; i++) for (let c = 0; c < k; c++) if (y[i * k + c] === 1) idx[i] = c;
    y = idx;
  }
  return evaluateClassification(y, out, k, labels);
}
