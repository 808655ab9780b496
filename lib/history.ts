/**
 * Chart series from contract events: pure functions from decoded logs (lib/indexer.ts) to points
 * `{ time, value }` that lightweight-charts takes (time in unix seconds, strictly increasing).
 * Values are plain numbers: charts are for reading trends, not for computing with.
 */

export type Point = { time: number; value: number }

const Q112 = 2n ** 112n
const UINT256 = 2n ** 256n
const WAD = 10n ** 18n

/** Sorted by time, one point per second (the last one wins), as lightweight-charts requires. */
export function toSeries(points: readonly Point[]): Point[] {
  const byTime = new Map<number, number>()
  for (const point of [...points].sort((a, b) => a.time - b.time)) {
    if (Number.isFinite(point.value) && Number.isFinite(point.time)) byTime.set(point.time, point.value)
  }
  return [...byTime.entries()].map(([time, value]) => ({ time, value }))
}

/** At most `max` points, evenly spaced, always keeping the newest. */
export function downsample(points: readonly Point[], max: number): Point[] {
  if (points.length <= max || max < 2) return [...points]
  const step = (points.length - 1) / (max - 1)
  const out: Point[] = []
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)])
  return out
}

function wadToNumber(value: bigint): number {
  return Number(value) / 1e18
}

// ---------------------------------------------------------------------------------------------
// Peg: DEX TWAP against the reference price

export type Observation = { timestamp: number; priceCumulative: bigint }

/**
 * DEX price between consecutive PegOracle observations: the average of the pair's cumulative price
 * over the interval (the oracle's own TWAP formula), converted to USD with the pair's `toWad`.
 * Uniswap V2 cumulatives wrap around by design, so the difference is taken modulo 2^256.
 */
export function dexPriceSeries(observations: readonly Observation[], toWad: bigint): Point[] {
  const sorted = [...observations].sort((a, b) => a.timestamp - b.timestamp)
  const points: Point[] = []
  for (let i = 1; i < sorted.length; i++) {
    const dt = sorted[i].timestamp - sorted[i - 1].timestamp
    if (dt <= 0) continue
    const delta = (((sorted[i].priceCumulative - sorted[i - 1].priceCumulative) % UINT256) + UINT256) % UINT256
    const average = delta / BigInt(dt)
    points.push({ time: sorted[i].timestamp, value: wadToNumber((average * toWad) / Q112) })
  }
  return toSeries(points)
}

export type FeedAnswer = { updatedAt: number; answer: bigint }

/** Reference price = answer (feed decimals) × multiplier (WAD), in USD. */
export function referencePriceSeries(answers: readonly FeedAnswer[], decimals: number, multiplierWad: bigint = WAD): Point[] {
  return toSeries(
    answers
      .filter((a) => a.answer > 0n)
      .map((a) => ({ time: a.updatedAt, value: (Number(a.answer) / 10 ** decimals) * wadToNumber(multiplierWad) })),
  )
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

// ---------------------------------------------------------------------------------------------
// Funding

export type FundingAccrual = { timestamp: number; cumFunding: bigint }

/**
 * Funding rate per unit per day (USD) between consecutive FundingAccrued events of one market:
 * Δ cumulative funding / Δt × 1 day. Accruals in the same second are merged.
 */
export function fundingRateSeries(accruals: readonly FundingAccrual[]): Point[] {
  const sorted = [...accruals].sort((a, b) => a.timestamp - b.timestamp)
  const points: Point[] = []
  let previous: FundingAccrual | undefined
  for (const accrual of sorted) {
    if (previous && accrual.timestamp > previous.timestamp && accrual.cumFunding >= previous.cumFunding) {
      const perSecond = wadToNumber(accrual.cumFunding - previous.cumFunding) / (accrual.timestamp - previous.timestamp)
      points.push({ time: accrual.timestamp, value: perSecond * 86_400 })
    }
    if (!previous || accrual.timestamp > previous.timestamp) previous = accrual
    else previous = { timestamp: previous.timestamp, cumFunding: accrual.cumFunding }
  }
  return toSeries(points)
}

// ---------------------------------------------------------------------------------------------
// What the vaults earned

export type FeeSplit = { timestamp: number; toMain: bigint; toInsurance: bigint }

/** Running totals of what the main and insurance vaults received (token units, 18 decimals → number). */
export function cumulativeEarnings(splits: readonly FeeSplit[]): { main: Point[]; insurance: Point[] } {
  let main = 0n
  let insurance = 0n
  const mainPoints: Point[] = []
  const insurancePoints: Point[] = []
  for (const split of [...splits].sort((a, b) => a.timestamp - b.timestamp)) {
    main += split.toMain
    insurance += split.toInsurance
    mainPoints.push({ time: split.timestamp, value: wadToNumber(main) })
    insurancePoints.push({ time: split.timestamp, value: wadToNumber(insurance) })
  }
  return { main: toSeries(mainPoints), insurance: toSeries(insurancePoints) }
}

/** Sum of `pick(item)` over items at or after `since` (unix seconds). */
export function sumSince<item extends { timestamp: number }>(items: readonly item[], since: number, pick: (item: item) => bigint): bigint {
  let total = 0n
  for (const item of items) if (item.timestamp >= since) total += pick(item)
  return total
}

export const SEVEN_DAYS = 7 * 86_400

/**
 * APR from premiums: what the vault earned over a window, as a yearly fraction of its assets.
 * A chain younger than the window is annualised over the time it has existed.
 */
export function premiumApr(earned: bigint, assets: bigint, windowSeconds: number): number | undefined {
  if (assets <= 0n || windowSeconds <= 0) return undefined
  const fraction = Number((earned * WAD) / assets) / 1e18
  return fraction * ((365 * 86_400) / windowSeconds)
}
