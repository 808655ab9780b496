import { encodeErrorResult, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'

import { livestockEngineAbi, oracleHubAbi, orderRouterAbi } from './generated'
import { cancelReason, chainNowFrom, deriveOrders, formatCountdown, orderBlockReason, orderExpiry, pendingState, type StoredOrder } from './orders'
import { WAD } from './fixedPoint'

const trader = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const keeper = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const token = '0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82'
const timing = { minDelay: 2, settleWindow: 5, maxLifetime: 120 }

const stored = (over: Partial<StoredOrder> = {}): StoredOrder => ({
  trader,
  committedAt: 1_000,
  expiresAt: 1_060,
  marketId: 7,
  isBuy: true,
  size: WAD / 2n,
  acceptablePrice: 1_000n * WAD,
  token,
  underlying: 0,
  fee: 10n ** 15n,
  ...over,
})

const committed = (id: bigint, over: Partial<StoredOrder> = {}) => ({ id, order: stored(over), blockNumber: 10n + id })

const slippage = (price: bigint, limit: bigint) => encodeErrorResult({ abi: livestockEngineAbi, errorName: 'SlippageExceeded', args: [price, limit] })
const expired = (id: bigint) => encodeErrorResult({ abi: orderRouterAbi, errorName: 'OrderExpired', args: [id] })

describe('orderExpiry', () => {
  it('is a minute after now by default, inside the router window', () => {
    expect(orderExpiry(1_000n, timing)).toBe(1_060n)
  })
  it('never asks for less than the settlement window or more than the lifetime', () => {
    expect(orderExpiry(1_000n, timing, 1)).toBe(1_009n)
    expect(orderExpiry(1_000n, { ...timing, maxLifetime: 30 })).toBe(1_028n)
  })
})

describe('pendingState', () => {
  it('waits for the first report after minDelay, then settles, then expires', () => {
    expect(pendingState(1_000, 1_060, 1_001, timing)).toEqual({ phase: 'waiting', secondsLeft: 59, canCancel: false })
    expect(pendingState(1_000, 1_060, 1_002, timing)).toEqual({ phase: 'settling', secondsLeft: 58, canCancel: false })
    expect(pendingState(1_000, 1_060, 1_030, timing)).toEqual({ phase: 'settling', secondsLeft: 30, canCancel: false })
  })
  it('can be cancelled only once the chain is past expiresAt (the router wants block.timestamp > expiresAt)', () => {
    expect(pendingState(1_000, 1_060, 1_060, timing).canCancel).toBe(false)
    expect(pendingState(1_000, 1_060, 1_061, timing)).toEqual({ phase: 'expired', secondsLeft: 0, canCancel: true })
  })
})

describe('deriveOrders', () => {
  it('lists filled, cancelled and pending orders newest first', () => {
    const rows = deriveOrders({
      trader,
      now: 1_010,
      timing,
      logs: {
        committed: [committed(1n), committed(2n, { isBuy: false }), committed(3n)],
        settled: [{ id: 1n, price: 990n * WAD, observedAt: 1_002n, blockNumber: 20n }],
        cancelled: [{ id: 2n, by: keeper, reason: slippage(900n * WAD, 950n * WAD), blockNumber: 21n }],
      },
      pendingIds: [3n],
    })
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [3n, 'pending'],
      [2n, 'cancelled'],
      [1n, 'filled'],
    ])
    const [pending, cancelled, filled] = rows
    expect(pending).toMatchObject({ status: 'pending', phase: 'settling', secondsLeft: 50, marketId: 7n, expiresAt: 1_060n, token })
    expect(pending.order).toEqual(stored())
    expect(filled.status === 'filled' && filled.price).toBe(990n * WAD)
    expect(cancelled.status === 'cancelled' && cancelled.reason).toBe('The price at settlement, $900.00, was below your lowest acceptable price of $950.00')
    expect(cancelled.status === 'cancelled' && cancelled.byTrader).toBe(false)
  })

  it('lets an expired pending order be cancelled', () => {
    const [row] = deriveOrders({ trader, now: 1_100, timing, logs: { committed: [committed(9n)], settled: [], cancelled: [] }, pendingIds: [9n] })
    expect(row).toMatchObject({ id: 9n, status: 'pending', phase: 'expired', canCancel: true })
  })

  it('trusts the logs over a pending id read a block earlier, and leaves out a commitment that is neither', () => {
    const rows = deriveOrders({
      trader,
      now: 1_010,
      timing,
      logs: { committed: [committed(3n), committed(4n)], settled: [{ id: 3n, price: WAD, observedAt: 1_002n, blockNumber: 20n }], cancelled: [] },
      pendingIds: [3n],
    })
    expect(rows.map((r) => [r.id, r.status])).toEqual([[3n, 'filled']])
  })

  it('ignores another trader’s orders and settlements of orders it never saw committed', () => {
    const rows = deriveOrders({
      trader,
      now: 1_010,
      timing,
      logs: { committed: [committed(5n, { trader: keeper })], settled: [{ id: 4n, price: WAD, observedAt: 1n, blockNumber: 2n }], cancelled: [] },
      pendingIds: [5n],
    })
    expect(rows).toEqual([])
  })

  it('marks the trader’s own cancel after expiry', () => {
    const [row] = deriveOrders({
      trader,
      now: 1_100,
      timing,
      logs: { committed: [committed(6n)], settled: [], cancelled: [{ id: 6n, by: trader, reason: expired(6n), blockNumber: 30n }] },
      pendingIds: [],
    })
    expect(row.status === 'cancelled' && row.byTrader).toBe(true)
    expect(row.status === 'cancelled' && row.reason).toBe('Order #6 expired before a signed price settled it: the fee was returned')
  })
})

