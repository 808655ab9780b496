import { describe, expect, it } from 'vitest'

import { type MarketQuote } from './markets'
import { deadlineFrom, estimateOpen, initialMarginFor, marginRatio, maxPriceWithSlippage, maxSizeForMargin, maxSizeForOpenInterest, maxWithdrawable, minPriceWithSlippage, parseSlippage } from './ticket'
import { WAD, mulWadUp } from './fixedPoint'

const usd = (n: number) => BigInt(Math.round(n * 1e6)) * 10n ** 12n
const WEEK = 7n * 86_400n
const risk = { fundingPeriod: WEEK, imSpotBps: 1_000n, oiCapBps: 1_000n, closedOiCapBps: 2_500n }
const quote: MarketQuote = { price: usd(4_100), fee: usd(28.5), theo: usd(4_000), delta: WAD / 2n, spot: usd(95_000) }

describe('slippage', () => {
  it('parses a percentage into basis points', () => {
    expect(parseSlippage('1')).toEqual({ ok: true, bps: 100 })
    expect(parseSlippage(' 0.5 ')).toEqual({ ok: true, bps: 50 })
    expect(parseSlippage('.25')).toEqual({ ok: true, bps: 25 })
  })

  it.each([
    ['', 'Enter a slippage tolerance'],
    ['abc', 'Enter a percentage, like 1 or 0.5'],
    ['-1', 'Enter a percentage, like 1 or 0.5'],
    ['0.001', 'At most two decimals (0.01%)'],
    ['0', 'Slippage must be at least 0.01%'],
    ['51', 'Slippage above 50% is refused'],
  ])('refuses %j', (input, error) => {
    expect(parseSlippage(input)).toEqual({ ok: false, error })
  })

  it('bounds the price: 1% above for a buy (rounded up), 1% below for a sale (rounded down)', () => {
    expect(maxPriceWithSlippage(usd(4_100), 100)).toBe(usd(4_141))
    expect(maxPriceWithSlippage(101n, 100)).toBe(103n) // 102.01 → 103: the quote itself always passes
    expect(minPriceWithSlippage(usd(4_100), 100)).toBe(usd(4_059))
    expect(minPriceWithSlippage(101n, 100)).toBe(99n)
    expect(minPriceWithSlippage(usd(1), 20_000)).toBe(0n)
  })

  it('sets the deadline five minutes ahead by default', () => {
    expect(deadlineFrom(1_000n)).toBe(1_300n)
    expect(deadlineFrom(1_000n, 60)).toBe(1_060n)
  })
})

