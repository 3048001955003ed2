/** Small seeded PRNG (mulberry32) for shuffling and per-layer seeds: runs with a seed are reproducible. */

export interface Prng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

export function createPrng(seed: number): Prng {
  let s = seed >>> 0;
  const nextUint32 = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { nextUint32, nextInt: (n) => Math.floor((nextUint32() / 0x1_0000_0000) * n) };
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace(a: Uint32Array, prng: Prng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** A fresh random seed for runs that did not ask for one (reported so the run can be repeated). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
