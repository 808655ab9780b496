'use client'

import { formatPercent, formatToken, formatUsd, formatUsdWhole, fromWad } from '../../lib/format'
import { type ChainRow, type ChainSide, grossOpenInterest } from '../../lib/markets'
import type { TradeSide } from '../../lib/tradeRisk'
import { Pill } from '../ui/Badges'

/**
 * Strikes down the middle, calls left, puts right; the row nearest spot highlighted. Each side
 * shows open interest (traders' longs + shorts), delta, funding per day (and APR) and the mark; the mark is a button that
 * puts the market into the order ticket on the Buy side, the small Sell button beside it on the Sell side. Close-only strikes stay listed, marked and dimmed.
 * On narrow screens only the marks and the strike remain.
 */
export function OptionChainTable({
  rows,
  underlyingSymbol,
  selectedId,
  onSelect,
  isLoading,
  isError = false,
}: {
  rows: readonly ChainRow[]
  underlyingSymbol: string
  selectedId: bigint | undefined
  onSelect: (marketId: bigint, side: TradeSide) => void
  isLoading: boolean
  isError?: boolean
}) {
  if (rows.length === 0) {
    const text = isError ? 'Markets unavailable until the chain answers again.' : isLoading ? 'Loading markets…' : 'No markets listed for this pair.'
    // While loading, hold the room a listed chain takes (header and about seven strikes), so the page
    // does not jump when the markets arrive.
    return <p className={`py-6 text-center text-sm text-zinc-500 ${isLoading && !isError ? 'flex min-h-[22.75rem] items-center justify-center' : ''}`}>{text}</p>
  }
  return (
    <div className="-mx-4 overflow-x-auto px-4">
      <table data-testid="option-chain" className="w-full min-w-[20rem] border-separate border-spacing-0 text-sm">
        <caption className="sr-only">
          {underlyingSymbol} option chain: calls on the left, puts on the right, strikes in the middle
        </caption>
        <thead>
          <tr className="text-xs text-zinc-500">
            <th scope="colgroup" colSpan={4} className="pb-1 text-left font-medium text-emerald-300/80 max-sm:hidden">
              Calls
            </th>
            <th scope="colgroup" className="pb-1 text-left font-medium text-emerald-300/80 sm:hidden">
              Calls
            </th>
            <th />
            <th scope="colgroup" colSpan={4} className="pb-1 text-right font-medium text-rose-300/80 max-sm:hidden">
              Puts
            </th>
            <th scope="colgroup" className="pb-1 text-right font-medium text-rose-300/80 sm:hidden">
              Puts
            </th>
          </tr>
          <tr className="text-[11px] text-zinc-500 uppercase">
            <Th className="max-sm:hidden">OI</Th>
            <Th className="max-sm:hidden">Delta</Th>
            <Th className="max-sm:hidden">Funding/day</Th>
            <Th>Mark</Th>
            <Th className="text-center">Strike</Th>
            <Th>Mark</Th>
            <Th className="max-sm:hidden">Funding/day</Th>
            <Th className="max-sm:hidden">Delta</Th>
            <Th className="max-sm:hidden">OI</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const strikeKey = fromWad(row.strike).toString()
            return (
              <tr key={row.strike.toString()} data-testid={`chain-row-${strikeKey}`} className={row.nearestSpot ? 'bg-sky-500/10' : undefined}>
                <SideCells side={row.call} kind="call" selectedId={selectedId} onSelect={onSelect} strikeKey={strikeKey} />
                <td className="border-x border-zinc-800 px-2 py-1.5 text-center font-semibold text-zinc-100 tabular-nums">
                  {formatUsdWhole(row.strike)}
                  {row.nearestSpot && <span className="ml-1 text-[10px] font-normal text-sky-300">spot</span>}
                </td>
                <SideCells side={row.put} kind="put" selectedId={selectedId} onSelect={onSelect} strikeKey={strikeKey} />
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function Th({ children, className = '' }: { children: React.ReactNode; className?: string }) {
  return <th className={`border-b border-zinc-800 px-2 pb-1 text-right font-medium ${className}`}>{children}</th>
}

function SideCells({
  side,
  kind,
  selectedId,
  onSelect,
  strikeKey,
}: {
  side: ChainSide | undefined
  kind: 'call' | 'put'
  selectedId: bigint | undefined
  onSelect: (marketId: bigint, side: TradeSide) => void
  strikeKey: string
}) {
  if (!side) {
    const empty = <td className="px-2 py-1.5 text-right text-zinc-700">—</td>
    return kind === 'call' ? (
      <>
        <td className="max-sm:hidden" />
        <td className="max-sm:hidden" />
        <td className="max-sm:hidden" />
        {empty}
      </>
    ) : (
      <>
        {empty}
        <td className="max-sm:hidden" />
        <td className="max-sm:hidden" />
        <td className="max-sm:hidden" />
      </>
    )
  }
  const selected = side.market.id === selectedId
  const dim = side.closeOnly ? 'opacity-50' : ''
  const cells = [
    <td key="oi" className={`px-2 py-1.5 text-right text-zinc-400 tabular-nums max-sm:hidden ${dim}`}>
      {formatToken(grossOpenInterest(side.market), 18, 2)}
    </td>,
    <td key="delta" className={`px-2 py-1.5 text-right text-zinc-400 tabular-nums max-sm:hidden ${dim}`}>
      {side.delta === undefined ? '—' : fromWad(side.delta).toFixed(2)}
    </td>,
    <td
      key="funding"
      className={`px-2 py-1.5 text-right tabular-nums max-sm:hidden ${dim}`}
      title={side.fundingApr === undefined ? undefined : `${formatPercent(side.fundingApr, { digits: 0 })} a year: an out-of-the-money option pays 1/T of its price each day, whatever its strike`}
    >
      <span className="text-zinc-300">{side.fundingPerDay === undefined ? '—' : formatUsd(fromWad(side.fundingPerDay))}</span>
      {side.fundingSharePerDay !== undefined && (
        <span className="block text-[10px] text-zinc-500">{formatPercent(side.fundingSharePerDay, { digits: 1 })} of price</span>
      )}
    </td>,
    <td key="mark" className="px-1 py-1 text-right">
      <div className="flex items-center gap-1">
        <button
          type="button"
          onClick={() => onSelect(side.market.id, 'buy')}
          aria-pressed={selected}
          data-testid={`chain-${kind}-${strikeKey}`}
          title="Buy this option"
          aria-label={`Buy ${kind === 'call' ? 'call' : 'put'} ${strikeKey}${side.closeOnly ? ' (close-only)' : ''}: mark ${side.mark === undefined ? 'loading' : formatUsd(fromWad(side.mark))}`}
          className={`w-full rounded px-2 py-1 text-right tabular-nums focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none ${
            selected
              ? 'bg-sky-500 text-zinc-950'
              : kind === 'call'
                ? 'text-emerald-300 hover:bg-emerald-500/15'
                : 'text-rose-300 hover:bg-rose-500/15'
          } ${dim}`}
        >
          {side.mark === undefined ? '…' : formatUsd(fromWad(side.mark))}
          {side.closeOnly && (
            <span className="ml-1 align-middle">
              <Pill tone="warn">close-only</Pill>
            </span>
          )}
        </button>
        <button
          type="button"
          onClick={() => onSelect(side.market.id, 'sell')}
          data-testid={`chain-${kind}-${strikeKey}-sell`}
          aria-label={`Sell ${kind} ${strikeKey}`}
          title="Sell (write) this option"
          className="rounded border border-zinc-700 px-1.5 py-0.5 text-[10px] font-medium text-zinc-300 hover:bg-zinc-800 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none"
        >
          Sell
        </button>
      </div>
    </td>,
  ]
  return <>{kind === 'call' ? cells : [...cells].reverse()}</>
}
