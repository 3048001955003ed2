/** Small seeded PRNG (xoshiro128**, seeded via splitmix32) so splits and sampling are reproducible. */

export interface Prng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a deterministic PRNG. Any safe integer seed is accepted (high bits are mixed in). */
export function createPrng(seed: number): Prng {
  const lo = seed >>> 0;
  const hi = Math.floor(Math.abs(seed) / 0x1_0000_0000) >>> 0;
  const sm = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d) ^ (seed < 0 ? 0x5bd1e995 : 0));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1; // xoshiro must not start from the all-zero state
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return result;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 0x1_0000_0000,
    nextInt: (n: number) => Math.floor((nextUint32() / 0x1_0000_0000) * n),
  };
}
