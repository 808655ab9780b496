import { describe, expect, it } from 'vitest'

import { buildOptionChain, describeMarket, distanceBps, fundingApr, fundingReceivedUsd, fundingShareOfPricePerDay, positionFundingPerDayUsd, fundingPerDayUsd, grossOpenInterest, intrinsicValue, isCloseOnly, type MarketInfo, type MarketQuote, nearestStrikeIndex, netOpenInterest, selectMarkets, toMarketInfo, vaultCapital } from './markets'
import { WAD } from './fixedPoint'

const TSLA = '0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82'
const NVDA = '0x4c5859f0F772848b2D91F1D83E2Fe57935348029'
const usd = (n: number) => BigInt(Math.round(n * 1e6)) * 10n ** 12n
const WEEK = 7n * 86_400n

let nextId = 1n
function market(token: string, underlying: 0 | 1, isCall: boolean, strike: number, longOpenInterest = 0n, shortOpenInterest = 0n): MarketInfo {
  return toMarketInfo(nextId++, {
    token: token as `0x${string}`,
    underlying,
    isCall,
    strike: usd(strike),
    longOpenInterest,
    shortOpenInterest,
    cumFunding: 0n,
    lastFundingTime: 0,
  })
}

describe('vault size L', () => {
  it('is the vault X plus pending, less what pending withdrawals claim, never negative', () => {
    expect(vaultCapital(usd(20_000), usd(100), usd(5_000))).toBe(usd(15_100))
    expect(vaultCapital(usd(20_000), 0n, 0n)).toBe(usd(20_000))
    expect(vaultCapital(usd(1_000), 0n, usd(2_000))).toBe(0n)
  })
})

describe('intrinsic value and distance', () => {
  it('is spot − strike for an ITM call, strike − spot for an ITM put, else 0', () => {
    expect(intrinsicValue(true, usd(100_000), usd(95_000))).toBe(usd(5_000))
    expect(intrinsicValue(true, usd(90_000), usd(95_000))).toBe(0n)
    expect(intrinsicValue(false, usd(90_000), usd(95_000))).toBe(usd(5_000))
    expect(intrinsicValue(false, usd(100_000), usd(95_000))).toBe(0n)
  })

  it('measures the distance from spot in floored basis points like the engine', () => {
    expect(distanceBps(usd(150_000), usd(100_000))).toBe(5_000n)
    expect(distanceBps(usd(49_999), usd(100_000))).toBe(5_000n)
    expect(distanceBps(usd(100_000), 0n)).toBe(0n)
  })

  it('marks a strike close-only beyond the close-only range, not at it', () => {
    expect(isCloseOnly(usd(150_000), usd(100_000), 5_000n)).toBe(false)
    expect(isCloseOnly(usd(150_010), usd(100_000), 5_000n)).toBe(true)
    expect(isCloseOnly(usd(45_000), usd(100_000), 5_000n)).toBe(true)
  })
})

describe('funding', () => {
  it('matches the SPEC check: σ 100%, T 7 d, ATM V ≈ 2,445 → ≈ 349 per day', () => {
    const perDay = fundingPerDayUsd(usd(2_445), 0n, WEEK)
    expect(Number(perDay) / 1e18).toBeCloseTo(349.29, 1)
  })

  it('charges only the time value: an ITM mark pays on mark − intrinsic', () => {
    expect(fundingPerDayUsd(usd(7_000), usd(5_000), WEEK)).toBe(fundingPerDayUsd(usd(2_000), 0n, WEEK))
    expect(fundingPerDayUsd(usd(5_000), usd(5_000), WEEK)).toBe(0n)
    expect(fundingPerDayUsd(usd(5_000), 0n, 0n)).toBe(0n)
  })

  it('gives funding per day as a share of the price first: 1/T for an out-of-the-money option', () => {
    expect(fundingShareOfPricePerDay(usd(1_000), 0n, WEEK)).toBeCloseTo(1 / 7, 12)
    expect(fundingShareOfPricePerDay(usd(2_000), usd(1_000), WEEK)).toBeCloseTo(1 / 14, 12)
    expect(fundingShareOfPricePerDay(usd(1_000), usd(1_000), WEEK)).toBe(0)
    // The position's USD per day is the share of its value: 0.1 units of a $1,000 OTM option pay $100 / 7 a day.
    expect(positionFundingPerDayUsd(WAD / 10n, usd(1_000), 0n, WEEK)).toBe(fundingPerDayUsd(usd(100), 0n, WEEK))
    // A short of that size receives the main share (70 %).
    expect(fundingReceivedUsd(usd(100), 7_000n)).toBe(usd(70))
  })

  it('annualises funding against the mark', () => {
    // (mark − intrinsic) / T per year / mark = 1 / (7/365) for a pure time-value mark.
    expect(fundingApr(usd(1_000), 0n, WEEK)).toBeCloseTo(365 / 7, 6)
    expect(fundingApr(usd(2_000), usd(1_000), WEEK)).toBeCloseTo(365 / 7 / 2, 6)
    expect(fundingApr(0n, 0n, WEEK)).toBe(0)
  })
})

