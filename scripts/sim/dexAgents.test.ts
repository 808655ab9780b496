import { describe, expect, it } from 'vitest';
import { Random } from './random';
import {
  DEFAULT_NOISE_TRADER,
  applySwap,
  arbitrageTrade,
  getAmountIn,
  getAmountOut,
  noiseTrade,
  noiseTradeCount,
  pinBuyAmount,
  poolPrice,
  swapToPrice,
  thinPoolForPin,
  thinPoolUsdcDepthForPin,
  toRawUnits,
} from './dexAgents';
import type { PoolState } from './dexAgents';

/** The pair's own acceptance test (UniswapV2Pair.swap): fee-adjusted balances keep K. */
function pairAcceptsSwap(reserveIn: bigint, reserveOut: bigint, amountIn: bigint, amountOut: bigint): boolean {
  const balanceInAdjusted = (reserveIn + amountIn) * 1000n - amountIn * 3n;
  const balanceOutAdjusted = (reserveOut - amountOut) * 1000n;
  return balanceInAdjusted * balanceOutAdjusted >= reserveIn * reserveOut * 1000n * 1000n;
}

function pool(tokens: number, usdc: number): PoolState {
  return { tokenReserve: toRawUnits(tokens, 18), usdcReserve: toRawUnits(usdc, 6), tokenDecimals: 18, usdcDecimals: 6 };
}

describe('Uniswap V2 math', () => {
  it('getAmountOut gives the largest output the pair accepts', () => {
    const rng = new Random(1);
    for (let i = 0; i < 2000; i++) {
      const reserveIn = BigInt(Math.floor(rng.uniformBetween(1e6, 1e12)));
      const reserveOut = BigInt(Math.floor(rng.uniformBetween(1e6, 1e24)));
      const amountIn = BigInt(Math.floor(rng.uniformBetween(1, 1e12)));
      const out = getAmountOut(amountIn, reserveIn, reserveOut);
      expect(pairAcceptsSwap(reserveIn, reserveOut, amountIn, out)).toBe(true);
      expect(pairAcceptsSwap(reserveIn, reserveOut, amountIn, out + 1n)).toBe(false);
    }
  });

  it('getAmountIn is the smallest input that buys the requested output', () => {
    const rng = new Random(2);
    for (let i = 0; i < 2000; i++) {
      const reserveIn = BigInt(Math.floor(rng.uniformBetween(1e6, 1e12)));
      const reserveOut = BigInt(Math.floor(rng.uniformBetween(1e9, 1e24)));
      const amountOut = BigInt(Math.floor(Number(reserveOut) * rng.uniformBetween(1e-6, 0.9)));
      if (amountOut === 0n) continue;
      const amountIn = getAmountIn(amountOut, reserveIn, reserveOut);
      expect(getAmountOut(amountIn, reserveIn, reserveOut)).toBeGreaterThanOrEqual(amountOut);
      // UniswapV2Library rounds up with "+1", so one unit less may still suffice, two never do.
      if (amountIn > 2n) expect(getAmountOut(amountIn - 2n, reserveIn, reserveOut)).toBeLessThan(amountOut);
    }
  });

  it('keeps the constant product: x·y never falls and grows by the fee', () => {
    const before = pool(1000, 250_000);
    const { pool: after, amountOut } = applySwap(before, { direction: 'buyToken', amountIn: toRawUnits(10_000, 6) });
    const kBefore = before.tokenReserve * before.usdcReserve;
    const kAfter = after.tokenReserve * after.usdcReserve;
    expect(kAfter).toBeGreaterThanOrEqual(kBefore);
    // Without a fee the product would be unchanged; the 0.3% kept on $10k on a $250k side adds ~0.012%.
    const growth = Number(kAfter - kBefore) / Number(kBefore);
    expect(growth).toBeGreaterThan(0.0001);
    expect(growth).toBeLessThan(0.0002);
    expect(after.tokenReserve).toBe(before.tokenReserve - amountOut);
    expect(poolPrice(after)).toBeGreaterThan(poolPrice(before));
  });

  it('quotes the spot price in USD per token across decimals', () => {
    expect(poolPrice(pool(1000, 250_000))).toBeCloseTo(250, 9);
  });

  it('swapToPrice hits the target price in either direction, fee included', () => {
    const start = pool(1000, 250_000);
    for (const target of [251, 300, 2500, 249, 200, 25]) {
      const swap = swapToPrice(start, target);
      if (!swap) throw new Error('expected a swap');
      expect(swap.direction).toBe(target > 250 ? 'buyToken' : 'sellToken');
      expect(poolPrice(applySwap(start, swap).pool) / target - 1).toBeCloseTo(0, 6);
    }
    expect(swapToPrice(start, 250)).toBeUndefined();
  });
});

