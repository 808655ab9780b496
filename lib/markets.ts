import type { Address, ContractFunctionReturnType } from 'viem'
import type { iLivestockAbi } from './generated'
import { WAD } from './fixedPoint'

/**
 * Option markets as the engine lists them, and the option chain the Trade page shows: pure functions
 * over what `market(id)` and `quote(id, size, isBuy)` return, so the grouping and the funding
 * arithmetic are tested without a chain. All USD values and sizes are 18-decimal fixed point (WAD),
 * exactly as the contracts return them.
 */

export const BPS = 10_000n
export const SECONDS_PER_DAY = 86_400n
export const SECONDS_PER_YEAR = 365n * SECONDS_PER_DAY

/** OracleHub.Underlying: 0 BTC, 1 ETH. */
export type UnderlyingId = 0 | 1

export const UNDERLYINGS = [
  { id: 0, symbol: 'BTC', name: 'Bitcoin' },
  { id: 1, symbol: 'ETH', name: 'Ether' },
] as const satisfies readonly { id: UnderlyingId; symbol: string; name: string }[]

export type UnderlyingSymbol = (typeof UNDERLYINGS)[number]['symbol']

export function underlyingSymbol(id: number): UnderlyingSymbol {
  return id === 1 ? 'ETH' : 'BTC'
}

/** `market(id)` of the engine, with its id. */
export type MarketInfo = {
  id: bigint
  token: Address
  underlying: UnderlyingId
  isCall: boolean
  strike: bigint
  /** Σ size of traders' longs (underlying units, WAD). */
  longOpenInterest: bigint
  /** Σ |size| of traders' shorts (underlying units, WAD). */
  shortOpenInterest: bigint
  cumFunding: bigint
  lastFundingTime: bigint
}

/** `quote(id, size, isBuy)` of the engine: price per unit with skew, fee for the whole size. */
export type MarketQuote = {
  price: bigint
  fee: bigint
  theo: bigint
  delta: bigint
  spot: bigint
}

/** What `market(id)` returns, typed from the ABI (a hand-written copy drifted when the struct changed). */
export type RawMarket = Pick<
  ContractFunctionReturnType<typeof iLivestockAbi, 'view', 'market'>,
  'token' | 'underlying' | 'isCall' | 'strike' | 'longOpenInterest' | 'shortOpenInterest' | 'cumFunding' | 'lastFundingTime'
>

export function toMarketInfo(id: bigint, raw: RawMarket): MarketInfo {
  return {
    id,
    token: raw.token,
    underlying: raw.underlying === 1 ? 1 : 0,
    isCall: raw.isCall,
    strike: raw.strike,
    longOpenInterest: raw.longOpenInterest,
    shortOpenInterest: raw.shortOpenInterest,
    cumFunding: raw.cumFunding,
    lastFundingTime: BigInt(raw.lastFundingTime),
  }
}

/** Traders' signed net size in a market (long − short): the vault's net short, what the skew and the cap use. */
export function netOpenInterest(market: Pick<MarketInfo, 'longOpenInterest' | 'shortOpenInterest'>): bigint {
  return market.longOpenInterest - market.shortOpenInterest
}

/** Every trader position in the market, long and short (each faces the vault): 0 when nobody holds one. */
export function grossOpenInterest(market: Pick<MarketInfo, 'longOpenInterest' | 'shortOpenInterest'>): bigint {
  return market.longOpenInterest + market.shortOpenInterest
}

/**
 * The vault size L in X that the engine prices the skew, caps open interest and measures utilisation with:
 * main vault X + X the engine owes it − X claimed by pending withdrawal requests, floored at 0 (the engine's
 * `_viewContext`).
 */
export function vaultCapital(vaultBalance: bigint, pendingMain: bigint, withdrawalReserve: bigint): bigint {
  const held = vaultBalance + pendingMain
  return held > withdrawalReserve ? held - withdrawalReserve : 0n
}

