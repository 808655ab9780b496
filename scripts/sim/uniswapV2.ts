/**
 * Uniswap V2 constant-product math for an X/USDC pair, in the integer units the pair contract
 * uses (bigint raw token amounts), so that a simulated trade predicts exactly what the deployed
 * `@uniswap/v2-core` pair will do.
 */

/** 0.3% fee: UniswapV2Library multiplies the input by 997/1000. */
const FEE_KEPT = 997n;
const FEE_BASE = 1000n;

/** UniswapV2Library.getAmountOut. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n) throw new RangeError('INSUFFICIENT_INPUT_AMOUNT');
  if (reserveIn <= 0n || reserveOut <= 0n) throw new RangeError('INSUFFICIENT_LIQUIDITY');
  const amountInWithFee = amountIn * FEE_KEPT;
  return (amountInWithFee * reserveOut) / (reserveIn * FEE_BASE + amountInWithFee);
}

/** UniswapV2Library.getAmountIn: the smallest input that yields at least `amountOut`. */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountOut <= 0n) throw new RangeError('INSUFFICIENT_OUTPUT_AMOUNT');
  if (reserveIn <= 0n || reserveOut <= amountOut) throw new RangeError('INSUFFICIENT_LIQUIDITY');
  return (reserveIn * amountOut * FEE_BASE) / ((reserveOut - amountOut) * FEE_KEPT) + 1n;
}

export interface PoolState {
  /** Stock token X reserve, raw units. */
  tokenReserve: bigint;
  /** USDC reserve, raw units. */
  usdcReserve: bigint;
  tokenDecimals: number;
  usdcDecimals: number;
}

/** Buying X pays USDC in; selling X pays X in. */
export type SwapDirection = 'buyToken' | 'sellToken';

export interface Swap {
  direction: SwapDirection;
  /** Raw units of the token paid in (USDC for buyToken, X for sellToken). */
  amountIn: bigint;
}

export interface SwapResult {
  amountOut: bigint;
  pool: PoolState;
}

/** Pool reserves after a swap. The whole input enters the reserves; the fee is kept as extra input. */
export function applySwap(pool: PoolState, swap: Swap): SwapResult {
  if (swap.direction === 'buyToken') {
    const amountOut = getAmountOut(swap.amountIn, pool.usdcReserve, pool.tokenReserve);
    return {
      amountOut,
      pool: { ...pool, usdcReserve: pool.usdcReserve + swap.amountIn, tokenReserve: pool.tokenReserve - amountOut },
    };
  }
  const amountOut = getAmountOut(swap.amountIn, pool.tokenReserve, pool.usdcReserve);
  return {
    amountOut,
    pool: { ...pool, tokenReserve: pool.tokenReserve + swap.amountIn, usdcReserve: pool.usdcReserve - amountOut },
  };
}

/** Spot price of X in USD (human units), the marginal price before fees. */
export function poolPrice(pool: PoolState): number {
  return (
    Number(pool.usdcReserve) / 10 ** pool.usdcDecimals / (Number(pool.tokenReserve) / 10 ** pool.tokenDecimals)
  );
}

/** Human amount to raw units, rounded down (never spend more than intended). */
export function toRawUnits(amount: number, decimals: number): bigint {
  if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError(`amount must be >= 0, got ${amount}`);
  return BigInt(Math.floor(amount * 10 ** decimals));
}

/**
 * Exact input `a` (real-valued, raw units) such that after the swap reserveIn'/reserveOut' equals
 * `targetRatio`, fee included. With the fee, reserveOut' = 1000·rIn·rOut / (1000·rIn + 997·a), so
 *   997·a² + 1997·rIn·a + 1000·rIn·(rIn − rOut·targetRatio) = 0.
 * The positive root is computed as −2c / (b + √(b² − 4·997·c)), which avoids the cancellation the
 * textbook form suffers when the trade is tiny next to the reserves.
 */
export function amountInForReserveRatio(reserveIn: number, reserveOut: number, targetRatio: number): number {
  const b = 1997 * reserveIn;
  const c = 1000 * reserveIn * (reserveIn - reserveOut * targetRatio);
  if (c >= 0) return 0; // already at or beyond the target in this direction
  return (-2 * c) / (b + Math.sqrt(b * b - 4 * 997 * c));
}

/** The single swap that moves the spot price to `targetPrice` (USD per X), or undefined if none is needed. */
export function swapToPrice(pool: PoolState, targetPrice: number): Swap | undefined {
  if (!(targetPrice > 0)) throw new RangeError(`targetPrice must be positive, got ${targetPrice}`);
  const rawPriceScale = 10 ** (pool.usdcDecimals - pool.tokenDecimals); // raw USDC per raw X = price × scale
  const tokenReserve = Number(pool.tokenReserve);
  const usdcReserve = Number(pool.usdcReserve);
  const current = poolPrice(pool);
  if (targetPrice > current) {
    const amountIn = amountInForReserveRatio(usdcReserve, tokenReserve, targetPrice * rawPriceScale);
    return nonZeroSwap('buyToken', amountIn);
  }
  if (targetPrice < current) {
    const amountIn = amountInForReserveRatio(tokenReserve, usdcReserve, 1 / (targetPrice * rawPriceScale));
    return nonZeroSwap('sellToken', amountIn);
  }
  return undefined;
}

function nonZeroSwap(direction: SwapDirection, realAmountIn: number): Swap | undefined {
  const amountIn = BigInt(Math.floor(realAmountIn));
  return amountIn > 0n ? { direction, amountIn } : undefined;
}
