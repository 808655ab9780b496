'use client'

import { useMemo, useState } from 'react'

import { useLatestBlockTime } from '../../hooks/useChainTime'
import { useDeployment } from '../../hooks/useDeployment'
import { useFundingHistory } from '../../hooks/useHistoryFunding'
import { useVaultEarnings } from '../../hooks/useHistoryVaults'
import { useMarkets } from '../../hooks/useMarkets'
import { useOptionChain } from '../../hooks/useOptionChain'
import { useStockStates } from '../../hooks/useStockStates'
import { formatToken, formatUsdWad, fromWad, NOT_AVAILABLE } from '../../lib/format'
import { chartEmptyText } from '../../lib/history/availability'
import { sumSince } from '../../lib/history/earnings'
import { toSeries } from '../../lib/history/series'
import { describeMarket, grossOpenInterest, selectMarkets, UNDERLYINGS, type UnderlyingId } from '../../lib/markets'
import { tokenValueUsd } from '../../lib/vaults'
import { HistoryUnavailable } from '../charts/HistoryUnavailable'
import { type ChartSeries, TimeSeriesChart } from '../charts/TimeSeriesChart'
import { Card } from '../ui/Card'
import { SegmentedControl } from '../ui/SegmentedControl'

const PALETTE = ['#38bdf8', '#34d399', '#f472b6', '#fbbf24', '#a78bfa', '#fb7185', '#2dd4bf', '#f97316', '#818cf8', '#a3e635', '#e879f9', '#facc15']

/**
 * Premiums: the funding-rate history of every market of a token and underlying (from
 * FundingAccrued), and what each vault earned from fees and funding (from FeesDistributed).
 */
