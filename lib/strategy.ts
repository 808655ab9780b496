import type { OrderRow } from './orders'
import { premiumOf, type TradeSide } from './tradeRisk'

/**
 * Two-leg strategies sent as one ticket (issue 15): a call spread (buy the K1 call, sell the K2 call, K2 > K1, same
 * underlying and token) and a straddle (buy or sell the call and the put at one strike). The order router holds
 * one pending order per account and token, so the legs go one after the other: leg 2 only once leg 1 has filled.
 */

export type StrategyKind = 'callSpread' | 'straddle'

export type StrategyLeg = { marketId: bigint; side: TradeSide; isCall: boolean; strike: bigint }

export type StrategyMarket = { id: bigint; isCall: boolean; strike: bigint }

export type LegsResult = { ok: true; legs: [StrategyLeg, StrategyLeg] } | { ok: false; error: string }

/** The two legs, or why the chosen strikes do not make the strategy. */
export function strategyLegs(args: {
  kind: StrategyKind
  /** Spread: the bought call (K1) and the sold call (K2). Straddle: the call and the put at K. */
  first: StrategyMarket | undefined
  second: StrategyMarket | undefined
  /** Straddle only: buy both legs or sell both. */
  side: TradeSide
}): LegsResult {
  const { kind, first, second, side } = args
  if (!first || !second) return { ok: false, error: kind === 'callSpread' ? 'Pick both strikes' : 'Pick a strike with both a call and a put' }
  if (kind === 'callSpread') {
    if (!first.isCall || !second.isCall) return { ok: false, error: 'Both legs of a call spread are calls' }
    if (second.strike <= first.strike) return { ok: false, error: 'The sold strike (K2) must be above the bought one (K1)' }
    return { ok: true, legs: [leg(first, 'buy'), leg(second, 'sell')] }
  }
  if (!first.isCall || second.isCall) return { ok: false, error: 'A straddle is a call and a put' }
  if (first.strike !== second.strike) return { ok: false, error: 'A straddle’s call and put share one strike' }
  return { ok: true, legs: [leg(first, side), leg(second, side)] }
}

function leg(market: StrategyMarket, side: TradeSide): StrategyLeg {
  return { marketId: market.id, side, isCall: market.isCall, strike: market.strike }
}

/**
 * Net premium of the two legs at their quoted prices: > 0 paid (a debit), < 0 received (a credit).
 * A long call spread's and a long straddle's most loss is this debit; a short straddle's is unbounded.
 */
export function netPremium(legs: readonly StrategyLeg[], size: bigint, prices: readonly (bigint | undefined)[]): bigint | undefined {
  let net = 0n
  for (const [i, l] of legs.entries()) {
    const price = prices[i]
    if (price === undefined) return undefined
    const premium = premiumOf(l.side, size, price)
    net += l.side === 'buy' ? premium : -premium
  }
  return net
}

export type LegStatus = { status: 'waiting' } | { status: 'filled'; price: bigint } | { status: 'cancelled'; reason: string }

/**
 * How a committed leg stands in the trader's orders: the newest order on its market placed after `afterId` (the
 * highest order id known before the commit).
 */
export function legStatus(rows: readonly OrderRow[], marketId: bigint, afterId: bigint): LegStatus {
  const row = rows.find((r) => r.id > afterId && r.marketId === marketId)
  if (!row || row.status === 'pending') return { status: 'waiting' }
  if (row.status === 'filled') return { status: 'filled', price: row.price }
  return { status: 'cancelled', reason: row.reason }
}

/** The highest order id in the rows (0 when none). */
export function highestOrderId(rows: readonly OrderRow[]): bigint {
  return rows.reduce((max, r) => (r.id > max ? r.id : max), 0n)
}

export type StrategyPhase =
  | { phase: 'idle' }
  | { phase: 'sending'; leg: 1 | 2 }
  | { phase: 'pending'; leg: 1 | 2; afterId: bigint }
  | { phase: 'done' }
  | { phase: 'stopped'; leg: 1 | 2; reason: string }

/** The words the ticket shows for each phase. */
export function describeStrategyPhase(p: StrategyPhase): string {
  switch (p.phase) {
    case 'idle':
      return ''
    case 'sending':
      return `Leg ${p.leg} of 2: confirm in your wallet…`
    case 'pending':
      return `Leg ${p.leg} of 2: waiting for the fill…`
    case 'done':
      return 'Both legs filled'
    case 'stopped':
      return p.leg === 1 ? `Leg 1 of 2 stopped: ${p.reason}. Leg 2 was not sent.` : `Leg 2 of 2 stopped: ${p.reason}. Leg 1 stays open.`
  }
}