describe('margin arithmetic', () => {
  it('takes IM per unit as min(theo, 10% of spot), rounded up', () => {
    expect(initialMarginFor(WAD, usd(4_000), usd(95_000), 1_000n)).toBe(usd(4_000))
    expect(initialMarginFor(WAD, usd(12_000), usd(95_000), 1_000n)).toBe(usd(9_500))
    expect(initialMarginFor(WAD / 10n, usd(4_000), usd(95_000), 1_000n)).toBe(usd(400))
    expect(mulWadUp(1n, 1n)).toBe(1n)
  })

  it('estimates an open: fee and skew come off equity, IM grows, funding at theo (the skew is paid once)', () => {
    const size = WAD / 10n
    const estimate = estimateOpen(size, quote, usd(95_000), true, risk, { equityInitial: usd(10_000), initialMargin: usd(1_000) })
    expect(estimate.premium).toBe(usd(410))
    expect(estimate.skewCost).toBe(usd(10))
    expect(estimate.equityAfter).toBe(usd(10_000 - 28.5 - 10))
    expect(estimate.initialMarginAfter).toBe(usd(1_400))
    expect(estimate.marginOk).toBe(true)
    // Spot = strike: theo is all time value. 0.1 × 4,000 / 7 per day; the $10 of skew is not charged again.
    expect(Number(estimate.fundingPerDay) / 1e18).toBeCloseTo(400 / 7, 6)
  })

  it('says the margin is short when equity after is below IM after', () => {
    const estimate = estimateOpen(WAD, quote, usd(95_000), true, risk, { equityInitial: usd(4_000), initialMargin: 0n })
    expect(estimate.marginOk).toBe(false)
    expect(estimateOpen(WAD, quote, usd(95_000), true, risk, undefined).marginOk).toBeUndefined()
  })

  it('sizes the largest trade the free margin covers', () => {
    const max = maxSizeForMargin({ equityInitial: usd(5_000), initialMargin: usd(1_000) }, quote, WAD, risk)
    // per unit: IM 4,000 + fee 28.5 + skew 100 = 4,128.5 → 4,000 / 4,128.5
    expect(Number(max) / 1e18).toBeCloseTo(4_000 / 4_128.5, 9)
    const check = estimateOpen(max, { ...quote, fee: mulWadUp(max, usd(28.5)) }, usd(95_000), true, risk, {
      equityInitial: usd(5_000),
      initialMargin: usd(1_000),
    })
    expect(check.marginOk).toBe(true)
    expect(maxSizeForMargin({ equityInitial: usd(1_000), initialMargin: usd(1_000) }, quote, WAD, risk)).toBe(0n)
  })

  it('leaves room under the open-interest cap, a quarter of it while the stock market is closed', () => {
    // capital $9.5M → cap $950k → 10 BTC at 95k; 4 already open.
    expect(maxSizeForOpenInterest(4n * WAD, usd(95_000), usd(9_500_000), risk, true)).toBe(6n * WAD)
    expect(maxSizeForOpenInterest(2n * WAD, usd(95_000), usd(9_500_000), risk, false)).toBe(WAD / 2n)
    expect(maxSizeForOpenInterest(20n * WAD, usd(95_000), usd(9_500_000), risk, true)).toBe(0n)
    expect(maxSizeForOpenInterest(0n, 0n, usd(9_500_000), risk, true)).toBe(0n)
  })

  it('counts the net: a buy into traders\' net short first unwinds it, then grows up to the cap', () => {
    // Cap 10 BTC. Net −4: buying 14 ends at +10.
    expect(maxSizeForOpenInterest(-4n * WAD, usd(95_000), usd(9_500_000), risk, true)).toBe(14n * WAD)
    // Net −25 (already past the cap): a buy up to 50 ends at +25, no larger than before.
    expect(maxSizeForOpenInterest(-25n * WAD, usd(95_000), usd(9_500_000), risk, true)).toBe(50n * WAD)
  })

  it('frees the whole collateral without positions, and only the excess over IM with them', () => {
    const base = { collateral: 100n * WAD, equityInitial: usd(15_050), initialMargin: usd(5_000), collateralPrice: usd(430), initialWeightBps: 3_500n }
    expect(maxWithdrawable({ ...base, hasPositions: false })).toBe(100n * WAD)
    // free 10,050 / (430 × 0.35 = 150.5) = 66.777… tokens, one wei under
    const max = maxWithdrawable({ ...base, hasPositions: true })
    expect(Number(max) / 1e18).toBeCloseTo(10_050 / 150.5, 9)
    expect(maxWithdrawable({ ...base, hasPositions: true, initialMargin: usd(20_000) })).toBe(0n)
    expect(maxWithdrawable({ ...base, hasPositions: true, initialMargin: 0n, equityInitial: usd(1_000_000) })).toBe(100n * WAD)
  })

  it('turns the margin ratio into a number, infinite when equity is gone', () => {
    expect(marginRatio(WAD / 4n)).toBe(0.25)
    expect(marginRatio(2n ** 256n - 1n)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('taker fee', () => {
  it('is 0.03% of spot, capped at 12.5% of the mark', async () => {
    const { takerFeePerUnit } = await import('./ticket')
    expect(takerFeePerUnit(usd(95_000), usd(4_000), 3n, 1_250n)).toBe(usd(28.5))
    expect(takerFeePerUnit(usd(95_000), usd(100), 3n, 1_250n)).toBe(usd(12.5))
  })
})
