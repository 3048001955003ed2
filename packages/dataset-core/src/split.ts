/**
 * Seeded train/validation/test assignment. Same rowCount + fractions + seed (+ labels in the same
 * row order) always gives the same assignment, so a split can be stored compactly or re-derived.
 */
import { DatasetInputError } from './errors.ts';
import { createPrng } from './random.ts';

export const SPLIT_TRAIN = 0;
export const SPLIT_VALIDATION = 1;
export const SPLIT_TEST = 2;
export type SplitId = typeof SPLIT_TRAIN | typeof SPLIT_VALIDATION | typeof SPLIT_TEST;

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export interface AssignSplitsOptions {
  rowCount: number;
  fractions: SplitFractions;
  /** Any safe integer. */
  seed: number;
  /** Class label per row (null = missing) to stratify on; length must equal rowCount. */
  stratifyBy?: readonly (string | null)[];
}

export type SplitCounts = { train: number; validation: number; test: number };

/** Validates fractions: each finite and >= 0, train > 0, sum 1 (± 1e-9). Throws `INVALID_SPEC`. */
export function validateSplitFractions(f: SplitFractions): SplitFractions {
  const parts = [f?.train, f?.validation, f?.test];
  if (parts.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < 0)) {
    throw new DatasetInputError('INVALID_SPEC', `split fractions must be numbers >= 0, got train=${f?.train}, validation=${f?.validation}, test=${f?.test}`);
  }
  if (!(f.train > 0)) throw new DatasetInputError('INVALID_SPEC', 'the training fraction must be greater than 0');
  const sum = f.train + f.validation + f.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new DatasetInputError('INVALID_SPEC', `split fractions must add up to 1, got ${+sum.toFixed(12)}`);
  }
  return { train: f.train, validation: f.validation, test: f.test };
}

/**
 * Assigns each row to 0 = train, 1 = validation, 2 = test.
 *
 * Rows are grouped by stratum (sorted class keys, missing labels last), shuffled within each
 * stratum with a seeded PRNG, then dealt in order to whichever split is furthest below its target
 * share. That keeps overall counts within one row of `fraction * rowCount` and each class close to
 * the fractions too, while a class's first row always goes to train so every class is learnable.
 */
export function assignSplits(opts: AssignSplitsOptions): Uint8Array {
  const { rowCount, seed, stratifyBy } = opts;
  const fractions = validateSplitFractions(opts.fractions);
  if (!Number.isSafeInteger(rowCount) || rowCount < 0) {
    throw new DatasetInputError('INVALID_SPEC', `rowCount must be a non-negative integer, got ${rowCount}`);
  }
  if (!Number.isSafeInteger(seed)) throw new DatasetInputError('INVALID_SPEC', `seed must be an integer, got ${seed}`);
  if (stratifyBy && stratifyBy.length !== rowCount) {
    throw new DatasetInputError('INVALID_SPEC', `stratifyBy has ${stratifyBy.length} labels but there are ${rowCount} rows`);
  }

  // Counting sort of row indices by stratum.
  const strata = new Int32Array(rowCount);
  const starts: number[] = [];
  if (stratifyBy) {
    const keys = new Map<string | null, number>();
    for (const k of stratifyBy) if (!keys.has(k)) keys.set(k, keys.size);
    const ordered = [...keys.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
    const rank = new Map(ordered.map((k, i) => [k, i] as const));
    const sizes = new Array<number>(ordered.length).fill(0);
    for (let i = 0; i < rowCount; i++) {
      const r = rank.get(stratifyBy[i]!)!;
      strata[i] = r;
      sizes[r]!++;
    }
    let acc = 0;
    for (const s of sizes) {
      starts.push(acc);
      acc += s;
    }
  } else {
    starts.push(0);
  }
  const order = new Uint32Array(rowCount);
  const fill = [...starts];
  for (let i = 0; i < rowCount; i++) order[fill[strata[i]!]!++] = i;

  // Fisher-Yates within each stratum.
  const prng = createPrng(seed);
  const bounds = [...starts, rowCount];
  for (let s = 0; s < starts.length; s++) {
    const lo = bounds[s]!;
    for (let i = bounds[s + 1]! - 1; i > lo; i--) {
      const j = lo + prng.nextInt(i - lo + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }

  // Deal rows by largest deficit against the target shares.
  const targets = [fractions.train, fractions.validation, fractions.test];
  const counts = [0, 0, 0];
  const out = new Uint8Array(rowCount);
  let stratum = 0;
  for (let k = 0; k < rowCount; k++) {
    while (k === bounds[stratum + 1]) stratum++;
    let pick = 0;
    if (k !== bounds[stratum]) {
      let best = -Infinity;
      for (let s = 0; s < 3; s++) {
        const deficit = targets[s]! * (k + 1) - counts[s]!;
        if (deficit > best + 1e-12) {
          best = deficit;
          pick = s;
        }
      }
    }
    counts[pick]!++;
    out[order[k]!] = pick;
  }
  return out;
}

/** Number of rows in each split. */
export function splitCounts(assignment: Uint8Array): SplitCounts {
  const c = [0, 0, 0];
  for (const s of assignment) c[s]!++;
  return { train: c[0]!, validation: c[1]!, test: c[2]! };
}

/** Compact form for storage: 2 bits per row, base64 (≈ rowCount / 3 characters). */
export function encodeSplits(assignment: Uint8Array): string {
  const packed = new Uint8Array(Math.ceil(assignment.length / 4));
  for (let i = 0; i < assignment.length; i++) {
    const s = assignment[i]!;
    if (s > 2) throw new DatasetInputError('INVALID_SPEC', `row ${i} has split id ${s}; expected 0, 1 or 2`);
    packed[i >> 2]! |= s << ((i & 3) * 2);
  }
  return Buffer.from(packed).toString('base64');
}

/** Inverse of {@link encodeSplits}. */
export function decodeSplits(encoded: string, rowCount: number): Uint8Array {
  const packed = Buffer.from(encoded, 'base64');
  if (packed.length !== Math.ceil(rowCount / 4)) {
    throw new DatasetInputError('INVALID_SPEC', `encoded split holds ${packed.length * 4} rows at most, expected ${rowCount}`);
  }
  const out = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const s = (packed[i >> 2]! >> ((i & 3) * 2)) & 3;
    if (s > 2) throw new DatasetInputError('INVALID_SPEC', `encoded split is corrupt at row ${i}`);
    out[i] = s;
  }
  return out;
}
