/**
 * In-app alerts (no outside service): an account's margin ratio crossing 50 % or 80 % of its equity, and the peg of
 * a token the trader holds positions in leaving healthy. A level is entered at its threshold and left only 5 points
 * below it, so a ratio hovering at the line does not flash the alert on and off. A dismissed alert stays dismissed
 * until its level rises (warning → danger) or it clears and comes back.
 */
import type { PegState } from './protocol'

export type AlertLevel = 'warning' | 'danger'

export type Alert = {
  /** One per account and kind: `margin:TSLA.M`, `peg:TSLA.M`. */
  id: string
  symbol: string
  kind: 'margin' | 'peg'
  level: AlertLevel
  text: string
}

/** Margin ratio = maintenance margin / maintenance equity; 1 is liquidation. */
export const MARGIN_THRESHOLDS: Readonly<Record<AlertLevel, number>> = { warning: 0.5, danger: 0.8 }
const HYSTERESIS = 0.05

const RANK: Readonly<Record<AlertLevel, number>> = { warning: 1, danger: 2 }

/** The margin level now, given the level shown before: a level already reached is left 5 points below its line. */
export function marginLevel(ratio: number, previous: AlertLevel | undefined): AlertLevel | undefined {
  const line = (level: AlertLevel) => MARGIN_THRESHOLDS[level] - (previous !== undefined && RANK[previous] >= RANK[level] ? HYSTERESIS : 0)
  if (ratio >= line('danger')) return 'danger'
  if (ratio >= line('warning')) return 'warning'
  return undefined
}

export type AccountForAlerts = {
  symbol: string
  hasPositions: boolean
  /** MM / maintenance equity as a number (AccountLens: WAD, max uint when equity ≤ 0). */
  marginRatio: number
  peg: PegState | undefined
}

export function accountAlerts(accounts: readonly AccountForAlerts[], previous: ReadonlyMap<string, AlertLevel>): Alert[] {
  const alerts: Alert[] = []
  for (const a of accounts) {
    if (!a.hasPositions) continue
    const marginId = `margin:${a.symbol}`
    const level = marginLevel(a.marginRatio, previous.get(marginId))
    if (level) {
      const pct = Math.min(a.marginRatio, 9.99) * 100
      alerts.push({
        id: marginId,
        symbol: a.symbol,
        kind: 'margin',
        level,
        text:
          a.marginRatio >= 1
            ? `Your ${a.symbol} account is below maintenance margin: it can be liquidated now. Add margin or reduce a position.`
            : `Your ${a.symbol} account uses ${pct.toFixed(0)} % of its maintenance equity (liquidation at 100 %). Add margin or reduce a position.`,
      })
    }
    if (a.peg && a.peg !== 'healthy') {
      alerts.push({
        id: `peg:${a.symbol}`,
        symbol: a.symbol,
        kind: 'peg',
        level: a.peg === 'broken' ? 'danger' : 'warning',
        text:
          a.peg === 'broken'
            ? `${a.symbol}'s peg is broken: only reducing and liquidations are open, and your margin is valued at the lower price.`
            : `${a.symbol}'s peg is strained: new positions and vault deposits are paused until it recovers.`,
      })
    }
  }
  return alerts
}

/** The key a dismissal is stored under: a higher level of the same alert shows again. */
export const dismissalKey = (alert: Pick<Alert, 'id' | 'level'>) => `${alert.id}@${alert.level}`

export function visibleAlerts(alerts: readonly Alert[], dismissed: ReadonlySet<string>): Alert[] {
  return alerts.filter((a) => !dismissed.has(dismissalKey(a)))
}

/** AccountLens's WAD margin ratio as a number (its max uint for equity ≤ 0 becomes a large ratio). */
export function marginRatioNumber(ratioWad: bigint): number {
  return ratioWad > 10n ** 20n ? 100 : Number(ratioWad) / 1e18
}