describe('arbitrageur', () => {
  it('moves the pool price the configured fraction of the way to the reference', () => {
    for (const [poolUsd, reference, catchUp] of [
      [260_000, 250, 0.3],
      [230_000, 250, 0.3],
      [500_000, 250, 0.5],
      [100_000, 250, 1],
    ] as const) {
      const start = pool(1000, poolUsd);
      const before = poolPrice(start);
      const swap = arbitrageTrade(start, reference, { catchUp, deadBand: 0.003 });
      if (!swap) throw new Error('expected a trade');
      const after = poolPrice(applySwap(start, swap).pool);
      expect((after - before) / (reference - before)).toBeCloseTo(catchUp, 6);
    }
  });

  it('lets a premium decay geometrically, step by step, and stops inside the dead band', () => {
    let state = pool(1000, 300_000); // 20% premium on a 250 reference
    const deviations: number[] = [];
    for (let step = 0; step < 30; step++) {
      deviations.push(poolPrice(state) / 250 - 1);
      const swap = arbitrageTrade(state, 250);
      if (!swap) break;
      state = applySwap(state, swap).pool;
    }
    expect(deviations[1] as number).toBeCloseTo(0.2 * 0.7, 6);
    expect(deviations[5] as number).toBeCloseTo(0.2 * 0.7 ** 5, 6);
    const last = deviations[deviations.length - 1] as number;
    expect(Math.abs(last)).toBeLessThan(0.003);
    expect(arbitrageTrade(state, 250)).toBeUndefined();
  });
});

describe('noise trader', () => {
  it('is deterministic, trades both sides, and respects the size cap', () => {
    const run = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 2000 }, () => noiseTrade(rng, pool(1000, 250_000)));
    };
    const trades = run(6);
    expect(run(6)).toEqual(trades);
    const buys = trades.filter((t) => t?.direction === 'buyToken').length;
    expect(Math.abs(buys / trades.length - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / trades.length));
    const capUsd = DEFAULT_NOISE_TRADER.maxPoolFraction * 250_000;
    const sizesUsd = trades.map((t) => {
      if (!t) return 0;
      return t.direction === 'buyToken' ? Number(t.amountIn) / 1e6 : (Number(t.amountIn) / 1e18) * 250;
    });
    expect(Math.max(...sizesUsd)).toBeLessThanOrEqual(capUsd + 1e-6);
    const median = [...sizesUsd].sort((a, b) => a - b)[sizesUsd.length / 2] as number;
    expect(Math.abs(median / DEFAULT_NOISE_TRADER.medianTradeUsd - 1)).toBeLessThan(0.15);
  });

  it('arrives at the configured rate', () => {
    const rng = new Random(10);
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += noiseTradeCount(rng, 30, 60);
    expect(Math.abs(total - 5000)).toBeLessThan(4 * Math.sqrt(5000));
  });
});

describe('pin scenario', () => {
  it('finds the USDC buy that multiplies the price 100× on a thin pool', () => {
    const thin = pool(0.25, 55);
    const amount = pinBuyAmount(thin, 100);
    const after = applySwap(thin, { direction: 'buyToken', amountIn: amount }).pool;
    expect(poolPrice(after) / poolPrice(thin)).toBeCloseTo(100, 4);
    // Ignoring the fee would need 9 × the USDC side; the fee makes it a little more.
    expect(Number(amount) / 1e6).toBeGreaterThan(9 * 55);
    expect(Number(amount) / 1e6).toBeLessThan(9 * 55 * 1.01);
  });

  it('builds the pool on which a $500 buy gives 100×, as in the AMZNx event', () => {
    const thin = thinPoolForPin({ referencePrice: 223, buyUsd: 500, factor: 100, tokenDecimals: 18, usdcDecimals: 6 });
    expect(poolPrice(thin)).toBeCloseTo(223, 3);
    expect(thinPoolUsdcDepthForPin(500, 100)).toBeGreaterThan(50);
    expect(thinPoolUsdcDepthForPin(500, 100)).toBeLessThan(60);
    const after = applySwap(thin, { direction: 'buyToken', amountIn: toRawUnits(500, 6) }).pool;
    expect(poolPrice(after) / 223).toBeCloseTo(100, 2);
    expect(Number(pinBuyAmount(thin, 100)) / 1e6).toBeCloseTo(500, 2);
  });

  it('rejects factors that are not increases', () => {
    expect(() => pinBuyAmount(pool(1, 100), 1)).toThrow();
  });
});
