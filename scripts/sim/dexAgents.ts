/**
 * Traders on the X/USDC pairs: noise traders that make the DEX price wander, an arbitrageur that
 * pulls it back toward the reference price with a delay, and the "pin" trade that reproduces the
 * AMZNx event of 3 Jul 2025 (a $500 buy on a thin pool sent the price up ~100×).
 * Everything here is pure: it returns the swap to send; the chain-facing code sends it.
 */
import type { Random } from './random';
import type { PoolState, Swap } from './uniswapV2';
import { poolPrice, swapToPrice, toRawUnits } from './uniswapV2';

export * from './uniswapV2';

export interface NoiseTraderOptions {
  /** Median trade size in USD; sizes are log-normal around it (many small trades, a few big ones). */
  medianTradeUsd: number;
  /** Dispersion of log trade size. */
  sizeLogStdev: number;
  /** No single noise trade larger than this fraction of the pool's USDC side. */
  maxPoolFraction: number;
}

export const DEFAULT_NOISE_TRADER: NoiseTraderOptions = {
  medianTradeUsd: 500,
  sizeLogStdev: 1,
  maxPoolFraction: 0.01,
};

/** Number of noise trades arriving in a step, for an average rate per simulated hour. */
export function noiseTradeCount(rng: Random, tradesPerHour: number, dtSeconds: number): number {
  return rng.poisson((tradesPerHour * dtSeconds) / 3600);
}

/** A random buy or sell with a random size; undefined if the size rounds to zero. */
export function noiseTrade(rng: Random, pool: PoolState, options: NoiseTraderOptions = DEFAULT_NOISE_TRADER): Swap | undefined {
  const direction = rng.bernoulli(0.5) ? 'buyToken' : 'sellToken';
  const poolUsd = Number(pool.usdcReserve) / 10 ** pool.usdcDecimals;
  const sizeUsd = Math.min(
    options.medianTradeUsd * Math.exp(options.sizeLogStdev * rng.normal()),
    options.maxPoolFraction * poolUsd,
  );
  const amountIn =
    direction === 'buyToken'
      ? toRawUnits(sizeUsd, pool.usdcDecimals)
      : toRawUnits(sizeUsd / poolPrice(pool), pool.tokenDecimals);
  return amountIn > 0n ? { direction, amountIn } : undefined;
}

export interface ArbitrageurOptions {
  /**
   * Fraction of the gap to the reference closed per step. Below 1 the peg deviation decays
   * geometrically (≈ (1 − catchUp)^steps), which is what shows up as premiums and discounts with a
   * delay on the peg chart, instead of a DEX price glued to the reference.
   */
  catchUp: number;
  /**
   * No trade while |pool / reference − 1| is below this: inside the 0.3% fee a real arbitrageur
   * loses money, so a small residual deviation is realistic.
   */
  deadBand: number;
}

export const DEFAULT_ARBITRAGEUR: ArbitrageurOptions = { catchUp: 0.3, deadBand: 0.003 };

/** The swap that moves the pool price `catchUp` of the way (linearly in price) toward `referencePrice`. */
export function arbitrageTrade(
  pool: PoolState,
  referencePrice: number,
  options: ArbitrageurOptions = DEFAULT_ARBITRAGEUR,
): Swap | undefined {
  if (!(options.catchUp > 0 && options.catchUp <= 1)) throw new RangeError('catchUp must be in (0, 1]');
  if (!(referencePrice > 0)) throw new RangeError(`referencePrice must be positive, got ${referencePrice}`);
  const current = poolPrice(pool);
  if (Math.abs(current / referencePrice - 1) < options.deadBand) return undefined;
  return swapToPrice(pool, current + options.catchUp * (referencePrice - current));
}

/** The USDC buy (raw units) that multiplies the pool's spot price by `factor` (e.g. 100), fee included. */
export function pinBuyAmount(pool: PoolState, factor: number): bigint {
  if (!(factor > 1)) throw new RangeError('pin factor must be > 1');
  const swap = swapToPrice(pool, poolPrice(pool) * factor);
  if (!swap || swap.direction !== 'buyToken') throw new Error('pool too small to pin');
  return swap.amountIn;
}

/**
 * USDC depth (human units) a pool must have for a buy of `buyUsd` to multiply its price by
 * `factor`; for the deploy of a deliberately thin pool. From the same quadratic as
 * amountInForReserveRatio with rOut·ratio = factor·rIn:
 *   1000·(F − 1)·y² − 1997·a·y − 997·a² = 0.
 * $500 and 100× give about $55 of USDC, i.e. a pool worth about $110.
 */
export function thinPoolUsdcDepthForPin(buyUsd: number, factor: number): number {
  if (!(factor > 1) || !(buyUsd > 0)) throw new RangeError('need buyUsd > 0 and factor > 1');
  const a = buyUsd;
  const quadratic = 1000 * (factor - 1);
  return (1997 * a + Math.sqrt((1997 * a) ** 2 + 4 * quadratic * 997 * a * a)) / (2 * quadratic);
}

/** A thin pool priced at `referencePrice` on which a `buyUsd` buy multiplies the price by `factor`. */
export function thinPoolForPin(options: {
  referencePrice: number;
  buyUsd: number;
  factor: number;
  tokenDecimals: number;
  usdcDecimals: number;
}): PoolState {
  const usdcDepth = thinPoolUsdcDepthForPin(options.buyUsd, options.factor);
  return {
    tokenReserve: toRawUnits(usdcDepth / options.referencePrice, options.tokenDecimals),
    usdcReserve: toRawUnits(usdcDepth, options.usdcDecimals),
    tokenDecimals: options.tokenDecimals,
    usdcDecimals: options.usdcDecimals,
  };
}
