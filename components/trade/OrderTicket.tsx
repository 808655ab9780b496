'use client'

import Link from 'next/link'
import { type FormEvent, useState } from 'react'

import { useAccountView } from '../../hooks/useAccountView'
import { useOrders } from '../../hooks/useOrders'
import type { RiskParams } from '../../hooks/useProtocolParams'
import { useQuote } from '../../hooks/useQuote'
import { useTradeActions } from '../../hooks/useTradeActions'
import { useTradePreview } from '../../hooks/useTradePreview'
import { nearestLiquidationPrice } from '../../lib/account'
import { formatPercent, formatToken, formatUsdWad, formatUsdWhole } from '../../lib/format'
import { DEFAULT_ORDER_LIFETIME_SECONDS, orderBlockReason } from '../../lib/orders'
import { describeMarket, type MarketInfo, type MarketQuote, netOpenInterest, underlyingSymbol } from '../../lib/markets'
import { openBlockReason, type StockState, tradeWarnings, type UnderlyingFeedState } from '../../lib/protocol'
import { estimateOpen, maxSizeForMargin, maxSizeForOpenInterest, parseSlippage, takerFeePerUnit } from '../../lib/ticket'
import { acceptablePriceFor, signedSize, type TradeSide } from '../../lib/tradeRisk'
import { validateAmount } from '../../lib/validate'
import { AmountInput } from '../AmountInput'
import { SubmitButton } from '../SubmitButton'
import { Card, Row } from '../ui/Card'
import { Notice } from '../ui/Notice'
import { SideSwitch } from './SideSwitch'
import { SlippageSetting } from './SlippageSetting'
import { TicketFundingRow } from './TicketFundingRow'
import { TicketRiskRows } from './TicketRiskRows'
import { WAD } from '../../lib/fixedPoint'

export type TicketMarketContext = {
  symbol: string
  market: MarketInfo | undefined
  /** The chain's quote for a sliver (size 0), for the maximum-size estimate. */
  markQuote: MarketQuote | undefined
  stock: StockState | undefined
  feed: UnderlyingFeedState | undefined
  risk: RiskParams | undefined
  enginePaused: boolean
  capitalUsd: bigint | undefined
  closeOnly: boolean
}

/**
 * The order ticket, Buy or Sell (the side switch; the chain's Sell buttons preselect Sell): size, the engine's price
 * with skew for that size on that side, premium paid or received, fee, max loss, funding per day (buys), and —
 * from a simulation of the trade against the contracts — initial margin and liquidation price after
 * it, with the portfolio offsets' credit. A slippage setting bounds the price (a buy's max = quote × (1 + slippage), a
 * sale's min = quote × (1 − slippage)); the order expires in
 * five minutes. The button says what happens next or why it cannot.
 */
