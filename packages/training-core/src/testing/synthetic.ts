/** Small deterministic synthetic datasets for the tests (not exported from the package). */
import { createPrng } from '../random.ts';
import type { DataSplit } from '../train.ts';

export interface Synthetic {
  featureShape: number[];
  train: DataSplit;
  validation: DataSplit;
  test: DataSplit;
}

function rng(seed: number) {
  const p = createPrng(seed);
  const uniform = () => p.nextUint32() / 0x1_0000_0000;
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal, int: (n: number) => p.nextInt(n) };
}

/** Splits n generated examples 60/20/20. */
function split(featureShape: number[], n: number, make: (i: number, x: Float32Array) => number, labelsInt = false): Synthetic {
  const row = featureShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * row);
  const y = labelsInt ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = make(i, x.subarray(i * row, (i + 1) * row));
  const cut = (from: number, to: number): DataSplit => ({ x: x.slice(from * row, to * row), y: y.slice(from, to), n: to - from });
  const a = Math.floor(n * 0.6);
  const b = Math.floor(n * 0.8);
  return { featureShape, train: cut(0, a), validation: cut(a, b), test: cut(b, n) };
}

/** y = w·x + 0.5 + noise(0.05), x ~ N(0, 1). */
export function linearRegression(n = 300, d = 4, seed = 1): Synthetic {
  const r = rng(seed);
  const w = Array.from({ length: d }, (_, j) => (j % 2 ? -1 : 1) * (0.5 + j * 0.25));
  return split([d], n, (_, x) => {
    let t = 0.5;
    for (let j = 0; j < d; j++) t += w[j]! * (x[j] = r.normal());
    return t + 0.05 * r.normal();
  });
}

/** Two Gaussian blobs at ±1.5 on every axis. */
export function blobs(classes: number, n = 300, d = 2, seed = 2): Synthetic {
  const r = rng(seed);
  return split(
    [d],
    n,
    (_, x) => {
      const c = r.int(classes);
      for (let j = 0; j < d; j++) {
        const angle = (2 * Math.PI * c) / classes + j * (Math.PI / 2);
        x[j] = 2 * Math.cos(angle) + 0.4 * r.normal();
      }
      return c;
    },
    true,
  );
}

/** Token sequences: class 0 uses ids 2..6, class 1 ids 7..11 (vocab 12, 0 = padding, 1 = OOV). */
export function tokenSequences(n = 160, length = 6, seed = 3): Synthetic & { vocabSize: number } {
  const r = rng(seed);
  const data = split(
    [length],
    n,
    (_, x) => {
      const c = r.int(2);
      for (let t = 0; t < length; t++) x[t] = (c === 0 ? 2 : 7) + r.int(5);
      return c;
    },
    true,
  );
  return { ...data, vocabSize: 12 };
}

/** 8x8x1 noise images with a bright 3x3 square in the top-left (class 0) or bottom-right (class 1) corner. */
export function cornerImages(n = 120, size = 8, seed = 4): Synthetic {
  const r = rng(seed);
  return split(
    [size, size, 1],
    n,
    (_, x) => {
      const c = r.int(2);
      for (let i = 0; i < x.length; i++) x[i] = 0.2 * r.uniform();
      const o = c === 0 ? 0 : size - 3;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) x[(o + i) * size + (o + j)] = 1;
      return c;
    },
    true,
  );
}
