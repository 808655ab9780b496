/**
 * Seedable pseudo-random numbers for the market simulator.
 *
 * Written by hand (xoshiro128** seeded through splitmix32, ~40 lines) instead of pulling a
 * dependency: the simulator must be bit-for-bit reproducible for a given `--seed`, so the
 * generator has to be fixed forever; a library upgrade that changed its algorithm would
 * silently change every replay. `Math.random()` cannot be seeded at all.
 */

const UINT32_RANGE = 4294967296; // 2^32

/** splitmix32: spreads a 32-bit seed over the whole state so that nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a label, used to derive independent child seeds per asset. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Seed for a named sub-stream (e.g. "BTC", "dex:AMZNx"). Each asset gets its own stream so that
 * adding an asset, or drawing more numbers for one asset, does not change the paths of the others.
 */
export function deriveSeed(seed: number, label: string): number {
  const mix = splitmix32((seed ^ hashLabel(label)) >>> 0);
  mix();
  return mix();
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields normals in pairs; the second one is kept for the next call. */
  private spareNormal: number | undefined;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    const init = splitmix32(seed >>> 0);
    this.s0 = init();
    this.s1 = init();
    this.s2 = init();
    this.s3 = init();
  }

  /** A generator for a named sub-stream of `seed` (see `deriveSeed`). */
  static forStream(seed: number, label: string): Random {
    return new Random(deriveSeed(seed, label));
  }

  /** xoshiro128**: next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). 32 bits of resolution is plenty for prices and trade sizes. */
  uniform(): number {
    return this.nextUint32() / UINT32_RANGE;
  }

  /** Uniform in [min, max). */
  uniformBetween(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Integer uniform in [min, max] (inclusive). */
  integerBetween(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** Normal draw via Box–Muller. */
  normal(mean = 0, stdev = 1): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return mean + stdev * spare;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return mean + stdev * radius * Math.cos(angle);
  }

  bernoulli(probability: number): boolean {
    return this.uniform() < probability;
  }

  /**
   * Poisson draw by Knuth's multiplication method. Fine for the small means the simulator uses
   * (jumps per step, trades per step); large means are split into chunks so exp(-mean) never
   * underflows.
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`poisson mean must be >= 0, got ${mean}`);
    const CHUNK = 500;
    let count = 0;
    let remaining = mean;
    while (remaining > 0) {
      const chunk = Math.min(remaining, CHUNK);
      remaining -= chunk;
      const limit = Math.exp(-chunk);
      let product = this.uniform();
      while (product > limit) {
        count++;
        product *= this.uniform();
      }
    }
    return count;
  }

  /** A uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.uniform() * items.length)] as T;
  }
}

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}
