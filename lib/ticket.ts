import { BPS, intrinsicValue, type MarketQuote, positionFundingPerDayUsd } from './markets'
import { divWad, mulWad, mulWadUp, WAD } from './fixedPoint'

/**
 * Order-ticket and margin arithmetic, mirrored from the engine only for the numbers a user sees
 * before signing. Every value is 18-decimal fixed point (USD or underlying units). The contract's
 * own checks stay authoritative: the ticket also simulates the trade against the chain and shows
 * whatever the engine says.
 */

/** 1%: maxPrice = quoted price × 1.01 for a buy, minPrice = × 0.99 for a sale. */
export const DEFAULT_SLIPPAGE_BPS = 100
/** Orders expire five minutes after they are signed (the engine refuses `DeadlinePassed` after that). */
export const DEFAULT_DEADLINE_SECONDS = 300
export const MAX_SLIPPAGE_BPS = 5_000

export type SlippageValidation = { ok: true; bps: number } | { ok: false; error: string }

/** The slippage field takes a percentage ("1", "0.5"); at most two decimals (1 bp), between 0.01% and 50%. */
export function parseSlippage(input: string): SlippageValidation {
  const text = input.trim()
  if (text === '') return { ok: false, error: 'Enter a slippage tolerance' }
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return { ok: false, error: 'Enter a percentage, like 1 or 0.5' }
  const [, fraction = ''] = text.split('.')
  if (fraction.length > 2) return { ok: false, error: 'At most two decimals (0.01%)' }
  const bps = Math.round(Number(text) * 100)
  if (bps < 1) return { ok: false, error: 'Slippage must be at least 0.01%' }
  if (bps > MAX_SLIPPAGE_BPS) return { ok: false, error: 'Slippage above 50% is refused' }
  return { ok: true, bps }
}

/** Highest price per unit a buy accepts, rounded up so the quoted price itself always passes. */
export function maxPriceWithSlippage(price: bigint, slippageBps: number): bigint {
  const factor = BPS + BigInt(slippageBps)
  return (price * factor + BPS - 1n) / BPS
}

/** Lowest price per unit a sale accepts, rounded down. */
export function minPriceWithSlippage(price: bigint, slippageBps: number): bigint {
  const factor = BPS - BigInt(Math.min(slippageBps, Number(BPS)))
  return (price * factor) / BPS
}

export function deadlineFrom(nowSeconds: bigint, seconds = DEFAULT_DEADLINE_SECONDS): bigint {
  return nowSeconds + BigInt(seconds)
}




/** The risk parameters the ticket needs (a subset of the engine's `getRiskParams()`). */
export type TicketRiskParams = {
  fundingPeriod: bigint
  imSpotBps: bigint
  oiCapBps: bigint
  closedOiCapBps: bigint
}

/** IM per unit = min(theo, imSpot% · S) (SPEC §4, MarginMath.initialMargin). */
export function initialMarginFor(size: bigint, theo: bigint, spot: bigint, imSpotBps: bigint): bigint {
  const bySpot = (spot * imSpotBps) / BPS
  return mulWadUp(size, theo < bySpot ? theo : bySpot)
}

export type TradeEstimate = {
  /** size × price: the notional premium the trader buys at (not paid up front; it sets the entry). */
  premium: bigint
  fee: bigint
  /** Funding the new position pays per day at the quoted mark (USD). */
  fundingPerDay: bigint
  /** The entry is above theo by the skew: that much PnL is negative from the first block. */
  skewCost: bigint
  /** Equity with the initial weight after fee and skew, if the account's health is known. */
  equityAfter: bigint | undefined
  initialMarginAfter: bigint | undefined
  /** Equity after ≥ IM after (what the engine checks as `InsufficientMargin`). */
  marginOk: boolean | undefined
}

export type AccountMargin = {
  /** Health.equityInitial (signed). */
  equityInitial: bigint
  initialMargin: bigint
}

/**
 * What opening `size` at `quote` does to the account, by the engine's formulas: the fee is taken
 * from margin, the position enters at the skewed price (PnL marks at theo, so the skew is an
 * immediate loss), and IM grows by size · min(theo, 10% · S).
 */