export function intrinsicValue(isCall: boolean, spot: bigint, strike: bigint): bigint {
  const value = isCall ? spot - strike : strike - spot
  return value > 0n ? value : 0n
}

/** |strike − spot| / spot in basis points, floored (the engine's `_distanceBps`). */
export function distanceBps(strike: bigint, spot: bigint): bigint {
  if (spot === 0n) return 0n
  const diff = strike > spot ? strike - spot : spot - strike
  return (diff * BPS) / spot
}

/** Beyond `closeOnlyRangeBps` from spot a market takes no new positions (SPEC §3); the engine refuses `CloseOnlyMarket`. */
export function isCloseOnly(strike: bigint, spot: bigint, closeOnlyRangeBps: bigint): boolean {
  return spot > 0n && distanceBps(strike, spot) > closeOnlyRangeBps
}

/**
 * Funding a long pays per unit per day (USD, WAD) at today's prices: (theo − intrinsic) · 1 day / T, the
 * option's time value over T. The engine accrues `cumF += V(S̄, σ̄) · Δt / T` at the interval's average spot
 * and σ; the skew premium is paid once, in the trade price, and never charged as funding.
 */
export function fundingPerDayUsd(theo: bigint, intrinsic: bigint, fundingPeriodSeconds: bigint): bigint {
  const mark = theo
  if (fundingPeriodSeconds <= 0n || mark <= intrinsic) return 0n
  return ((mark - intrinsic) * SECONDS_PER_DAY) / fundingPeriodSeconds
}

/**
 * Funding per day as a share of the option's price (theo): (theo − intrinsic) / theo · 1 day / T. An out-of-the-money
 * option is all time value, so it pays 1/T of its price a day (1/7 ≈ 14 % with T = 7 days), whatever its strike:
 * shown first, beside the USD per day, because the same number as an APR (5214 %) says nothing to a holder.
 */
export function fundingShareOfPricePerDay(theo: bigint, intrinsic: bigint, fundingPeriodSeconds: bigint): number {
  if (theo <= 0n || fundingPeriodSeconds <= 0n || theo <= intrinsic) return 0
  return Number(((theo - intrinsic) * SECONDS_PER_DAY * WAD) / fundingPeriodSeconds / theo) / 1e18
}

/** Funding a position of `size` units pays per day at `theo` (USD, WAD): size · (theo − intrinsic) · 1 day / T. */
export function positionFundingPerDayUsd(size: bigint, theo: bigint, intrinsic: bigint, fundingPeriodSeconds: bigint): bigint {
  if (fundingPeriodSeconds <= 0n || theo <= intrinsic) return 0n
  return (((size * (theo - intrinsic)) / WAD) * SECONDS_PER_DAY) / fundingPeriodSeconds
}

/** What a short receives of the funding a long of its size pays: the main vault's share (docs/decisions/014). */
export function fundingReceivedUsd(paidUsd: bigint, mainShareBps: bigint): bigint {
  return (paidUsd * mainShareBps) / BPS
}

/** Funding as a yearly fraction of theo: 0.5 = 50% APR. For display only (a number), after the daily figures. */
export function fundingApr(mark: bigint, intrinsic: bigint, fundingPeriodSeconds: bigint): number {
  if (mark <= 0n || fundingPeriodSeconds <= 0n || mark <= intrinsic) return 0
  const perYear = ((mark - intrinsic) * SECONDS_PER_YEAR * WAD) / fundingPeriodSeconds / mark
  return Number(perYear) / 1e18
}

export type ChainSide = {
  market: MarketInfo
  quote: MarketQuote | undefined
  /** Price to buy a sliver now (skewed at the current open interest), or undefined before the quote loads. */
  mark: bigint | undefined
  fundingPerDay: bigint | undefined
  /** Funding per day as a share of the price (0.14 = 14 % a day). */
  fundingSharePerDay: number | undefined
  fundingApr: number | undefined
  /** WAD, signed (puts are negative). */
  delta: bigint | undefined
  closeOnly: boolean
}