describe('cancelReason', () => {
  it('words the engine’s refusals', () => {
    expect(cancelReason(slippage(1_050n * WAD, 1_000n * WAD), true)).toBe(
      'The price at settlement, $1,050.00, was above your highest acceptable price of $1,000.00',
    )
    const margin = encodeErrorResult({ abi: livestockEngineAbi, errorName: 'InsufficientMargin', args: [1n, 2n] })
    expect(cancelReason(margin, true)).toBe('Not enough margin for this trade')
    const paused = encodeErrorResult({ abi: livestockEngineAbi, errorName: 'Paused' })
    expect(cancelReason(paused, true)).toMatch(/^Trading is paused/)
    const stale = encodeErrorResult({ abi: oracleHubAbi, errorName: 'StalePrice', args: [`0x${'42544300'.padEnd(64, '0')}` as Hex] })
    expect(cancelReason(stale, true)).toMatch(/^Price feed BTC is stale/)
  })
  it('says so when there is no reason or an unknown one', () => {
    expect(cancelReason('0x', true)).toBe('The order could not execute (no reason given)')
    expect(cancelReason('0xdeadbeef', true)).toBe('Unknown error (0xdeadbeef)')
  })
})

describe('formatCountdown / chainNowFrom', () => {
  it('formats seconds', () => {
    expect(formatCountdown(45.7)).toBe('45 s')
    expect(formatCountdown(120)).toBe('2 min')
    expect(formatCountdown(125)).toBe('2 min 5 s')
    expect(formatCountdown(-3)).toBe('0 s')
  })
  it('adds the wall seconds since the block was seen', () => {
    expect(chainNowFrom(1_000, 5_000, 7_999)).toBe(1_002)
    expect(chainNowFrom(1_000, 5_000, 4_000)).toBe(1_000)
  })
})

describe('orderBlockReason', () => {
  it('allows one pending order per account and needs the fee in the wallet', () => {
    expect(orderBlockReason({ pendingId: 4n, fee: 1n, walletBalance: 10n, symbol: 'TSLA.M' })).toBe('Order #4 is pending: wait for it to fill')
    expect(orderBlockReason({ pendingId: undefined, fee: undefined, walletBalance: 10n, symbol: 'TSLA.M' })).toBe('Loading the execution fee…')
    expect(orderBlockReason({ pendingId: undefined, fee: 10n ** 15n, walletBalance: 0n, symbol: 'TSLA.M' })).toBe(
      'Not enough TSLA.M in your wallet for the 0.001 TSLA.M execution fee',
    )
    expect(orderBlockReason({ pendingId: undefined, fee: 10n ** 15n, walletBalance: 10n ** 18n, symbol: 'TSLA.M' })).toBeUndefined()
  })
})
