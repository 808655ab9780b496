import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { JumpDiffusionProcess } from './processes';
import {
  DEFAULT_VOL_FEED_RULE,
  RollingRealizedVolatility,
  annualizedVolatility,
  feedAnswerToVol,
  isAcceptedByVolFeed,
  nextPublishedVolatility,
  nextVolFeedAnswer,
  volToFeedAnswer,
} from './volatility';

const DAY = 86_400;

function noJumps(vol: number, seed: number): JumpDiffusionProcess {
  return new JumpDiffusionProcess({ totalVolatility: vol, drift: 0, jumps: undefined }, new Random(seed));
}

describe('annualizedVolatility', () => {
  it('is zero for constant returns and scales with sqrt(periods per year)', () => {
    expect(annualizedVolatility([0.01, 0.01, 0.01], 60)).toBe(0);
    const returns = [0.01, -0.01, 0.01, -0.01];
    const perStep = Math.sqrt((4 * 0.0001) / 3);
    expect(annualizedVolatility(returns, 3600, 3600 * 100)).toBeCloseTo(perStep * 10, 12);
    expect(() => annualizedVolatility([0.1], 60)).toThrow();
  });
});

describe('RollingRealizedVolatility', () => {
  it('has no estimate until it has enough samples', () => {
    const estimator = new RollingRealizedVolatility({ windowSeconds: DAY, minSamples: 10 });
    for (let i = 0; i < 10; i++) estimator.observe(100 + i, i * 60);
    expect(estimator.sampleCount).toBe(9);
    expect(estimator.estimate()).toBeUndefined();
    estimator.observe(120, 600);
    expect(estimator.estimate()).toBeGreaterThan(0);
  });

  it('recovers the vol of unevenly spaced observations', () => {
    const process = noJumps(0.7, 4);
    const spacing = new Random(9);
    const estimator = new RollingRealizedVolatility({ windowSeconds: 3 * DAY, minSamples: 100 });
    let price = 3000;
    let t = 0;
    while (t < 3 * DAY) {
      const dt = spacing.uniformBetween(20, 100);
      price = process.step(price, dt);
      t += dt;
      estimator.observe(price, t);
    }
    const estimate = estimator.estimate() ?? Number.NaN;
    expect(Math.abs(estimate / 0.7 - 1)).toBeLessThan(0.05);
  });

  it('forgets returns older than the window', () => {
    const calm = noJumps(0.3, 1);
    const wild = noJumps(1.2, 2);
    const estimator = new RollingRealizedVolatility({ windowSeconds: DAY, minSamples: 100 });
    let price = 100;
    let t = 0;
    for (; t < 2 * DAY; t += 60) estimator.observe((price = wild.step(price, 60)), t);
    for (; t < 3.5 * DAY; t += 60) estimator.observe((price = calm.step(price, 60)), t);
    const estimate = estimator.estimate() ?? Number.NaN;
    expect(Math.abs(estimate / 0.3 - 1)).toBeLessThan(0.08);
    expect(estimator.sampleCount).toBe(DAY / 60);
  });
});

describe('vol feed rule', () => {
  it('never moves more than ±20% per update, whatever the realized input', () => {
    const rng = new Random(123);
    const extremes = [0, 1e-9, 1e9, Number.NaN, Number.POSITIVE_INFINITY, -1];
    for (let i = 0; i < 20_000; i++) {
      const current = rng.uniformBetween(0.05, 4);
      const realized = i < extremes.length ? (extremes[i] as number) : Math.exp(rng.normal(0, 1.5));
      const next = nextPublishedVolatility(current, realized);
      expect(Math.abs(next / current - 1)).toBeLessThanOrEqual(0.2 + 1e-12);
    }
  });

  it('moves toward the realized vol and stays within floor and ceiling when reachable', () => {
    expect(nextPublishedVolatility(0.5, 0.6)).toBeCloseTo(0.55, 12); // gain 0.5
    expect(nextPublishedVolatility(0.5, 0.4)).toBeCloseTo(0.45, 12);
    expect(nextPublishedVolatility(0.5, 5)).toBeCloseTo(0.6, 12); // capped at +20%
    expect(nextPublishedVolatility(0.5, 0)).toBeCloseTo(0.4, 12); // capped at −20%
    expect(nextPublishedVolatility(0.11, 0.01)).toBeCloseTo(DEFAULT_VOL_FEED_RULE.floor + 0.005, 12);
    expect(nextPublishedVolatility(0.5, Number.NaN)).toBe(0.5); // no information: no change
  });

  it('converges on a new vol regime in bounded steps', () => {
    let published = 0.3;
    const steps: number[] = [];
    for (let i = 0; i < 40; i++) {
      const next = nextPublishedVolatility(published, 1.5);
      steps.push(next / published - 1);
      published = next;
    }
    expect(Math.max(...steps)).toBeLessThanOrEqual(0.2 + 1e-12);
    expect(Math.abs(published - 1.5)).toBeLessThan(1e-6);
  });

  it('mirrors the contract check in 8-decimal integers', () => {
    expect(volToFeedAnswer(0.55)).toBe(55_000_000n);
    expect(feedAnswerToVol(55_000_000n)).toBe(0.55);
    expect(isAcceptedByVolFeed(55_000_000n, 66_000_000n)).toBe(true);
    expect(isAcceptedByVolFeed(55_000_000n, 66_000_001n)).toBe(false);
    expect(isAcceptedByVolFeed(55_000_000n, 44_000_000n)).toBe(true);
    expect(isAcceptedByVolFeed(55_000_000n, 43_999_999n)).toBe(false);
    // Solidity truncates: 7 × 2000 / 10000 = 1.
    expect(isAcceptedByVolFeed(7n, 8n)).toBe(true);
    expect(isAcceptedByVolFeed(7n, 9n)).toBe(false);
  });

  it('produces on-chain answers the feed always accepts, even where rounding bites', () => {
    const rng = new Random(77);
    for (let i = 0; i < 20_000; i++) {
      const previous =
        i % 4 === 0 ? BigInt(rng.integerBetween(1, 50)) : BigInt(rng.integerBetween(5_000_000, 400_000_000));
      const realized = Math.exp(rng.normal(-0.5, 1.5));
      const next = nextVolFeedAnswer(previous, realized);
      expect(isAcceptedByVolFeed(previous, next)).toBe(true);
    }
  });
});
