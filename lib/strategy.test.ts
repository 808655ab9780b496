import { WAD } from './fixedPoint'
import { describe, expect, it } from 'vitest'

import type { OrderRow } from './orders'
import { describeStrategyPhase, highestOrderId, legStatus, netPremium, strategyLegs } from './strategy'

const W = WAD
const call = (id: bigint, k: bigint) => ({ id, isCall: true, strike: k * W })
const put = (id: bigint, k: bigint) => ({ id, isCall: false, strike: k * W })

function row(id: bigint, marketId: bigint, extra: Partial<OrderRow> & Pick<OrderRow, 'status'>): OrderRow {
  return { id, marketId, isBuy: true, size: W, acceptablePrice: 0n, expiresAt: 0n, fee: 0n, token: '0x0', order: {} as OrderRow['order'], ...extra } as OrderRow
}

describe('strategyLegs', () => {
  it('call spread: buy K1, sell K2 > K1', () => {
    const r = strategyLegs({ kind: 'callSpread', first: call(1n, 90_000n), second: call(2n, 95_000n), side: 'buy' })
    expect(r.ok && r.legs.map((l) => [l.marketId, l.side])).toEqual([
      [1n, 'buy'],
      [2n, 'sell'],
    ])
    expect(strategyLegs({ kind: 'callSpread', first: call(1n, 95_000n), second: call(2n, 90_000n), side: 'buy' })).toEqual({
      ok: false,
      error: 'The sold strike (K2) must be above the bought one (K1)',
    })
    expect(strategyLegs({ kind: 'callSpread', first: call(1n, 95_000n), second: undefined, side: 'buy' }).ok).toBe(false)
  })

  it('straddle: call and put at one strike, both bought or both sold', () => {
    const r = strategyLegs({ kind: 'straddle', first: call(1n, 3_000n), second: put(2n, 3_000n), side: 'sell' })
    expect(r.ok && r.legs.map((l) => l.side)).toEqual(['sell', 'sell'])
    expect(strategyLegs({ kind: 'straddle', first: call(1n, 3_000n), second: put(2n, 3_100n), side: 'buy' }).ok).toBe(false)
  })
})

describe('netPremium', () => {
  it('debit of a call spread, credit of a short straddle', () => {
    const spread = strategyLegs({ kind: 'callSpread', first: call(1n, 90_000n), second: call(2n, 95_000n), side: 'buy' })
    if (!spread.ok) throw new Error()
    expect(netPremium(spread.legs, 2n * W, [1_000n * W, 400n * W])).toBe(1_200n * W)
    const straddle = strategyLegs({ kind: 'straddle', first: call(1n, 3_000n), second: put(2n, 3_000n), side: 'sell' })
    if (!straddle.ok) throw new Error()
    expect(netPremium(straddle.legs, W, [100n * W, 90n * W])).toBe(-190n * W)
    expect(netPremium(straddle.legs, W, [100n * W, undefined])).toBeUndefined()
  })
})

describe('legStatus', () => {
  it('follows the newest order on the leg’s market after the known id', () => {
    const rows = [row(5n, 7n, { status: 'filled', price: 3n } as Partial<OrderRow> & { status: 'filled' }), row(3n, 7n, { status: 'cancelled', reason: 'old' } as Partial<OrderRow> & { status: 'cancelled' })]
    expect(legStatus(rows, 7n, 4n)).toEqual({ status: 'filled', price: 3n })
    expect(legStatus(rows, 7n, 5n)).toEqual({ status: 'waiting' })
    expect(legStatus(rows, 7n, 2n)).toEqual({ status: 'filled', price: 3n })
    expect(legStatus([row(6n, 7n, { status: 'cancelled', reason: 'price crossed' } as Partial<OrderRow> & { status: 'cancelled' })], 7n, 5n)).toEqual({
      status: 'cancelled',
      reason: 'price crossed',
    })
    expect(highestOrderId(rows)).toBe(5n)
    expect(highestOrderId([])).toBe(0n)
  })

  it('describes each phase', () => {
    expect(describeStrategyPhase({ phase: 'pending', leg: 1, afterId: 0n })).toBe('Leg 1 of 2: waiting for the fill…')
    expect(describeStrategyPhase({ phase: 'stopped', leg: 1, reason: 'cancelled' })).toContain('Leg 2 was not sent')
    expect(describeStrategyPhase({ phase: 'done' })).toBe('Both legs filled')
  })
})
