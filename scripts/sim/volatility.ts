/**
 * Realized volatility, and the rule that turns it into updates of the on-chain σ feeds
 * (contracts/src/oracles/VolatilityFeed.sol: 8 decimals, each update within ±20% of the last).
 */
import { SECONDS_PER_YEAR } from './units';

/** Annualized sample standard deviation of equally spaced log returns. */
export function annualizedVolatility(
  logReturns: readonly number[],
  intervalSeconds: number,
  secondsPerYear: number = SECONDS_PER_YEAR,
): number {
  const n = logReturns.length;
  if (n < 2) throw new RangeError('need at least two returns');
  const mean = logReturns.reduce((sum, r) => sum + r, 0) / n;
  const variance = logReturns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1);
  return Math.sqrt((variance * secondsPerYear) / intervalSeconds);
}

export interface RollingVolatilityOptions {
  /** Length of the look-back window in simulated seconds (e.g. one day). */
  windowSeconds: number;
  /** Below this many returns the estimate is too noisy to publish. */
  minSamples: number;
  secondsPerYear?: number;
}

interface TimedReturn {
  time: number;
  logReturn: number;
  dtSeconds: number;
}

/**
 * Realized volatility over a rolling time window of price observations. The keeper's ticks are
 * not evenly spaced in simulated time (timers drift, speed can change), so the estimate is
 * Σ r² / Σ Δt rather than a stdev of returns: every return is weighted by the time it covers. The
 * mean is not subtracted because at minute scale the drift is orders of magnitude below the noise.
 */
export class RollingRealizedVolatility {
  private readonly returns: TimedReturn[] = [];
  private lastPrice: number | undefined;
  private lastTime: number | undefined;
  private sumSquaredReturns = 0;
  private sumSeconds = 0;
  private removalsSinceRecompute = 0;

  constructor(private readonly options: RollingVolatilityOptions) {
    if (!(options.windowSeconds > 0)) throw new RangeError('windowSeconds must be positive');
  }

  observe(price: number, unixSeconds: number): void {
    if (!(price > 0)) throw new RangeError(`price must be positive, got ${price}`);
    if (this.lastPrice !== undefined && this.lastTime !== undefined && unixSeconds > this.lastTime) {
      const entry = {
        time: unixSeconds,
        logReturn: Math.log(price / this.lastPrice),
        dtSeconds: unixSeconds - this.lastTime,
      };
      this.returns.push(entry);
      this.sumSquaredReturns += entry.logReturn ** 2;
      this.sumSeconds += entry.dtSeconds;
    }
    if (this.lastTime === undefined || unixSeconds > this.lastTime) {
      this.lastPrice = price;
      this.lastTime = unixSeconds;
    }
    this.dropOlderThan(unixSeconds - this.options.windowSeconds);
  }

  get sampleCount(): number {
    return this.returns.length;
  }

  /** Annualized σ, or undefined while the window holds fewer than `minSamples` returns. */
  estimate(): number | undefined {
    if (this.returns.length < this.options.minSamples || this.sumSeconds <= 0) return undefined;
    const secondsPerYear = this.options.secondsPerYear ?? SECONDS_PER_YEAR;
    return Math.sqrt(Math.max(0, this.sumSquaredReturns) * (secondsPerYear / this.sumSeconds));
  }

  private dropOlderThan(cutoff: number): void {
    let dropCount = 0;
    while (dropCount < this.returns.length && (this.returns[dropCount] as TimedReturn).time <= cutoff) {
      const old = this.returns[dropCount] as TimedReturn;
      this.sumSquaredReturns -= old.logReturn ** 2;
      this.sumSeconds -= old.dtSeconds;
      dropCount++;
    }
    if (dropCount === 0) return;
    this.returns.splice(0, dropCount);
    // Running sums pick up rounding error from subtractions; recompute once per window turnover,
    // which keeps the cost amortized O(1) per observation.
    this.removalsSinceRecompute += dropCount;
    if (this.removalsSinceRecompute >= this.returns.length) this.recomputeSums();
  }

  private recomputeSums(): void {
    this.removalsSinceRecompute = 0;
    this.sumSquaredReturns = this.returns.reduce((sum, r) => sum + r.logReturn ** 2, 0);
    this.sumSeconds = this.returns.reduce((sum, r) => sum + r.dtSeconds, 0);
  }
}

/** Mirrors VolatilityFeed.MAX_CHANGE_BPS: larger moves revert with VolChangeTooLarge. */
export const VOL_FEED_MAX_CHANGE_BPS = 2_000n;
export const VOL_FEED_DECIMALS = 8;

export interface VolFeedRule {
  /** Largest relative move per update (0.2 on chain). */
  maxRelativeChange: number;
  /** Sanity bounds for the published σ, whatever the estimate says. */
  floor: number;
  ceiling: number;
  /**
   * Fraction of the distance to the realized value covered per update. Below 1 it smooths the
   * estimator's noise so the published σ (and so every option price) does not jitter each tick.
   */
  gain: number;
}

export const DEFAULT_VOL_FEED_RULE: VolFeedRule = {
  maxRelativeChange: 0.2,
  floor: 0.1,
  ceiling: 3,
  gain: 0.5,
};

/**
 * Next σ to publish: move `gain` of the way from `current` toward `realized` clamped to
 * [floor, ceiling], then cap the move at ±maxRelativeChange of `current`. The cap is applied last
 * because the chain enforces it without exception; floor and ceiling are only preferences.
 */
export function nextPublishedVolatility(current: number, realized: number, rule: VolFeedRule = DEFAULT_VOL_FEED_RULE): number {
  if (!(current > 0)) throw new RangeError(`current σ must be positive, got ${current}`);
  const target = clamp(Number.isFinite(realized) ? realized : current, rule.floor, rule.ceiling);
  const proposed = current + rule.gain * (target - current);
  return clamp(proposed, current * (1 - rule.maxRelativeChange), current * (1 + rule.maxRelativeChange));
}

/** σ as the feed's 8-decimal integer answer (0.55 → 55_000_000n). */
export function volToFeedAnswer(vol: number): bigint {
  return BigInt(Math.round(vol * 10 ** VOL_FEED_DECIMALS));
}

export function feedAnswerToVol(answer: bigint): number {
  return Number(answer) / 10 ** VOL_FEED_DECIMALS;
}

/** Exactly the check of VolatilityFeed.updateAnswer, in integers (Solidity truncates toward zero). */
export function isAcceptedByVolFeed(previousAnswer: bigint, proposedAnswer: bigint): boolean {
  const maxMove = (previousAnswer * VOL_FEED_MAX_CHANGE_BPS) / 10_000n;
  return proposedAnswer <= previousAnswer + maxMove && proposedAnswer >= previousAnswer - maxMove;
}

/**
 * The next on-chain answer: the float rule, rounded to 8 decimals, then clamped in integers to the
 * contract's own bound, so that rounding can never produce a transaction that reverts.
 */
export function nextVolFeedAnswer(previousAnswer: bigint, realized: number, rule: VolFeedRule = DEFAULT_VOL_FEED_RULE): bigint {
  const proposed = volToFeedAnswer(nextPublishedVolatility(feedAnswerToVol(previousAnswer), realized, rule));
  const maxMove = (previousAnswer * VOL_FEED_MAX_CHANGE_BPS) / 10_000n;
  if (proposed > previousAnswer + maxMove) return previousAnswer + maxMove;
  if (proposed < previousAnswer - maxMove) return previousAnswer - maxMove;
  return proposed;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
