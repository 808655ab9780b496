import { type Point, toSeries, wadToNumber } from './series'
import { WAD } from '../fixedPoint'

/** A price at a time: USD with 18 decimals (WAD), unix seconds of chain time. */
export type PriceUpdate = { timestamp: number; price: bigint }

const Q112 = 2n ** 112n
const UINT256 = 2n ** 256n

/**
 * A feed answer in USD WAD: `answer` has the feed's `decimals` (8 for Chainlink-style push feeds, 18 for Data
 * Streams), and a stock's reference is the answer × its split multiplier (WAD; 1 where the feed has none).
 */
export function answerToWad(answer: bigint, decimals: number, multiplierWad: bigint = WAD): bigint {
  const scaled = decimals <= 18 ? answer * 10n ** BigInt(18 - decimals) : answer / 10n ** BigInt(decimals - 18)
  return (scaled * multiplierWad) / WAD
}

/**
 * DEX price between consecutive PegOracle observations: the average of the pair's cumulative price over the
 * interval (the oracle's own TWAP formula), converted to USD with the pair's `toWad`. Uniswap V2 cumulatives wrap
 * around by design, so the difference is taken modulo 2^256.
 */
export function twapPrices(observations: readonly { timestamp: number; priceCumulative: bigint }[], toWad: bigint): PriceUpdate[] {
  const sorted = [...observations].sort((a, b) => a.timestamp - b.timestamp)
  const out: PriceUpdate[] = []
  for (let i = 1; i < sorted.length; i++) {
    const dt = sorted[i].timestamp - sorted[i - 1].timestamp
    if (dt <= 0) continue
    const delta = (((sorted[i].priceCumulative - sorted[i - 1].priceCumulative) % UINT256) + UINT256) % UINT256
    out.push({ timestamp: sorted[i].timestamp, price: ((delta / BigInt(dt)) * toWad) / Q112 })
  }
  return out
}

/** Prices as a chart series; zero and negative prices (no answer yet) are left out. */
export function priceSeries(updates: readonly PriceUpdate[]): Point[] {
  return toSeries(updates.filter((u) => u.price > 0n).map((u) => ({ time: u.timestamp, value: wadToNumber(u.price) })))
}

/** d = P_dex / P_ref − 1 at each DEX point, against the latest reference at or before it. */
export function deviationSeries(dex: readonly Point[], reference: readonly Point[]): Point[] {
  const ref = toSeries(reference)
  const out: Point[] = []
  let j = -1
  for (const point of toSeries(dex)) {
    while (j + 1 < ref.length && ref[j + 1].time <= point.time) j++
    if (j < 0 || ref[j].value <= 0) continue
    out.push({ time: point.time, value: point.value / ref[j].value - 1 })
  }
  return out
}
