import type { Address, Hex } from 'viem'

import { PROTOCOL_ABIS } from './abis'
import { formatToken, formatUsdWad } from './format'
import { decodeErrorData, describeErrorData } from './txError'

/**
 * Two-step orders (SPEC §9.1, OrderRouter): what the app shows of the connected trader's orders, derived
 * without React or a chain so every branch is tested. An order is committed (pending), then either settled
 * by a keeper at signed prices (filled, with the fill price) or cancelled — by the settlement, with the
 * engine's error as its reason, or by the trader after expiry (fee back).
 */

/** Order timing from the deployment (`streams` section) or the router's `params()`, in seconds. */
export type OrderTiming = { minDelay: number; settleWindow: number; maxLifetime: number }

/** How long an order stays valid by default; the router allows minDelay + settleWindow … maxLifetime. */
export const DEFAULT_ORDER_LIFETIME_SECONDS = 60

/** expiresAt for an order committed at (about) `chainNow`, clamped into the window the router accepts. */
export function orderExpiry(chainNow: bigint, timing: OrderTiming, lifetime = DEFAULT_ORDER_LIFETIME_SECONDS): bigint {
  // A second of margin at each end: the commit lands in a block one or two seconds after `chainNow`.
  const earliest = timing.minDelay + timing.settleWindow + 2
  const latest = Math.max(earliest, timing.maxLifetime - 2)
  return chainNow + BigInt(Math.min(Math.max(lifetime, earliest), latest))
}

/** An order as `OrderCommitted` carries it (the router stores only its hash; cancel passes it back). */
export type StoredOrder = {
  trader: Address
  committedAt: number
  expiresAt: number
  marketId: number
  /** Buy (size added to the position) or sell (size taken off it). */
  isBuy: boolean
  /** Unsigned: the side is `isBuy`. */
  size: bigint
  acceptablePrice: bigint
  token: Address
  underlying: number
  fee: bigint
}

export type CommittedOrder = { id: bigint; order: StoredOrder; blockNumber: bigint }

export type OrderLogs = {
  committed: readonly CommittedOrder[]
  settled: readonly { id: bigint; price: bigint; observedAt: bigint; blockNumber: bigint }[]
  cancelled: readonly { id: bigint; by: Address; reason: Hex; blockNumber: bigint }[]
}

/**
 * Where a pending order stands: before its first admissible report (`waiting`), settleable (`settling`: a keeper
 * may still settle it with the reports observed in its window until it expires, even if it fetches them late), or
 * expired (only its trader's cancel is left).
 */
export type PendingPhase = 'waiting' | 'settling' | 'expired'

type OrderFields = {
  id: bigint
  /** The order as committed: what `cancel` passes back. */
  order: StoredOrder
  marketId: bigint
  isBuy: boolean
  size: bigint
  acceptablePrice: bigint
  expiresAt: bigint
  fee: bigint
  token: Address
}

export type OrderRow = OrderFields &
  (
    | { status: 'pending'; phase: PendingPhase; secondsLeft: number; canCancel: boolean }
    | { status: 'filled'; price: bigint; observedAt: bigint; settledBlock: bigint }
    | { status: 'cancelled'; reason: string; byTrader: boolean; settledBlock: bigint }
  )

function fields(id: bigint, order: StoredOrder): OrderFields {
  return {
    id,
    order,
    marketId: BigInt(order.marketId),
    isBuy: order.isBuy,
    size: order.size,
    acceptablePrice: order.acceptablePrice,
    expiresAt: BigInt(order.expiresAt),
    fee: order.fee,
    token: order.token,
  }
}

/**
 * Every order of the trader that the logs know, newest first: settled → filled, cancelled → cancelled, and a
 * commitment that is still the account's pending order (`pendingOrderOf`) → pending. A commitment that is none
 * of these completed in a block the logs were read before: it is left out until they catch up.
 */