export function estimateOpen(
  size: bigint,
  quote: MarketQuote,
  strike: bigint,
  isCall: boolean,
  risk: Pick<TicketRiskParams, 'fundingPeriod' | 'imSpotBps'>,
  account: AccountMargin | undefined,
): TradeEstimate {
  const premium = mulWadUp(size, quote.price)
  const intrinsic = intrinsicValue(isCall, quote.spot, strike)
  // Funding is the time value at theo: the skew premium is paid once, in the price.
  const fundingPerDay = positionFundingPerDayUsd(size, quote.theo, intrinsic, risk.fundingPeriod)
  const skewCost = premium - mulWad(size, quote.theo)
  const addedIm = initialMarginFor(size, quote.theo, quote.spot, risk.imSpotBps)
  if (!account) {
    return { premium, fee: quote.fee, fundingPerDay, skewCost, equityAfter: undefined, initialMarginAfter: undefined, marginOk: undefined }
  }
  const equityAfter = account.equityInitial - quote.fee - skewCost
  const initialMarginAfter = account.initialMargin + addedIm
  return { premium, fee: quote.fee, fundingPerDay, skewCost, equityAfter, initialMarginAfter, marginOk: equityAfter >= initialMarginAfter }
}

/**
 * Largest size the margin supports at the quoted prices: free equity / (IM + fee + skew per unit).
 * Linear in size, so it overestimates slightly for large trades (the skew grows with size); the
 * engine's own check and the simulated trade have the last word.
 */
export function maxSizeForMargin(
  account: AccountMargin,
  quote: MarketQuote,
  size: bigint,
  risk: Pick<TicketRiskParams, 'imSpotBps'>,
): bigint {
  const free = account.equityInitial - account.initialMargin
  if (free <= 0n) return 0n
  const sample = size > 0n ? size : WAD
  const feePerUnit = divWad(quote.fee, size > 0n ? size : WAD)
  const skewPerUnit = quote.price > quote.theo ? quote.price - quote.theo : 0n
  const imPerUnit = divWad(initialMarginFor(sample, quote.theo, quote.spot, risk.imSpotBps), sample)
  const perUnit = imPerUnit + feePerUnit + skewPerUnit
  return perUnit === 0n ? 0n : divWad(free, perUnit)
}

/**
 * Largest buy under one market's exposure cap: the engine refuses a trade that grows |N| (traders' signed net size,
 * the vault's net short) past capital · 10% / S (× 25% while the stock market is closed), and lets through one
 * that does not grow it. `netOpenInterest` is N before the trade (long − short OI); a buy adds to it. `capitalUsd`
 * is the vault size L at P_coll (`vaultCapital`: the main vault's X plus what the engine owes it, less what
 * pending withdrawals claim).
 */
export function maxSizeForOpenInterest(
  netOpenInterest: bigint,
  spot: bigint,
  capitalUsd: bigint,
  risk: Pick<TicketRiskParams, 'oiCapBps' | 'closedOiCapBps'>,
  marketOpen: boolean,
): bigint {
  if (spot === 0n) return 0n
  let capUsd = (capitalUsd * risk.oiCapBps) / BPS
  if (!marketOpen) capUsd = (capUsd * risk.closedOiCapBps) / BPS
  const capSize = divWad(capUsd, spot)
  // Buying into a net short first shrinks |N|: up to N = −N it never grows past what it was.
  const ceiling = netOpenInterest < 0n && -netOpenInterest > capSize ? -netOpenInterest : capSize
  return ceiling > netOpenInterest ? ceiling - netOpenInterest : 0n
}

/**
 * Most margin that can be withdrawn with the account still at initial margin afterwards:
 * (equityInitial − IM) / (weight · P_coll), capped by the collateral. With no positions the whole
 * collateral is free (the engine only checks IM when positions are open).
 */
export function maxWithdrawable(params: {
  collateral: bigint
  equityInitial: bigint
  initialMargin: bigint
  hasPositions: boolean
  collateralPrice: bigint
  initialWeightBps: bigint
}): bigint {
  const { collateral, equityInitial, initialMargin, hasPositions, collateralPrice, initialWeightBps } = params
  if (!hasPositions) return collateral
  const free = equityInitial - initialMargin
  if (free <= 0n || collateralPrice === 0n || initialWeightBps === 0n) return 0n
  const valuePerToken = (collateralPrice * initialWeightBps) / BPS
  const tokens = divWad(free, valuePerToken)
  if (tokens >= collateral) return collateral
  // One wei under the bound: the engine floors the weighted value, so the exact bound can miss by a wei.
  return tokens > 0n ? tokens - 1n : 0n
}

/** Maintenance margin / maintenance equity as a fraction for the ratio bar: 1 = liquidation. */
export function marginRatio(marginRatioWad: bigint): number {
  if (marginRatioWad >= 2n ** 255n) return Number.POSITIVE_INFINITY
  return Number(marginRatioWad) / 1e18
}

/** Taker fee per unit = min(takerFeeSpot% · S, markCap% · mark) (SPEC §3, MarginMath.takerFee). */
export function takerFeePerUnit(spot: bigint, mark: bigint, spotBps: bigint, markCapBps: bigint): bigint {
  const bySpot = (spot * spotBps) / BPS
  const byMark = (mark * markCapBps) / BPS
  return bySpot < byMark ? bySpot : byMark
}
