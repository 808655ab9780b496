import { describe, expect, it } from 'vitest';
import { Random, deriveSeed } from './random';

function draws(rng: Random, count: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(rng.uniform(), rng.normal(), rng.poisson(2.5));
  return values;
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe('Random', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draws(new Random(12345), 1000)).toEqual(draws(new Random(12345), 1000));
  });

  it('gives different sequences for different seeds, even adjacent ones', () => {
    const a = draws(new Random(1), 100);
    const b = draws(new Random(2), 100);
    const equalPositions = a.filter((v, i) => v === b[i]).length;
    expect(equalPositions).toBeLessThan(30); // only small Poisson counts can coincide
  });

  it('derives distinct, reproducible sub-streams per label', () => {
    expect(deriveSeed(7, 'BTC')).toBe(deriveSeed(7, 'BTC'));
    expect(deriveSeed(7, 'BTC')).not.toBe(deriveSeed(7, 'ETH'));
    expect(deriveSeed(7, 'BTC')).not.toBe(deriveSeed(8, 'BTC'));
    expect(Random.forStream(7, 'BTC').uniform()).toBe(Random.forStream(7, 'BTC').uniform());
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Random(99);
    const n = 200_000;
    const values = Array.from({ length: n }, () => rng.uniform());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const { mean, variance } = meanAndVariance(values);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals with the right moments and tails', () => {
    const rng = new Random(2024);
    const n = 200_000;
    const values = Array.from({ length: n }, () => rng.normal());
    const { mean, variance } = meanAndVariance(values);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    // P(|Z| > 2) = 4.55%: checks the shape, not just the first two moments.
    const beyondTwo = values.filter((v) => Math.abs(v) > 2).length / n;
    expect(Math.abs(beyondTwo - 0.0455)).toBeLessThan(0.003);
    expect(Math.abs(new Random(5).normal(10, 0.001) - 10)).toBeLessThan(0.01);
  });

  it('draws independent consecutive normals (Box–Muller pairs are not correlated)', () => {
    const rng = new Random(17);
    const n = 100_000;
    const values = Array.from({ length: n }, () => rng.normal());
    let lagProduct = 0;
    for (let i = 0; i + 1 < n; i += 2) lagProduct += (values[i] as number) * (values[i + 1] as number);
    const correlation = lagProduct / (n / 2);
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(n / 2));
  });

  it('draws Poisson counts with mean and variance equal to the rate, small and large', () => {
    for (const rate of [0.05, 3, 1200]) {
      const rng = new Random(31);
      const n = rate > 100 ? 5_000 : 100_000;
      const values = Array.from({ length: n }, () => rng.poisson(rate));
      const { mean, variance } = meanAndVariance(values);
      expect(Math.abs(mean - rate)).toBeLessThan(4 * Math.sqrt(rate / n));
      expect(Math.abs(variance / rate - 1)).toBeLessThan(0.1);
    }
    expect(new Random(1).poisson(0)).toBe(0);
    expect(() => new Random(1).poisson(-1)).toThrow();
  });

  it('draws Bernoulli trials at the requested rate', () => {
    const rng = new Random(3);
    const n = 100_000;
    const hits = Array.from({ length: n }, () => rng.bernoulli(0.2)).filter(Boolean).length;
    expect(Math.abs(hits / n - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / n));
  });

  it('picks every element of a list and integers within bounds', () => {
    const rng = new Random(8);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(rng.pick(['a', 'b', 'c']));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    const ints = Array.from({ length: 1000 }, () => rng.integerBetween(-2, 2));
    expect(new Set(ints)).toEqual(new Set([-2, -1, 0, 1, 2]));
  });
});