describe('option chain', () => {
  const markets = [
    market(TSLA, 0, true, 100_000, 3n * WAD),
    market(TSLA, 0, false, 100_000, 0n, 2n * WAD),
    market(TSLA, 0, true, 90_000),
    market(TSLA, 0, false, 90_000),
    market(TSLA, 0, true, 110_000),
    market(TSLA, 1, true, 3_000),
    market(NVDA, 0, true, 95_000),
  ]

  it('selects one token and underlying, in letter-case-insensitive address terms', () => {
    const selected = selectMarkets(markets, TSLA.toLowerCase() as `0x${string}`, 0)
    expect(selected.map((m) => Number(m.strike / WAD))).toEqual([90_000, 90_000, 100_000, 100_000, 110_000])
    expect(selected[0].isCall).toBe(true)
  })

  it('puts calls and puts of a strike on one row, strikes ascending, the nearest to spot highlighted', () => {
    const quotes = new Map<bigint, MarketQuote>([
      [markets[0].id, { price: usd(4_000), fee: 0n, theo: usd(3_900), delta: WAD / 2n, spot: usd(98_000) }],
    ])
    const rows = buildOptionChain(markets, quotes, {
      token: TSLA,
      underlying: 0,
      spot: usd(98_000),
      fundingPeriodSeconds: WEEK,
      closeOnlyRangeBps: 5_000n,
    })
    expect(rows.map((row) => Number(row.strike / WAD))).toEqual([90_000, 100_000, 110_000])
    expect(rows.map((row) => row.nearestSpot)).toEqual([false, true, false])
    expect(rows[2].put).toBeUndefined()
    const call = rows[1].call
    expect(call?.mark).toBe(usd(4_000))
    expect(call?.market.longOpenInterest).toBe(3n * WAD)
    expect(rows[1].put?.market.shortOpenInterest).toBe(2n * WAD)
    expect(call?.fundingPerDay).toBe(fundingPerDayUsd(usd(3_900), 0n, WEEK)) // at theo, not the skewed mark
    // No quote yet: the row still renders, with the numbers pending.
    expect(rows[1].put?.mark).toBeUndefined()
    expect(rows[1].put?.fundingApr).toBeUndefined()
  })

  it('marks far strikes close-only using the spot of the quote when there is one', () => {
    const rows = buildOptionChain(markets, new Map(), {
      token: TSLA,
      underlying: 0,
      spot: usd(55_000),
      fundingPeriodSeconds: WEEK,
      closeOnlyRangeBps: 5_000n,
    })
    expect(rows.map((row) => row.call?.closeOnly)).toEqual([true, true, true])
  })

  it('finds the nearest strike, ties to the lower one', () => {
    expect(nearestStrikeIndex([usd(90_000), usd(100_000)], usd(95_000))).toBe(0)
    expect(nearestStrikeIndex([usd(90_000), usd(100_000)], usd(96_000))).toBe(1)
    expect(nearestStrikeIndex([], usd(96_000))).toBeUndefined()
    expect(nearestStrikeIndex([usd(90_000)], 0n)).toBeUndefined()
  })

  it('nets traders\' longs against their shorts (the vault\'s net short) and counts interest on both sides', () => {
    const longs = market(TSLA, 0, true, 100_000, 3n * WAD, WAD)
    const shorts = market(TSLA, 0, true, 100_000, WAD, 3n * WAD)
    const flat = market(TSLA, 0, true, 100_000)
    expect(netOpenInterest(longs)).toBe(2n * WAD)
    expect(netOpenInterest(shorts)).toBe(-2n * WAD)
    expect(netOpenInterest(flat)).toBe(0n)
    expect(grossOpenInterest(longs)).toBe(4n * WAD)
    expect(grossOpenInterest(market(TSLA, 0, true, 100_000, 0n, WAD))).toBe(WAD)
    expect(grossOpenInterest(flat)).toBe(0n)
  })

  it('describes a market in words', () => {
    expect(describeMarket({ underlying: 0, strike: usd(100_000), isCall: true })).toBe('BTC 100,000 call')
    expect(describeMarket({ underlying: 1, strike: usd(3_250), isCall: false })).toBe('ETH 3,250 put')
  })
})