export function PremiumsView() {
  const { stocks } = useDeployment()
  const [symbol, setSymbol] = useState<string | undefined>(undefined)
  const [underlying, setUnderlying] = useState<UnderlyingId>(0)
  const selected = symbol ?? stocks[0]?.symbol
  const stock = stocks.find((s) => s.symbol === selected)
  const { markets } = useMarkets()
  const shownMarkets = useMemo(() => (stock ? selectMarkets(markets, stock.token, underlying) : undefined), [markets, stock, underlying])
  const funding = useFundingHistory(useMemo(() => shownMarkets?.map((m) => m.id), [shownMarkets]))
  const earnings = useVaultEarnings()
  const states = useStockStates()
  const blockTime = useLatestBlockTime()

  const chain = useOptionChain(selected, underlying)

  // Accruals are recorded when a market is touched; the engine's live quote adds "now" to each line.
  const fundingSeries = useMemo<ChartSeries[]>(() => {
    if (!shownMarkets || !funding.data) return []
    const live = new Map<bigint, number>()
    for (const row of chain.rows) {
      for (const side of [row.call, row.put]) {
        if (side && side.fundingPerDay !== undefined && grossOpenInterest(side.market) > 0n) live.set(side.market.id, fromWad(side.fundingPerDay))
      }
    }
    return shownMarkets
      .filter((m) => (funding.data?.get(m.id)?.length ?? 0) > 0 || live.has(m.id))
      .map((m, i) => {
        const history = funding.data?.get(m.id) ?? []
        const rateNow = live.get(m.id)
        return {
          id: m.id.toString(),
          label: describeMarket(m),
          color: PALETTE[i % PALETTE.length],
          points: rateNow !== undefined && blockTime !== undefined ? toSeries([...history, { time: blockTime, value: rateNow }]) : history,
          format: 'usd' as const,
        }
      })
  }, [shownMarkets, funding.data, chain.rows, blockTime])

  const tokenEarnings = selected ? earnings.data?.get(selected) : undefined

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap gap-3">
        <SegmentedControl
          label="Settlement token"
          testId="premiums-token-switch"
          value={selected ?? ''}
          onChange={setSymbol}
          options={stocks.map((s) => ({ value: s.symbol, label: s.symbol }))}
        />
        <SegmentedControl
          label="Underlying"
          testId="premiums-underlying-switch"
          value={UNDERLYINGS[underlying].symbol}
          onChange={(value) => setUnderlying(value === 'ETH' ? 1 : 0)}
          options={UNDERLYINGS.map((u) => ({ value: u.symbol, label: u.symbol }))}
        />
      </div>

      <Card
        title={`Funding rate · ${UNDERLYINGS[underlying].symbol} markets settled in ${selected ?? ''}`}
        subtitle="USD per option per day: between consecutive funding accruals (recorded whenever a market is touched), and now from the engine's live quote. Markets without open interest accrue nothing and are left out."
      >
        <HistoryUnavailable message={funding.unavailable} />
        <TimeSeriesChart
          key={`${selected}-${underlying}`}
          testId="funding-chart"
          label="Funding rate history per market"
          height={300}
          emptyText={chartEmptyText(funding, 'No funding accrued yet in these markets')}
          series={fundingSeries}
        />
      </Card>

      <Card title={`What the ${selected ?? ''} vaults earned`} subtitle="Cumulative fees and funding received, in tokens: 70% to the main vault, 20% to the insurance vault (10% treasury).">
        <HistoryUnavailable message={earnings.unavailable} />
        <TimeSeriesChart
          key={selected}
          testId="earnings-chart"
          label="Cumulative vault earnings"
          height={240}
          emptyText={chartEmptyText(earnings, 'Nothing earned yet')}
          series={[
            { id: 'main', label: 'Main vault', color: '#34d399', points: tokenEarnings?.main ?? [], format: 'token' },
            { id: 'insurance', label: 'Insurance vault', color: '#a78bfa', points: tokenEarnings?.insurance ?? [], format: 'token' },
          ]}
        />
      </Card>

      <Card title="Earnings by token" subtitle="Last 24 h (chain time) and since deployment; USD at today's collateral price.">
        <div className="-mx-4 overflow-x-auto px-4">
          <table data-testid="earnings-table" className="w-full min-w-[34rem] text-sm">
            <thead>
              <tr className="border-b border-zinc-800 text-left text-[11px] text-zinc-500 uppercase">
                <th className="py-1.5 font-medium">Token</th>
                <th className="px-2 text-right font-medium">Main 24 h</th>
                <th className="px-2 text-right font-medium">Insurance 24 h</th>
                <th className="px-2 text-right font-medium">Main total</th>
                <th className="px-2 text-right font-medium">Insurance total</th>
              </tr>
            </thead>
            <tbody>
              {stocks.map((s) => {
                // Without history (indexer down) the sums are unknown, not zero.
                const splits = earnings.data?.get(s.symbol)?.splits
                const price = states.bySymbol(s.symbol)?.state?.collateralPrice
                const since = blockTime === undefined ? 0 : blockTime - 86_400
                const cells = splits
                  ? [
                      sumSince(splits, since, (x) => x.toMain),
                      sumSince(splits, since, (x) => x.toInsurance),
                      sumSince(splits, 0, (x) => x.toMain),
                      sumSince(splits, 0, (x) => x.toInsurance),
                    ]
                  : [undefined, undefined, undefined, undefined]
                return (
                  <tr key={s.symbol} data-testid={`earnings-row-${s.symbol}`} className="border-b border-zinc-800/60">
                    <td className="py-2 font-medium text-zinc-100">{s.symbol}</td>
                    {cells.map((amount, i) => (
                      <td key={i} className="px-2 text-right tabular-nums">
                        {amount === undefined ? NOT_AVAILABLE : formatToken(amount, 18, 4)}
                        <span className="block text-[11px] text-zinc-500">{price === undefined || amount === undefined ? '' : formatUsdWad(tokenValueUsd(amount, price))}</span>
                      </td>
                    ))}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  )
}
