import type { FundingAccrual, FundingPayment } from './records'
import { downsample, type Point, toSeries, wadToNumber } from './series'

type Accrual = Pick<FundingAccrual, 'timestamp' | 'cumFunding'>

/**
 * Funding rate per unit per day (USD) between consecutive FundingAccrued events of one market:
 * Δ cumulative funding / Δt × 1 day. Accruals in the same second are merged.
 */
export function fundingRateSeries(accruals: readonly Accrual[]): Point[] {
  const sorted = [...accruals].sort((a, b) => a.timestamp - b.timestamp)
  const points: Point[] = []
  let previous: Accrual | undefined
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

/** The rate series of every market that accrued, keyed by market id (thinned to `maxPoints` each). */
export function fundingRatesByMarket(accruals: readonly FundingAccrual[], maxPoints?: number): Map<bigint, Point[]> {
  const byMarket = new Map<bigint, FundingAccrual[]>()
  for (const accrual of accruals) {
    const list = byMarket.get(accrual.marketId) ?? []
    list.push(accrual)
    byMarket.set(accrual.marketId, list)
  }
  const series = new Map<bigint, Point[]>()
  for (const [id, list] of byMarket) series.set(id, downsample(fundingRateSeries(list), maxPoints))
  return series
}

/** USD settled to one account (one trader in one settlement token) over its history: Σ fundingUsd of its rows. */
export function accountFundingTotal(payments: readonly Pick<FundingPayment, 'trader' | 'token' | 'fundingUsd'>[], trader: string, token: string): bigint {
  const t = trader.toLowerCase()
  const x = token.toLowerCase()
  return payments.filter((p) => p.trader.toLowerCase() === t && p.token.toLowerCase() === x).reduce((sum, p) => sum + p.fundingUsd, 0n)
}
