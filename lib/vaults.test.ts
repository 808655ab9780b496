import { describe, expect, it } from 'vitest'

import { netOfExitFee, SHARE_UNIT, sharePrice, sharesToAssets, tokenValueUsd, withdrawalState } from './vaults'
import { WAD } from './fixedPoint'


describe('vault arithmetic', () => {
  it('values shares with 24 decimals: one share of a fresh vault is one token', () => {
    expect(sharesToAssets(SHARE_UNIT * 5n, WAD)).toBe(5n * WAD)
    expect(sharesToAssets(SHARE_UNIT / 2n, (WAD * 11n) / 10n)).toBe((WAD * 11n) / 20n)
    expect(sharePrice((WAD * 105n) / 100n)).toBeCloseTo(1.05, 12)
  })

  it('prices tokens in USD', () => {
    expect(tokenValueUsd(10n * WAD, 430n * WAD)).toBe(4_300n * WAD)
  })

  it('takes the exit fee rounded up, against the LP', () => {
    expect(netOfExitFee(1_000n * WAD, 30)).toEqual({ net: 997n * WAD, fee: 3n * WAD })
    expect(netOfExitFee(1n, 30)).toEqual({ net: 0n, fee: 1n })
    expect(netOfExitFee(1_000n, 0)).toEqual({ net: 1_000n, fee: 0n })
  })

  it('tells a cooling request from a ready one', () => {
    expect(withdrawalState(undefined, undefined)).toEqual({ kind: 'none' })
    expect(withdrawalState({ shares: 0n, readyAt: 0n }, 0n)).toEqual({ kind: 'none' })
    expect(withdrawalState({ shares: 5n, readyAt: 100n }, 42n)).toEqual({ kind: 'cooling', shares: 5n, secondsLeft: 42n })
    expect(withdrawalState({ shares: 5n, readyAt: 100n }, 0n)).toEqual({ kind: 'ready', shares: 5n })
  })
})
