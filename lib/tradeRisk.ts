import type { GroupMargin } from './account'
import { maxPriceWithSlippage, minPriceWithSlippage } from './ticket'
import { mulWad, mulWadUp } from './fixedPoint'

/**
 * What one leg of a trade risks, for the ticket of either side (issue 15): the premium paid (buy) or received
 * (sell), the most the position can lose, the price bound of the order, and the offset credit the portfolio
 * margin grants. 18-decimal fixed point throughout; the engine's own views stay authoritative.
 */

export type TradeSide = 'buy' | 'sell'

/** size × price, rounded up for a buy (what is paid), down for a sale (what is received). */
export function premiumOf(side: TradeSide, size: bigint, price: bigint): bigint {
  return side === 'buy' ? mulWadUp(size, price) : mulWad(size, price)
}

export type MaxLoss = { bounded: true; value: bigint } | { bounded: false }

/**
 * Most a new position of `size` (unsigned) can lose at expiry-free everlasting terms: a long loses at most its
 * premium; a short put at most strike·q − premium (the underlying at zero); a short call is unbounded.
 */
export function maxLossOf(args: { side: TradeSide; isCall: boolean; strike: bigint; size: bigint; price: bigint }): MaxLoss {
  const premium = premiumOf(args.side, args.size, args.price)
  if (args.side === 'buy') return { bounded: true, value: premium }
  if (args.isCall) return { bounded: false }
  const worst = mulWadUp(args.size, args.strike)
  return { bounded: true, value: worst > premium ? worst - premium : 0n }
}

/** The order's acceptable price: the highest a buy pays (quote + slippage), the lowest a sale takes (quote − slippage). */
export function acceptablePriceFor(side: TradeSide, price: bigint, slippageBps: number): bigint {
  return side === 'buy' ? maxPriceWithSlippage(price, slippageBps) : minPriceWithSlippage(price, slippageBps)
}

/** Signed engine size: > 0 buys, < 0 sells. */
export function signedSize(side: TradeSide, size: bigint): bigint {
  return side === 'buy' ? size : -size
}

/** Margin the group saves by its offsets: Σ standalone IM − the group's IM (never negative). */
export function offsetCredit(group: Pick<GroupMargin, 'standaloneIm' | 'initialMargin'> | undefined): bigint | undefined {
  if (!group) return undefined
  return group.standaloneIm > group.initialMargin ? group.standaloneIm - group.initialMargin : 0n
}

/** What the engine checks on a trade: equity with the initial weight covers the initial margin. */
export function tradeAllowed(health: { equityInitial: bigint; initialMargin: bigint }): boolean {
  return health.equityInitial >= health.initialMargin
}
