import type { RiskParams } from '../../hooks/useProtocolParams'
import { formatPercent, formatUsdWad } from '../../lib/format'
import {
  fundingReceivedUsd,
  fundingShareOfPricePerDay,
  intrinsicValue,
  type MarketInfo,
  type MarketQuote,
  positionFundingPerDayUsd,
} from '../../lib/markets'
import type { TradeSide } from '../../lib/tradeRisk'
import { Row } from '../ui/Card'

/**
 * Funding per day for the ticket's size, in USD and as a share of the position first (the APR is in the chain's
 * tooltip): what a buy pays, or what a sell receives (the main vault's share of what a long of its size pays).
 */
export function TicketFundingRow({ side, size, quote, market, risk }: {
  side: TradeSide
  size: bigint | undefined
  quote: MarketQuote | undefined
  market: MarketInfo
  risk: RiskParams | undefined
}) {
  const isBuy = side === 'buy'
  const label = isBuy ? 'Funding you pay per day' : 'Funding you receive per day'
  if (!size || !quote || !risk) return <Row label={label} testId="ticket-funding" value="—" />
  const intrinsic = intrinsicValue(market.isCall, quote.spot, market.strike)
  const paid = positionFundingPerDayUsd(size, quote.theo, intrinsic, risk.fundingPeriod)
  const share = fundingShareOfPricePerDay(quote.theo, intrinsic, risk.fundingPeriod)
  const amount = isBuy ? paid : fundingReceivedUsd(paid, risk.mainShareBps)
  const shareOfPosition = isBuy ? share : (share * Number(risk.mainShareBps)) / 10_000
  return (
    <Row
      label={label}
      testId="ticket-funding"
      value={
        <>
          {formatUsdWad(amount)}
          <span className="ml-1 text-xs text-zinc-500">({formatPercent(shareOfPosition, { digits: 1 })} of the position)</span>
        </>
      }
    />
  )
}
