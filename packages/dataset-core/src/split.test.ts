import { describe, it, expect } from 'vitest';
import { assignSplits, decodeSplits, encodeSplits, splitCounts, validateSplitFractions } from './split.ts';
import { createPrng } from './random.ts';
import { expectCode } from './test-helpers.ts';

const F = { train: 0.7, validation: 0.15, test: 0.15 };

describe('assignSplits', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = assignSplits({ rowCount: 1000, fractions: F, seed: 42 });
    const b = assignSplits({ rowCount: 1000, fractions: F, seed: 42 });
    const c = assignSplits({ rowCount: 1000, fractions: F, seed: 43 });
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(c).equals(Buffer.from(a))).toBe(false);
    // large seeds are mixed in, not truncated to 32 bits
    const big1 = assignSplits({ rowCount: 200, fractions: F, seed: 2 ** 40 + 1 });
    const big2 = assignSplits({ rowCount: 200, fractions: F, seed: 1 });
    expect(Buffer.from(big1).equals(Buffer.from(big2))).toBe(false);
  });

  it('gives counts within one row of the requested fractions', () => {
    for (const rowCount of [1, 2, 3, 10, 97, 1000, 12_345]) {
      const counts = splitCounts(assignSplits({ rowCount, fractions: F, seed: 7 }));
      expect(counts.train + counts.validation + counts.test).toBe(rowCount);
      expect(Math.abs(counts.train - rowCount * F.train)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.validation - rowCount * F.validation)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.test - rowCount * F.test)).toBeLessThanOrEqual(1);
      expect(counts.train).toBeGreaterThanOrEqual(1);
    }
  });

  it('shuffles: the assignment is not a contiguous block', () => {
    const a = assignSplits({ rowCount: 1000, fractions: F, seed: 1 });
    const firstTest = a.indexOf(2);
    expect(firstTest).toBeLessThan(200);
    expect(a.subarray(0, 700).includes(1)).toBe(true);
  });

  it('honours zero fractions and edge sizes', () => {
    expect(splitCounts(assignSplits({ rowCount: 100, fractions: { train: 0.8, validation: 0, test: 0.2 }, seed: 1 }))).toEqual({ train: 80, validation: 0, test: 20 });
    expect(splitCounts(assignSplits({ rowCount: 50, fractions: { train: 1, validation: 0, test: 0 }, seed: 1 }))).toEqual({ train: 50, validation: 0, test: 0 });
    expect(assignSplits({ rowCount: 0, fractions: F, seed: 1 })).toHaveLength(0);
    expect([...assignSplits({ rowCount: 1, fractions: { train: 0.1, validation: 0.45, test: 0.45 }, seed: 1 })]).toEqual([0]);
  });

  it('stratifies: each class is split in the requested proportions', () => {
    const prng = createPrng(99);
    const classes = ['a', 'b', 'c'];
    const weights = [0.7, 0.25, 0.05];
    const labels = Array.from({ length: 4000 }, () => {
      const u = prng.next();
      return u < weights[0]! ? classes[0]! : u < weights[0]! + weights[1]! ? classes[1]! : classes[2]!;
    });
    const fractions = { train: 0.6, validation: 0.2, test: 0.2 };
    const a = assignSplits({ rowCount: labels.length, fractions, seed: 5, stratifyBy: labels });
    for (const cls of classes) {
      const idx = labels.flatMap((l, i) => (l === cls ? [i] : []));
      const counts = [0, 0, 0];
      for (const i of idx) counts[a[i]!]!++;
      expect(Math.abs(counts[0]! - idx.length * 0.6)).toBeLessThanOrEqual(2);
      expect(Math.abs(counts[1]! - idx.length * 0.2)).toBeLessThanOrEqual(2);
      expect(Math.abs(counts[2]! - idx.length * 0.2)).toBeLessThanOrEqual(2);
    }
    const total = splitCounts(a);
    expect(Math.abs(total.train - 2400)).toBeLessThanOrEqual(1);
    // deterministic with labels too
    expect(Buffer.from(assignSplits({ rowCount: labels.length, fractions, seed: 5, stratifyBy: labels })).equals(Buffer.from(a))).toBe(true);
  });

  it('stratified splits beat an unstratified one on a rare class', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i % 50 === 0 ? 'rare' : 'common')); // 20 rare rows
    const fractions = { train: 0.5, validation: 0.25, test: 0.25 };
    const a = assignSplits({ rowCount: 1000, fractions, seed: 3, stratifyBy: labels });
    const rare = labels.flatMap((l, i) => (l === 'rare' ? [a[i]!] : []));
    expect(rare.filter((s) => s === 0)).toHaveLength(10);
    expect(rare.filter((s) => s === 1)).toHaveLength(5);
    expect(rare.filter((s) => s === 2)).toHaveLength(5);
  });

  it('puts at least one row of every class, and of missing labels, in train', () => {
    const labels: (string | null)[] = ['x', 'y', 'z', null, 'big', 'big', 'big', 'big', 'big', 'big'];
    for (let seed = 0; seed < 20; seed++) {
      const a = assignSplits({ rowCount: labels.length, fractions: { train: 0.5, validation: 0.25, test: 0.25 }, seed, stratifyBy: labels });
      for (const cls of ['x', 'y', 'z', null]) expect(a[labels.indexOf(cls)]).toBe(0);
    }
  });

  it('rejects bad fractions, seeds, row counts and label arrays', async () => {
    const bad = [
      { train: 0.7, validation: 0.2, test: 0.2 },
      { train: 0, validation: 0.5, test: 0.5 },
      { train: 1.2, validation: -0.2, test: 0 },
      { train: Number.NaN, validation: 0.5, test: 0.5 },
      { train: 0.5, validation: 0.5 } as never,
    ];
    for (const fractions of bad) await expectCode(() => assignSplits({ rowCount: 10, fractions, seed: 1 }), 'INVALID_SPEC');
    expect((await expectCode(() => validateSplitFractions(bad[0]!), 'INVALID_SPEC')).message).toBe('split fractions must add up to 1, got 1.1');
    expect(validateSplitFractions({ train: 0.7, validation: 0.2, test: 0.1 })).toEqual({ train: 0.7, validation: 0.2, test: 0.1 }); // 0.9999999999999999
    await expectCode(() => assignSplits({ rowCount: 10, fractions: F, seed: 1.5 }), 'INVALID_SPEC');
    await expectCode(() => assignSplits({ rowCount: -1, fractions: F, seed: 1 }), 'INVALID_SPEC');
    await expectCode(() => assignSplits({ rowCount: 3, fractions: F, seed: 1, stratifyBy: ['a'] }), 'INVALID_SPEC');
  });
});

describe('encodeSplits / decodeSplits', () => {
  it('round-trips compactly', () => {
    for (const rowCount of [0, 1, 3, 4, 5, 1001]) {
      const a = assignSplits({ rowCount, fractions: F, seed: 11 });
      const s = encodeSplits(a);
      expect(s.length).toBeLessThanOrEqual(Math.ceil(rowCount / 3) + 4);
      expect([...decodeSplits(s, rowCount)]).toEqual([...a]);
    }
  });

  it('rejects a mismatched row count or corrupt data', async () => {
    const s = encodeSplits(assignSplits({ rowCount: 10, fractions: F, seed: 1 }));
    await expectCode(() => decodeSplits(s, 20), 'INVALID_SPEC');
    await expectCode(() => decodeSplits(Buffer.from([0xff]).toString('base64'), 4), 'INVALID_SPEC');
    await expectCode(() => encodeSplits(new Uint8Array([0, 3])), 'INVALID_SPEC');
  });
});

describe('createPrng', () => {
  it('is reproducible and roughly uniform', () => {
    const a = createPrng(123);
    const b = createPrng(123);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    const ints = new Set(Array.from({ length: 1000 }, () => a.nextInt(6)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
