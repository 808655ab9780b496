import type { FeeSplit } from './records'
import { downsample, type Point, toSeries, wadToNumber } from './series'
import { WAD } from '../fixedPoint'

export const SEVEN_DAYS = 7 * 86_400

type Split = Pick<FeeSplit, 'timestamp' | 'toMain' | 'toInsurance'>

/** Running totals of what the main and insurance vaults received (token units, 18 decimals → number). */
export function cumulativeEarnings(splits: readonly Split[]): { main: Point[]; insurance: Point[] } {
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

export type TokenEarnings = { splits: FeeSplit[]; main: Point[]; insurance: Point[] }

/** Each token's fee splits and cumulative earnings curves, keyed by symbol (tokens matched case-insensitively). */
export function earningsByToken(splits: readonly FeeSplit[], stocks: readonly { symbol: string; token: string }[], maxPoints?: number): Map<string, TokenEarnings> {
  const out = new Map<string, TokenEarnings>()
  for (const stock of stocks) {
    const token = stock.token.toLowerCase()
    const own = splits.filter((s) => s.token.toLowerCase() === token)
    const { main, insurance } = cumulativeEarnings(own)
    out.set(stock.symbol, { splits: own, main: downsample(main, maxPoints), insurance: downsample(insurance, maxPoints) })
  }
  return out
}

/** Sum of `pick(item)` over items at or after `since` (unix seconds). */
export function sumSince<item extends { timestamp: number }>(items: readonly item[], since: number, pick: (item: item) => bigint): bigint {
  let total = 0n
  for (const item of items) if (item.timestamp >= since) total += pick(item)
  return total
}

/**
 * APR from premiums: what the vault earned over a window, as a yearly fraction of its assets.
 * A chain younger than the window is annualised over the time it has existed.
 */
export function premiumApr(earned: bigint, assets: bigint, windowSeconds: number): number | undefined {
  if (assets <= 0n || windowSeconds <= 0) return undefined
  const fraction = Number((earned * WAD) / assets) / 1e18
  return fraction * ((365 * 86_400) / windowSeconds)
}