export function OrderTicket({
  context,
  slippageText,
  onSlippageChange,
  side,
  onSideChange,
}: {
  context: TicketMarketContext
  slippageText: string
  onSlippageChange: (text: string) => void
  side: TradeSide
  onSideChange: (side: TradeSide) => void
}) {
  const { symbol, market, markQuote, stock, feed, risk, enginePaused, capitalUsd, closeOnly } = context
  const account = useAccountView(symbol)
  const { trade, isSending, mode, orderFee } = useTradeActions(symbol)
  const orders = useOrders()
  const pendingOrder = account.stock ? orders.pendingByToken.get(account.stock.token.toLowerCase()) : undefined
  const [sizeText, setSizeText] = useState('')
  const u = market ? underlyingSymbol(market.underlying) : 'BTC'

  const health = account.view?.health
  const accountMargin = health ? { equityInitial: health.equityInitial, initialMargin: health.initialMargin } : undefined

  // Largest size: what the margin covers at the current mark, and the room under the exposure cap.
  const marginMax =
    accountMargin && markQuote && risk
      ? maxSizeForMargin(
          accountMargin,
          { ...markQuote, fee: takerFeePerUnit(markQuote.spot, markQuote.price, risk.takerFeeSpotBps, risk.takerFeeMarkCapBps) },
          WAD,
          risk,
        )
      : undefined
  const oiMax =
    market && feed && risk && capitalUsd !== undefined && stock
      ? maxSizeForOpenInterest(netOpenInterest(market), feed.spot, capitalUsd, risk, stock.marketOpen)
      : undefined
  const maxSize = marginMax !== undefined && oiMax !== undefined ? (marginMax < oiMax ? marginMax : oiMax) : (marginMax ?? oiMax)
  const hasMargin = (account.view?.collateral ?? 0n) > 0n

  const isBuy = side === 'buy'
  // The size bounds are estimated for buys; a sale's margin and exposure are judged by the simulation below.
  const sizeRules = {
    decimals: 18,
    symbol: u,
    max: hasMargin && isBuy ? maxSize : undefined,
    maxLabel: oiMax !== undefined && maxSize === oiMax ? 'open-interest cap room' : 'largest size your margin allows',
  }
  const sizeCheck = validateAmount(sizeText, sizeRules)
  const size = sizeCheck.ok ? sizeCheck.value : undefined
  const slippage = parseSlippage(slippageText)

  const { quote } = useQuote(market?.id, size, isBuy)
  const preview = useTradePreview({ symbol, marketId: market?.id, size: size === undefined ? undefined : signedSize(side, size) })
  const estimate = isBuy && size && quote && risk && market ? estimateOpen(size, quote, market.strike, market.isCall, risk, accountMargin) : undefined
  // While the next size's simulation runs the previous one stays on screen (no flicker), dimmed;
  // with no valid size there is no simulation to show at all.
  const previewData = size !== undefined && market ? preview.data : undefined
  const previewStale = preview.isPlaceholderData
  const simulated = previewData?.status === 'ok' ? previewData : undefined
  const refused = previewData?.status === 'refused' && !previewStale ? previewData.reason : undefined

  const blocked = openBlockReason({ stock: stock, symbol, underlying: feed, enginePaused, closeOnly })
  const positionAfter = simulated?.after.positions.find((p) => p.marketId === market?.id)
  const liqAfter = positionAfter ? nearestLiquidationPrice(positionAfter, feed?.spot) : undefined
  const positionNow = account.view?.positions.find((p) => p.underlying === market?.underlying)
  const currentLiq = positionNow ? nearestLiquidationPrice(positionNow, feed?.spot) : undefined

  const orderReason = mode === 'orders' ? orderBlockReason({ pendingId: pendingOrder?.id, fee: orderFee.fee, walletBalance: orderFee.walletBalance, symbol }) : undefined

  const disabledReason = !account.isConnected
    ? 'Connect a wallet to trade'
    : !market
      ? 'Select a strike in the chain'
      : blocked
        ? blocked
        : pendingOrder
          ? `Order #${pendingOrder.id} is pending: wait for it to fill`
          : sizeText.trim() === ''
          ? 'Enter a size'
          : !sizeCheck.ok
            ? sizeCheck.error
            : !slippage.ok
              ? 'Fix the slippage setting'
              : !hasMargin
                ? `Deposit ${symbol} margin first`
                : refused
                  ? refused
                  : !quote
                    ? 'Getting a quote…'
                    : orderReason

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (disabledReason || !market || !size || !quote || !slippage.ok) return
    const outcome = await trade({
      marketId: market.id,
      isBuy,
      size,
      limitPrice: acceptablePriceFor(side, quote.price, slippage.bps),
      label: `${isBuy ? 'Buy' : 'Sell'} ${formatToken(size, 18)} ${describeMarket(market)} (settled in ${symbol})`,
    })
    if (outcome?.status === 'confirmed') setSizeText('')
  }

  const skewPct = quote && quote.theo > 0n ? Number(((quote.price - quote.theo) * 1_000_000n) / quote.theo) / 1e6 : undefined

  return (
    <Card title="Order ticket" subtitle={`Buy or sell (write) an everlasting option, margined in ${symbol}`} testId="order-ticket">
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <p data-testid="ticket-market" className="rounded-md bg-zinc-950/60 px-3 py-2 text-sm text-zinc-200">
          {market ? (
            <>
              <span className={market.isCall ? 'text-emerald-300' : 'text-rose-300'}>{describeMarket(market)}</span>
              <span className="text-zinc-500"> · settled in {symbol}</span>
            </>
          ) : (
            <span className="text-zinc-500">Pick a call or put from the chain.</span>
          )}
        </p>

        <SideSwitch value={side} onChange={onSideChange} />
        <AmountInput id="ticket-size" label={`Size (${u})`} value={sizeText} onChange={setSizeText} rules={sizeRules} disabled={!market} />
        <SlippageSetting value={slippageText} onChange={onSlippageChange} />

        {market && (
          <dl className={`rounded-md border border-zinc-800 px-3 py-2 transition-opacity ${previewStale ? 'opacity-60' : ''}`} aria-busy={previewStale || undefined}>
            <Row
              label="Price per unit (with skew)"
              testId="ticket-price"
              value={
                <>
                  {formatUsdWad(quote?.price ?? markQuote?.price)}
                  {skewPct !== undefined && <span className="ml-1 text-xs text-zinc-500">(theo +{formatPercent(skewPct, { digits: 2 })})</span>}
                </>
              }
            />
            <Row label="Fee" testId="ticket-fee" value={formatUsdWad(simulated?.fee ?? quote?.fee)} />
            <TicketFundingRow side={side} size={size} quote={quote} market={market} risk={risk} />
            {market && <TicketRiskRows side={side} market={market} size={size} price={simulated?.price || quote?.price} after={simulated?.after} />}
            {mode === 'orders' && (
              <Row
                label="Execution fee (to the keeper)"
                testId="ticket-execution-fee"
                value={orderFee.fee !== undefined ? `${formatToken(orderFee.fee, 18, 6)} ${symbol}` : '—'}
              />
            )}
            <Row
              label={mode === 'orders' ? `Acceptable price (${isBuy ? 'max' : 'min'}, slippage)` : `${isBuy ? 'Max' : 'Min'} price (slippage)`}
              testId="ticket-max-price"
              value={quote && slippage.ok ? formatUsdWad(acceptablePriceFor(side, quote.price, slippage.bps)) : '—'}
            />
            <div className="my-1 border-t border-zinc-800" />
            <Row
              label="Initial margin after (with offsets)"
              testId="ticket-im-after"
              value={formatUsdWad(simulated?.after.health.initialMargin ?? estimate?.initialMarginAfter)}
            />
            <Row
              label="Equity after (initial weight)"
              testId="ticket-equity-after"
              value={formatUsdWad(simulated?.after.health.equityInitial ?? estimate?.equityAfter)}
              tone={estimate?.marginOk === false ? 'neg' : undefined}
            />
            <Row
              label={simulated ? 'Liquidation price after' : 'Liquidation price (current)'}
              testId="ticket-liq-after"
              value={
                simulated
                  ? liqAfter && liqAfter > 0n
                    ? formatUsdWhole(liqAfter)
                    : positionAfter && liqAfter === undefined
                      ? '…'
                      : 'none'
                  : currentLiq && currentLiq > 0n
                    ? formatUsdWhole(currentLiq)
                    : '—'
              }
            />
            <p className="mt-1 text-[11px] text-zinc-500" data-testid="ticket-source">
              {simulated
                ? 'Margin and liquidation price after the trade: the contracts’ own views, on a simulation of this trade.'
                : previewData?.status === 'unavailable'
                  ? 'This RPC cannot simulate trades: margin after is estimated; liquidation price shown as of now.'
                  : 'Enter a size to simulate the trade.'}
            </p>
          </dl>
        )}
        <p className="text-[11px] text-zinc-500">
          {isBuy ? 'Funding is paid every second while you hold the option.' : 'A sold call can lose without limit.'}{' '}
          <Link href={isBuy ? '/learn#funding' : '/learn#risks'} className="text-sky-400 hover:underline" data-testid="ticket-learn">
            How this works
          </Link>
        </p>

        {tradeWarnings(stock, symbol).map((warning) => (
          <Notice key={warning} tone="warning" testId="ticket-warning">
            {warning}
          </Notice>
        ))}
        {!blocked && refused && sizeCheck.ok && (
          <p role="alert" data-testid="ticket-refused" className="text-xs text-rose-400">
            The engine would refuse this trade: {refused}
          </p>
        )}

        <SubmitButton data-testid="ticket-submit" disabledReason={disabledReason} pending={isSending} pendingLabel={mode === 'orders' ? 'Placing order…' : 'Opening…'}>
          {market && size ? `${isBuy ? 'Buy' : 'Sell'} ${formatToken(size, 18)} ${u} ${market.isCall ? 'call' : 'put'}` : isBuy ? 'Buy' : 'Sell'}
        </SubmitButton>
        {market && feed && (
          <p className="text-center text-[11px] text-zinc-500" data-testid="ticket-terms">
            {mode === 'orders'
              ? `Spot ${formatUsdWhole(feed.spot)} now · fills at the first signed price a few seconds after the order, or is cancelled if that price is past your limit · valid ${DEFAULT_ORDER_LIFETIME_SECONDS} s · fee min(0.03% of spot, 12.5% of mark)`
              : `Spot ${formatUsdWhole(feed.spot)} · order valid 5 minutes · fee min(0.03% of spot, 12.5% of mark)`}
          </p>
        )}
      </form>
    </Card>
  )
}
