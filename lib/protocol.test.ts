import { describe, expect, it } from 'vitest'

import {
  closeBlockReason,
  describeVaultPause,
  openBlockReason,
  pegStateFromCode,
  type StockState,
  toStockState,
  tradeWarnings,
  type UnderlyingFeedState,
  vaultPauseFromCode,
} from './protocol'
import { WAD } from './fixedPoint'

const healthy: StockState = {
  refPrice: 430n * WAD,
  dexPrice: 431n * WAD,
  collateralPrice: 430n * WAD,
  settlementPrice: 430n * WAD,
  deviationWad: WAD / 430n,
  peg: 'healthy',
  marketOpen: true,
  refFresh: true,
}
const btc: UnderlyingFeedState = { symbol: 'BTC', spot: 95_000n * WAD, spotFresh: true, volatility: WAD / 2n, volatilityFresh: true }
const gate = { stock: healthy, symbol: 'TSLA.M', underlying: btc, enginePaused: false, closeOnly: false }

describe('peg and pause codes', () => {
  it('maps the contract enums', () => {
    expect([0, 1, 2, 9].map(pegStateFromCode)).toEqual(['healthy', 'strained', 'broken', 'broken'])
    expect([0, 1, 2, 3, 9].map(vaultPauseFromCode)).toEqual(['none', 'market-closed', 'peg-not-healthy', 'insolvent', 'none'])
    expect(toStockState({ ...healthy, peg: 1 }).peg).toBe('strained')
  })

  it('explains vault pauses per action', () => {
    expect(describeVaultPause('none', 'deposit')).toBeUndefined()
    expect(describeVaultPause('market-closed', 'deposit')).toBe('Deposits paused: stock market closed')
    expect(describeVaultPause('peg-not-healthy', 'withdraw')).toBe('Withdrawals paused: peg not healthy')
    expect(describeVaultPause('insolvent', 'deposit')).toMatch(/owes more/)
  })
})

describe('openBlockReason', () => {
  it('lets a healthy market trade', () => {
    expect(openBlockReason(gate)).toBeUndefined()
  })

  it.each([
    ['loading', { ...gate, stock: undefined }, 'Loading market state…'],
    ['paused', { ...gate, enginePaused: true }, 'Trading paused by the guardian'],
    ['stale reference', { ...gate, stock: { ...healthy, refFresh: false } }, 'TSLA.M reference price is stale'],
    ['strained peg', { ...gate, stock: { ...healthy, peg: 'strained' as const } }, 'TSLA.M peg strained: new positions paused'],
    ['broken peg', { ...gate, stock: { ...healthy, peg: 'broken' as const } }, 'TSLA.M peg broken: new positions paused'],
    ['stale spot', { ...gate, underlying: { ...btc, spotFresh: false } }, 'BTC price feed is stale'],
    ['stale vol', { ...gate, underlying: { ...btc, volatilityFresh: false } }, 'BTC volatility feed is stale'],
    ['close-only', { ...gate, closeOnly: true }, 'Close-only strike: too far from spot'],
  ])('blocks opening when %s', (_label, input, reason) => {
    expect(openBlockReason(input)).toBe(reason)
  })

  it('does not block on a closed stock market, but warns', () => {
    const closed = { ...healthy, marketOpen: false }
    expect(openBlockReason({ ...gate, stock: closed })).toBeUndefined()
    expect(tradeWarnings(closed, 'TSLA.M')[0]).toMatch(/market is closed/)
    expect(tradeWarnings(healthy, 'TSLA.M')).toEqual([])
  })
})

describe('closeBlockReason', () => {
  it('allows closing through a broken peg or a pause', () => {
    expect(closeBlockReason({ ...healthy, peg: 'broken' }, 'TSLA.M', btc)).toBeUndefined()
  })

  it('needs a fresh underlying and a settlement price', () => {
    expect(closeBlockReason(healthy, 'TSLA.M', { ...btc, spotFresh: false })).toMatch(/BTC price is stale/)
    expect(closeBlockReason({ ...healthy, settlementPrice: 0n }, 'TSLA.M', btc)).toMatch(/no settlement price/)
    expect(closeBlockReason(undefined, 'TSLA.M', btc)).toBe('Loading market state…')
  })
})
