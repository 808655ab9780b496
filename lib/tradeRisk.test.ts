import { WAD } from './fixedPoint'
import { describe, expect, it } from 'vitest'

import { acceptablePriceFor, maxLossOf, offsetCredit, premiumOf, signedSize, tradeAllowed } from './tradeRisk'

const W = WAD

describe('tradeRisk', () => {
  it('premium is size × price, up for a buy, down for a sale', () => {
    expect(premiumOf('buy', 2n * W, 150n * W)).toBe(300n * W)
    expect(premiumOf('buy', 1n, 1n)).toBe(1n)
    expect(premiumOf('sell', 1n, 1n)).toBe(0n)
  })

  it('max loss: long = premium, short put = K·q − premium, short call unbounded', () => {
    expect(maxLossOf({ side: 'buy', isCall: true, strike: 100_000n * W, size: 2n * W, price: 500n * W })).toEqual({ bounded: true, value: 1_000n * W })
    expect(maxLossOf({ side: 'sell', isCall: false, strike: 3_000n * W, size: 2n * W, price: 100n * W })).toEqual({ bounded: true, value: 5_800n * W })
    expect(maxLossOf({ side: 'sell', isCall: true, strike: 3_000n * W, size: 2n * W, price: 100n * W })).toEqual({ bounded: false })
    // A put sold above its strike cannot lose (premium ≥ K·q).
    expect(maxLossOf({ side: 'sell', isCall: false, strike: 10n * W, size: W, price: 20n * W })).toEqual({ bounded: true, value: 0n })
  })

  it('acceptable price: max for a buy, min for a sale', () => {
    expect(acceptablePriceFor('buy', 100n * W, 100)).toBe(101n * W)
    expect(acceptablePriceFor('sell', 100n * W, 100)).toBe(99n * W)
  })

  it('signed size and offset credit', () => {
    expect(signedSize('buy', 3n)).toBe(3n)
    expect(signedSize('sell', 3n)).toBe(-3n)
    expect(offsetCredit({ standaloneIm: 10n, initialMargin: 4n })).toBe(6n)
    expect(offsetCredit({ standaloneIm: 4n, initialMargin: 10n })).toBe(0n)
    expect(offsetCredit(undefined)).toBeUndefined()
  })

  it('a trade is allowed while equity covers the initial margin', () => {
    expect(tradeAllowed({ equityInitial: 10n, initialMargin: 10n })).toBe(true)
    expect(tradeAllowed({ equityInitial: 9n, initialMargin: 10n })).toBe(false)
  })
})
