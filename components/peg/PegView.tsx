'use client'

import { useState } from 'react'

import { usePegHistory } from '../../hooks/useHistoryPrices'
import { useStockStates } from '../../hooks/useStockStates'
import { formatPercentWad, formatUsdWad } from '../../lib/format'
import { chartEmptyText } from '../../lib/history/availability'
import { PEG_EXPLANATION } from '../../lib/protocol'
import { HistoryUnavailable } from '../charts/HistoryUnavailable'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import { TokenIcon } from '../TokenIcon'
import { MarketStatusBadge, PegBadge, Pill } from '../ui/Badges'
import { Card } from '../ui/Card'
import { ReadError } from '../ui/Notice'
import { SegmentedControl } from '../ui/SegmentedControl'

/**
 * Each token's DEX price against the real stock: a table of the current peg of every token, and for
 * the selected one a chart of the DEX TWAP against the reference price with the deviation below.
 */
export function PegView() {
  const { stocks, error, refetch } = useStockStates()
  const [symbol, setSymbol] = useState<string | undefined>(undefined)
  const selected = symbol ?? stocks[0]?.symbol
  const current = stocks.find((s) => s.symbol === selected)
  const history = usePegHistory(selected)

  return (
    <div className="flex flex-col gap-4">
      {error && <ReadError error={error} what="the peg states" onRetry={() => void refetch()} />}
      <Card title="Current peg" subtitle="DEX price = 30-minute TWAP of the token's Uniswap V2 pool. Margin is valued at the lower of the two prices.">
        <div className="-mx-4 overflow-x-auto px-4">
          <table data-testid="peg-table" className="w-full min-w-[36rem] text-sm">
            <thead>
              <tr className="border-b border-zinc-800 text-left text-[11px] text-zinc-500 uppercase">
                <th className="py-1.5 font-medium">Token</th>
                <th className="px-2 text-right font-medium">Reference</th>
                <th className="px-2 text-right font-medium">DEX TWAP</th>
                <th className="px-2 text-right font-medium">Deviation</th>
                <th className="px-2 font-medium">Peg</th>
                <th className="px-2 font-medium">Stock market</th>
              </tr>
            </thead>
            <tbody>
              {stocks.map((stock) => {
                const s = stock.state
                return (
                  <tr
                    key={stock.symbol}
                    data-testid={`peg-row-${stock.symbol}`}
                    className={`border-b border-zinc-800/60 ${stock.symbol === selected ? 'bg-zinc-800/40' : ''}`}
                  >
                    <td className="py-2">
                      <TokenIcon symbol={stock.symbol} size={18} />{' '}
                      <button type="button" onClick={() => setSymbol(stock.symbol)} className="font-medium text-zinc-100 hover:underline">
                        {stock.symbol}
                      </button>
                      <span className="ml-2 text-xs text-zinc-500">{stock.feedName}</span>
                    </td>
                    <td className="px-2 text-right tabular-nums">
                      {formatUsdWad(s?.refPrice)}
                      {s && !s.refFresh && (
                        <span className="ml-1">
                          <Pill tone="danger">stale</Pill>
                        </span>
                      )}
                    </td>
                    <td className="px-2 text-right tabular-nums">{s && s.dexPrice > 0n ? formatUsdWad(s.dexPrice) : '—'}</td>
                    <td className="px-2 text-right tabular-nums" data-testid={`peg-deviation-${stock.symbol}`}>
                      {s ? formatPercentWad(s.deviationWad, { signed: true }) : '—'}
                    </td>
                    <td className="px-2">
                      <PegBadge peg={s?.peg} testId={`peg-state-${stock.symbol}`} />
                    </td>
                    <td className="px-2">
                      <MarketStatusBadge open={s?.marketOpen} testId={`peg-market-${stock.symbol}`} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </Card>

      <Card
        title={`${selected ?? ''} · DEX against reference`}
        subtitle={current?.state ? PEG_EXPLANATION[current.state.peg] : undefined}
        action={
          <SegmentedControl
            label="Token"
            testId="peg-token-switch"
            value={selected ?? ''}
            onChange={setSymbol}
            options={stocks.map((s) => ({ value: s.symbol, label: s.symbol }))}
          />
        }
      >
        <HistoryUnavailable message={history.unavailable} />
        <TimeSeriesChart
          key={selected}
          testId="peg-chart"
          label={`${selected} DEX price against the reference stock price, with the deviation`}
          height={340}
          emptyText={chartEmptyText(history, 'No observations yet')}
          series={[
            { id: 'reference', label: `${current?.feedName ?? ''} reference`, color: '#e4e4e7', points: history.data?.reference ?? [], format: 'usd' },
            { id: 'dex', label: `${selected ?? ''} DEX TWAP`, color: '#38bdf8', points: history.data?.dex ?? [], format: 'usd' },
            { id: 'deviation', label: 'Deviation', color: '#f59e0b', points: history.data?.deviation ?? [], format: 'percent', pane: 1 },
          ]}
        />
        <p className="mt-2 text-xs text-zinc-500">Healthy within ±2%, strained to ±5%, broken beyond (or when the reference is stale). Times are chain time.</p>
      </Card>
    </div>
  )
}
