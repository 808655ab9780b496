import { describe, expect, it } from 'vitest'

import { answerToWad, deviationSeries, priceSeries, twapPrices } from './prices'
import { WAD } from '../fixedPoint'

const Q112 = 2n ** 112n
/** 18-decimal token against 6-decimal USDC: the PegOracle's toWad. */
const TO_WAD = (10n ** 18n * 10n ** 18n) / 10n ** 6n

/** Cumulative price of a token worth `usd` USDC, held for `seconds` (UQ112x112 × s, raw units). */
function cumulativeFor(usd: number, seconds: number): bigint {
  const raw = (BigInt(Math.round(usd * 1e6)) * Q112) / 10n ** 18n // USDC raw per token wei
  return raw * BigInt(seconds)
}

describe('peg', () => {
  it('turns observations into the TWAP between them, in USD', () => {
    const start = 10n ** 30n
    const observations = [
      { timestamp: 1_000, priceCumulative: start },
      { timestamp: 1_300, priceCumulative: start + cumulativeFor(430, 300) },
      { timestamp: 1_600, priceCumulative: start + cumulativeFor(430, 300) + cumulativeFor(440, 300) },
    ]
    const series = priceSeries(twapPrices(observations, TO_WAD))
    expect(series.map((p) => p.time)).toEqual([1_300, 1_600])
    expect(series[0].value).toBeCloseTo(430, 6)
    expect(series[1].value).toBeCloseTo(440, 6)
  })

  it('handles the cumulative wrapping around 2^256', () => {
    const nearTop = 2n ** 256n - cumulativeFor(430, 100)
    const series = priceSeries(
      twapPrices(
        [
          { timestamp: 0, priceCumulative: nearTop },
          { timestamp: 300, priceCumulative: cumulativeFor(430, 200) },
        ],
        TO_WAD,
      ),
    )
    expect(series[0].value).toBeCloseTo(430, 6)
  })

  it('reads the reference price with the feed decimals and the split multiplier', () => {
    const answers = [
      { updatedAt: 10, answer: 43_000_000_000n },
      { updatedAt: 5, answer: 42_000_000_000n },
      { updatedAt: 7, answer: 0n },
    ]
    const series = priceSeries(answers.map((a) => ({ timestamp: a.updatedAt, price: answerToWad(a.answer, 8, 2n * WAD) })))
    expect(series).toEqual([
      { time: 5, value: 840 },
      { time: 10, value: 860 },
    ])
  })

  it('takes Data Streams prices (18 decimals) as they are', () => {
    expect(answerToWad(430n * WAD, 18)).toBe(430n * WAD)
    expect(answerToWad(43_000_000_000n, 8)).toBe(430n * WAD)
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