export function deriveOrders(args: {
  trader: Address
  logs: OrderLogs
  /** `pendingOrderOf(trader, token)` of every stock token, zeros left out. */
  pendingIds: readonly bigint[]
  /** The chain's "now" (unix seconds) as the next block would carry it. */
  now: number
  timing: OrderTiming
}): OrderRow[] {
  const { trader, logs, pendingIds, now, timing } = args
  const mine = (address: string) => address.toLowerCase() === trader.toLowerCase()
  const committed = new Map(logs.committed.filter((c) => mine(c.order.trader)).map((c) => [c.id, c]))
  const rows = new Map<bigint, OrderRow>()

  for (const settled of logs.settled) {
    const c = committed.get(settled.id)
    if (!c) continue // committed before the log window: too old to list
    rows.set(settled.id, { ...fields(c.id, c.order), status: 'filled', price: settled.price, observedAt: settled.observedAt, settledBlock: settled.blockNumber })
  }
  for (const cancelled of logs.cancelled) {
    const c = committed.get(cancelled.id)
    if (!c) continue
    rows.set(cancelled.id, {
      ...fields(c.id, c.order),
      status: 'cancelled',
      reason: cancelReason(cancelled.reason, c.order.isBuy),
      byTrader: mine(cancelled.by),
      settledBlock: cancelled.blockNumber,
    })
  }
  for (const id of pendingIds) {
    const c = committed.get(id)
    if (!c || rows.has(id)) continue
    rows.set(id, { ...fields(id, c.order), status: 'pending', ...pendingState(c.order.committedAt, c.order.expiresAt, now, timing) })
  }
  return [...rows.values()].sort((a, b) => (a.id === b.id ? 0 : a.id > b.id ? -1 : 1))
}

export function pendingState(committedAt: number, expiresAt: number, now: number, timing: OrderTiming): { phase: PendingPhase; secondsLeft: number; canCancel: boolean } {
  const secondsLeft = Math.max(0, expiresAt - now)
  // The router accepts a cancel once block.timestamp > expiresAt.
  if (now > expiresAt) return { phase: 'expired', secondsLeft: 0, canCancel: true }
  if (now < committedAt + timing.minDelay) return { phase: 'waiting', secondsLeft, canCancel: false }
  return { phase: 'settling', secondsLeft, canCancel: false }
}

/** The `OrderCancelled` reason (the engine's ABI-encoded error, or `OrderExpired`) in words. */
export function cancelReason(reason: Hex, isBuy: boolean): string {
  const decoded = decodeErrorData(reason, PROTOCOL_ABIS)
  if (decoded?.errorName === 'SlippageExceeded') {
    const [price, limit] = decoded.args as readonly [bigint, bigint]
    const side = isBuy ? 'above your highest acceptable price' : 'below your lowest acceptable price'
    return `The price at settlement, ${formatUsdWad(price)}, was ${side} of ${formatUsdWad(limit)}`
  }
  return describeErrorData(reason, PROTOCOL_ABIS) ?? 'The order could not execute (no reason given)'
}

/** "45 s", "2 min 5 s". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`
}

/** What a pending order is doing, in a few words. */
export function describePhase(phase: PendingPhase): string {
  switch (phase) {
    case 'waiting':
      return 'waiting for the first signed price after it'
    case 'settling':
      return 'settling at signed prices'
    case 'expired':
      return 'expired unsettled: cancel to get the fee back'
  }
}

/**
 * "Now" as the next block will carry it: the latest block's timestamp plus the wall seconds since it was seen
 * (anvil mines on demand, and its clock may run ahead of the wall after a time jump).
 */
export function chainNowFrom(blockTimestamp: number, seenAtMs: number, nowMs: number): number {
  return blockTimestamp + Math.max(0, Math.floor((nowMs - seenAtMs) / 1000))
}

/** Why an order cannot be committed now (one pending per account; the fee comes from the wallet). */
export function orderBlockReason({ pendingId, fee, walletBalance, symbol }: { pendingId: bigint | undefined; fee: bigint | undefined; walletBalance: bigint | undefined; symbol: string }): string | undefined {
  if (pendingId !== undefined) return `Order #${pendingId} is pending: wait for it to fill`
  if (fee === undefined) return 'Loading the execution fee…'
  if (walletBalance !== undefined && walletBalance < fee) return `Not enough ${symbol} in your wallet for the ${formatToken(fee, 18, 6)} ${symbol} execution fee`
  return undefined
}
