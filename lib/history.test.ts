import { describe, expect, it } from 'vitest'

import {
  cumulativeEarnings,
  deviationSeries,
  dexPriceSeries,
  downsample,
  fundingRateSeries,
  premiumApr,
  referencePriceSeries,
  SEVEN_DAYS,
  sumSince,
  toSeries,
} from './history'

const WAD = 10n ** 18n
const Q112 = 2n ** 112n
/** 18-decimal token against 6-decimal USDC: the PegOracle's toWad. */
const TO_WAD = (10n ** 18n * 10n ** 18n) / 10n ** 6n

/** Cumulative price of a token worth `usd` USDC, held for `seconds` (UQ112x112 × s, raw units). */
function cumulativeFor(usd: number, seconds: number): bigint {
  const raw = (BigInt(Math.round(usd * 1e6)) * Q112) / 10n ** 18n // USDC raw per token wei
  return raw * BigInt(seconds)
}

describe('series helpers', () => {
  it('sorts, keeps one point per second (the last) and drops non-finite values', () => {
    expect(
      toSeries([
        { time: 3, value: 1 },
        { time: 1, value: 2 },
        { time: 3, value: 5 },
        { time: 2, value: Number.NaN },
      ]),
    ).toEqual([
      { time: 1, value: 2 },
      { time: 3, value: 5 },
    ])
  })

  it('downsamples evenly and keeps the newest point', () => {
    const points = Array.from({ length: 101 }, (_, i) => ({ time: i, value: i }))
    const out = downsample(points, 11)
    expect(out).toHaveLength(11)
    expect(out[0].time).toBe(0)
    expect(out.at(-1)?.time).toBe(100)
    expect(downsample(points.slice(0, 5), 11)).toHaveLength(5)
  })
})

describe('peg', () => {
  it('turns observations into the TWAP between them, in USD', () => {
    const start = 10n ** 30n
    const observations = [
      { timestamp: 1_000, priceCumulative: start },
      { timestamp: 1_300, priceCumulative: start + cumulativeFor(430, 300) },
      { timestamp: 1_600, priceCumulative: start + cumulativeFor(430, 300) + cumulativeFor(440, 300) },
    ]
    const series = dexPriceSeries(observations, TO_WAD)
    expect(series.map((p) => p.time)).toEqual([1_300, 1_600])
    expect(series[0].value).toBeCloseTo(430, 6)
    expect(series[1].value).toBeCloseTo(440, 6)
  })

  it('handles the cumulative wrapping around 2^256', () => {
    const nearTop = 2n ** 256n - cumulativeFor(430, 100)
    const series = dexPriceSeries(
      [
        { timestamp: 0, priceCumulative: nearTop },
        { timestamp: 300, priceCumulative: cumulativeFor(430, 200) },
      ],
      TO_WAD,
    )
    expect(series[0].value).toBeCloseTo(430, 6)
  })

  it('reads the reference price with the feed decimals and the split multiplier', () => {
    const series = referencePriceSeries(
      [
        { updatedAt: 10, answer: 43_000_000_000n },
        { updatedAt: 5, answer: 42_000_000_000n },
        { updatedAt: 7, answer: 0n },
      ],
      8,
      2n * WAD,
    )
    expect(series).toEqual([
      { time: 5, value: 840 },
      { time: 10, value: 860 },
    ])
  })

  it('compares each DEX point with the latest reference at or before it', () => {
    const deviation = deviationSeries(
      [
        { time: 5, value: 99 },
        { time: 10, value: 102 },
        { time: 20, value: 110 },
      ],
      [
        { time: 6, value: 100 },
        { time: 15, value: 100 },
      ],
    )
    expect(deviation.map((p) => p.time)).toEqual([10, 20])
    expect(deviation[0].value).toBeCloseTo(0.02, 10)
    expect(deviation[1].value).toBeCloseTo(0.1, 10)
  })
})

describe('funding', () => {
  it('derives the per-day rate from consecutive cumulative funding values', () => {
    const series = fundingRateSeries([
      { timestamp: 100, cumFunding: 0n },
      { timestamp: 160, cumFunding: 60n * WAD },
      { timestamp: 100 + 86_400, cumFunding: 86_400n * WAD },
    ])
    expect(series.map((p) => p.time)).toEqual([160, 86_500])
    expect(series[0].value).toBeCloseTo(86_400, 6)
    expect(series[1].value).toBeCloseTo(86_400, 6)
  })

  it('needs two accruals for a rate', () => {
    expect(fundingRateSeries([{ timestamp: 1, cumFunding: WAD }])).toEqual([])
  })
})

describe('vault earnings', () => {
  const splits = [
    { timestamp: 20, toMain: 7n * WAD, toInsurance: 2n * WAD },
    { timestamp: 10, toMain: 70n * WAD, toInsurance: 20n * WAD },
  ]

  it('accumulates what each vault received over time', () => {
    expect(cumulativeEarnings(splits)).toEqual({
      main: [
        { time: 10, value: 70 },
        { time: 20, value: 77 },
      ],
      insurance: [
        { time: 10, value: 20 },
        { time: 20, value: 22 },
      ],
    })
  })

  it('sums a window', () => {
    expect(sumSince(splits, 15, (s) => s.toMain)).toBe(7n * WAD)
    expect(sumSince(splits, 0, (s) => s.toInsurance)).toBe(22n * WAD)
  })

  it('annualises premiums over the window', () => {
    // 1% in 7 days → 365/7 %.
    expect(premiumApr(WAD, 100n * WAD, SEVEN_DAYS)).toBeCloseTo(0.01 * (365 / 7), 10)
    expect(premiumApr(WAD, 0n, SEVEN_DAYS)).toBeUndefined()
    expect(premiumApr(WAD, WAD, 0)).toBeUndefined()
  })
})
