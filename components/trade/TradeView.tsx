'use client'

import { useState } from 'react'

import { useDeployment } from '../../hooks/useDeployment'
import { useOptionChain } from '../../hooks/useOptionChain'
import { formatPercentWad, formatUsdWad, formatUsdWhole } from '../../lib/format'
import { UNDERLYINGS, type UnderlyingId } from '../../lib/markets'
import { openBlockReason } from '../../lib/protocol'
import { DEFAULT_SLIPPAGE_BPS } from '../../lib/ticket'
import type { TradeSide } from '../../lib/tradeRisk'
import { MarketStatusBadge, PegBadge } from '../ui/Badges'
import { Card } from '../ui/Card'
import { Notice, ReadError } from '../ui/Notice'
import { SegmentedControl } from '../ui/SegmentedControl'
import { AccountPanel } from './AccountPanel'
import { OptionChainTable } from './OptionChainTable'
import { OrdersPanel } from './OrdersPanel'
import { OrderTicket } from './OrderTicket'
import { PositionsTable } from './PositionsTable'
import { PriceServiceNotice } from './PriceServiceNotice'
import { StrategyTicket } from './StrategyTicket'
import { UnderlyingChart } from './UnderlyingChart'

/**
 * The Trade page: underlying and settlement-token switches, the option chain, the order ticket,
 * the margin account, positions and the underlying's price chart. State that several panels share
 * (token, underlying, selected market, slippage) lives here; each panel reads its own hook.
 */
export function TradeView() {
  const { stocks, deployment, orderRouter } = useDeployment()
  const [symbol, setSymbol] = useState<string>('TSLA.M')
  const [underlying, setUnderlying] = useState<UnderlyingId>(0)
  const [selectedId, setSelectedId] = useState<bigint | undefined>(undefined)
  const [slippageText, setSlippageText] = useState(String(DEFAULT_SLIPPAGE_BPS / 100))
  const [side, setSide] = useState<TradeSide>('buy')

  const activeSymbol = stocks.some((s) => s.symbol === symbol) ? symbol : (stocks[0]?.symbol ?? symbol)
  const chain = useOptionChain(activeSymbol, underlying)
  const stockState = chain.stockState
  const selectedSide = chain.rows.flatMap((row) => [row.call, row.put]).find((side) => side?.market.id === selectedId)

  if (!deployment) return <Notice tone="warning">Livestock is not deployed on this network: switch to a supported chain.</Notice>

  const gate = openBlockReason({ stock: stockState, symbol: activeSymbol, underlying: chain.spot, enginePaused: chain.enginePaused, closeOnly: false })

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <SegmentedControl
          label="Underlying"
          testId="underlying-switch"
          value={UNDERLYINGS[underlying].symbol}
          onChange={(value) => {
            setUnderlying(value === 'ETH' ? 1 : 0)
            setSelectedId(undefined)
          }}
          options={UNDERLYINGS.map((u) => ({ value: u.symbol, label: u.symbol }))}
        />
        <SegmentedControl
          label="Settlement token"
          testId="token-switch"
          value={activeSymbol}
          onChange={(value) => {
            setSymbol(value)
            setSelectedId(undefined)
          }}
          options={stocks.map((s) => ({ value: s.symbol, label: s.symbol, hint: s.name }))}
        />
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="market-state">
          <span className="text-zinc-400">
            {UNDERLYINGS[underlying].symbol}{' '}
            <span className="text-zinc-100" data-testid="spot-price">
              {formatUsdWhole(chain.spot?.spot)}
            </span>
            {chain.spot && <span className="ml-1 text-xs text-zinc-500">σ {formatPercentWad(chain.spot.volatility, { digits: 0 })}</span>}
          </span>
          <span className="text-zinc-600">·</span>
          <span className="text-zinc-400">
            {activeSymbol} <span className="text-zinc-100">{formatUsdWad(stockState?.collateralPrice)}</span>
          </span>
          <PegBadge peg={stockState?.peg} testId="trade-peg-state" />
          <MarketStatusBadge open={stockState?.marketOpen} testId="trade-market-status" />
        </div>
      </div>

      {gate && gate !== 'Loading market state…' && (
        <Notice tone="warning" testId="trade-blocked">
          New positions are paused: {gate}.{' '}
          {chain.spot && (!chain.spot.spotFresh || !chain.spot.volatilityFresh)
            ? `${UNDERLYINGS[underlying].symbol} positions cannot be closed either until the feed updates.`
            : 'Closing positions still works.'}
        </Notice>
      )}
      {chain.error && <ReadError error={chain.error} what="the option chain" />}
      {orderRouter && <PriceServiceNotice />}

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">
          <Card title={`${UNDERLYINGS[underlying].symbol} everlasting options · settled in ${activeSymbol}`} subtitle="Mark = the engine's price for the next unit, skew included. Funding = (mark − intrinsic) per 7 days, charged per second.">
            <OptionChainTable
              rows={chain.rows}
              underlyingSymbol={UNDERLYINGS[underlying].symbol}
              selectedId={selectedId}
              onSelect={(marketId, chosen) => {
                setSelectedId(marketId)
                setSide(chosen)
              }}
              isLoading={chain.isLoading}
              isError={chain.error !== null && chain.error !== undefined}
            />
          </Card>
          <UnderlyingChart underlying={underlying} />
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <OrderTicket
            slippageText={slippageText}
            onSlippageChange={setSlippageText}
            side={side}
            onSideChange={setSide}
            context={{
              symbol: activeSymbol,
              market: selectedSide?.market,
              markQuote: chain.quoteFor(selectedId),
              stock: stockState,
              feed: chain.spot,
              risk: chain.risk,
              enginePaused: chain.enginePaused,
              capitalUsd: chain.capitalUsd,
              closeOnly: selectedSide?.closeOnly ?? false,
            }}
          />
          <StrategyTicket symbol={activeSymbol} underlying={underlying} rows={chain.rows} slippageText={slippageText} />
          {orderRouter && <OrdersPanel stockSymbolOf={(token) => stocks.find((s) => s.token.toLowerCase() === token?.toLowerCase())?.symbol} />}
          <AccountPanel symbol={activeSymbol} stock={stockState} />
        </div>
      </div>
      <PositionsTable symbol={activeSymbol} stock={stockState} slippageText={slippageText} />
    </div>
  )
}