export type ChainRow = {
  strike: bigint
  call: ChainSide | undefined
  put: ChainSide | undefined
  /** The strike closest to spot: highlighted (ties go to the lower strike). */
  nearestSpot: boolean
}

export type ChainContext = {
  token: Address
  underlying: UnderlyingId
  spot: bigint
  fundingPeriodSeconds: bigint
  closeOnlyRangeBps: bigint
}

/** Markets settled in `token` on `underlying`, by strike. */
export function selectMarkets(markets: readonly MarketInfo[], token: Address, underlying: UnderlyingId): MarketInfo[] {
  const wanted = token.toLowerCase()
  return markets
    .filter((market) => market.token.toLowerCase() === wanted && market.underlying === underlying)
    .sort((a, b) => (a.strike === b.strike ? (a.isCall ? -1 : 1) : a.strike < b.strike ? -1 : 1))
}

/**
 * The option chain: one row per strike (ascending), the call on one side and the put on the other,
 * with the quote-derived columns filled in where a quote is available (keyed by market id).
 */
export function buildOptionChain(
  markets: readonly MarketInfo[],
  quotes: ReadonlyMap<bigint, MarketQuote>,
  context: ChainContext,
): ChainRow[] {
  const rows = new Map<bigint, ChainRow>()
  for (const market of selectMarkets(markets, context.token, context.underlying)) {
    const row = rows.get(market.strike) ?? { strike: market.strike, call: undefined, put: undefined, nearestSpot: false }
    const side = chainSide(market, quotes.get(market.id), context)
    if (market.isCall) row.call = side
    else row.put = side
    rows.set(market.strike, row)
  }
  const sorted = [...rows.values()].sort((a, b) => (a.strike < b.strike ? -1 : a.strike > b.strike ? 1 : 0))
  const nearest = nearestStrikeIndex(
    sorted.map((row) => row.strike),
    context.spot,
  )
  if (nearest !== undefined) sorted[nearest] = { ...sorted[nearest], nearestSpot: true }
  return sorted
}

function chainSide(market: MarketInfo, quote: MarketQuote | undefined, context: ChainContext): ChainSide {
  // The quote carries the spot the engine priced with; fall back to the hub's when it has not loaded.
  const spot = quote?.spot ?? context.spot
  const intrinsic = intrinsicValue(market.isCall, spot, market.strike)
  return {
    market,
    quote,
    mark: quote?.price,
    fundingPerDay: quote ? fundingPerDayUsd(quote.theo, intrinsic, context.fundingPeriodSeconds) : undefined,
    fundingSharePerDay: quote ? fundingShareOfPricePerDay(quote.theo, intrinsic, context.fundingPeriodSeconds) : undefined,
    fundingApr: quote ? fundingApr(quote.theo, intrinsic, context.fundingPeriodSeconds) : undefined,
    delta: quote?.delta,
    closeOnly: isCloseOnly(market.strike, spot, context.closeOnlyRangeBps),
  }
}

export function nearestStrikeIndex(strikes: readonly bigint[], spot: bigint): number | undefined {
  if (strikes.length === 0 || spot <= 0n) return undefined
  let best = 0
  for (let i = 1; i < strikes.length; i++) {
    const distance = abs(strikes[i] - spot)
    const bestDistance = abs(strikes[best] - spot)
    if (distance < bestDistance) best = i
  }
  return best
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value
}

/** "BTC 100,000 call". */
export function describeMarket(market: Pick<MarketInfo, 'underlying' | 'strike' | 'isCall'>): string {
  const strike = Number(market.strike / WAD).toLocaleString('en-US')
  return `${underlyingSymbol(market.underlying)} ${strike} ${market.isCall ? 'call' : 'put'}`
}

/** Open interest in USD notional (size × spot), the way the engine caps it. */
export function notionalUsd(size: bigint, spot: bigint): bigint {
  return (size * spot) / WAD
}
