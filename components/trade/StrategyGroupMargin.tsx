'use client'

import type { GroupMargin } from '../../lib/account'
import { formatUsdWad } from '../../lib/format'
import { offsetCredit } from '../../lib/tradeRisk'
import { Row } from '../ui/Card'

/** The underlying's group margin once both legs are open: IM with offsets, the credit, and the group's max loss. */
export function StrategyGroupMargin({ group }: { group: GroupMargin | undefined }) {
  if (!group) return null
  return (
    <dl className="rounded-md border border-emerald-900/60 px-3 py-2" data-testid="strategy-group">
      <Row label="Strategy margin (group IM)" testId="strategy-group-im" value={formatUsdWad(group.initialMargin)} />
      <Row label="Offset credit" testId="strategy-group-credit" value={formatUsdWad(offsetCredit(group))} />
      <Row label="Max loss" testId="strategy-group-max-loss" value={group.maxLossBounded ? formatUsdWad(group.maxLoss) : 'unbounded'} />
    </dl>
  )
}
