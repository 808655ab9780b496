'use client'

import type { AccountView } from '../../lib/account'
import { formatUsdWad } from '../../lib/format'
import type { MarketInfo } from '../../lib/markets'
import { maxLossOf, offsetCredit, premiumOf, tradeAllowed, type TradeSide } from '../../lib/tradeRisk'
import { Row } from '../ui/Card'

/**
 * The side-aware numbers of one leg: premium paid (buy) or received (sale), initial margin after the trade with
 * the portfolio offsets and the credit they give (from the simulated account), whether the engine would allow it,
 * and the most the new position can lose. Pure display: the caller passes the quote and the simulated account.
 */
export function TicketRiskRows({
  side,
  market,
  size,
  price,
  after,
}: {
  side: TradeSide
  market: MarketInfo
  size: bigint | undefined
  price: bigint | undefined
  after: AccountView | undefined
}) {
  const premium = size !== undefined && price !== undefined ? premiumOf(side, size, price) : undefined
  const maxLoss = size !== undefined && price !== undefined ? maxLossOf({ side, isCall: market.isCall, strike: market.strike, size, price }) : undefined
  const group = after?.groups[market.underlying]
  const credit = offsetCredit(group)
  const allowed = after ? tradeAllowed(after.health) : undefined
  return (
    <>
      <Row label={side === 'buy' ? 'Premium paid (size × price)' : 'Premium received (size × price)'} testId="ticket-premium" value={formatUsdWad(premium)} />
      <Row
        label="Max loss"
        testId="ticket-max-loss"
        value={maxLoss === undefined ? '—' : maxLoss.bounded ? formatUsdWad(maxLoss.value) : 'unbounded'}
        tone={maxLoss && !maxLoss.bounded ? 'warn' : undefined}
      />
      {after && (
        <>
          <Row label="Offset credit (portfolio margin)" testId="ticket-offset-credit" value={formatUsdWad(credit)} />
          <Row
            label="Margin check after"
            testId="ticket-allowed"
            value={allowed ? 'Allowed' : 'Not enough margin'}
            tone={allowed ? 'pos' : 'neg'}
          />
        </>
      )}
    </>
  )
}
