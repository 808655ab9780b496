'use client'

import { useTradePreview } from '../../hooks/useTradePreview'
import { formatUsdWad, formatUsdWhole } from '../../lib/format'
import type { StrategyLeg } from '../../lib/strategy'
import { offsetCredit, signedSize, tradeAllowed } from '../../lib/tradeRisk'
import type { UnderlyingId } from '../../lib/markets'
import { Row } from '../ui/Card'

/**
 * One leg's simulation on the account as it is now (leg 2 cannot be simulated with leg 1 filled before leg 1
 * exists): its price, the initial margin after it with the offsets, and whether the engine would take it.
 */
export function StrategyLegPreview({
  index,
  leg,
  symbol,
  size,
  underlying,
  price,
}: {
  index: 1 | 2
  leg: StrategyLeg
  symbol: string
  size: bigint | undefined
  underlying: UnderlyingId
  price: bigint | undefined
}) {
  const preview = useTradePreview({ symbol, marketId: leg.marketId, size: size === undefined ? undefined : signedSize(leg.side, size) })
  const data = size !== undefined ? preview.data : undefined
  const after = data?.status === 'ok' ? data.after : undefined
  const refused = data?.status === 'refused' ? data.reason : undefined
  const kind = leg.isCall ? 'call' : 'put'
  return (
    <div className="rounded-md border border-zinc-800 px-3 py-2" data-testid={`strategy-leg-${index}`}>
      <p className="text-xs font-medium text-zinc-300">
        Leg {index} of 2: {leg.side === 'buy' ? 'Buy' : 'Sell'} {formatUsdWhole(leg.strike)} {kind}
      </p>
      <dl>
        <Row label="Price" testId={`strategy-leg-${index}-price`} value={formatUsdWad(price)} />
        <Row label="Initial margin after (alone)" testId={`strategy-leg-${index}-im`} value={formatUsdWad(after?.health.initialMargin)} />
        <Row label="Offset credit" testId={`strategy-leg-${index}-credit`} value={formatUsdWad(offsetCredit(after?.groups[underlying]))} />
        {after && <Row label="Margin check" value={tradeAllowed(after.health) ? 'Allowed' : 'Not enough margin'} tone={tradeAllowed(after.health) ? 'pos' : 'neg'} />}
      </dl>
      {refused && (
        <p role="alert" className="text-xs text-rose-400" data-testid={`strategy-leg-${index}-refused`}>
          The engine would refuse this leg: {refused}
        </p>
      )}
    </div>
  )
}
