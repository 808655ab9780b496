'use client'

import Link from 'next/link'

import { useProtocolSummary } from '../../hooks/useProtocolSummary'
import { formatUsdWad } from '../../lib/format'
import { MarketStatusBadge, PegBadge } from '../ui/Badges'
import { Card } from '../ui/Card'
import { ReadError } from '../ui/Notice'

/** Live protocol numbers and each token's peg, from the chain. */
export function HomeSummary() {
  const summary = useProtocolSummary()
  return (
    <div className="flex flex-col gap-4">
      {summary.error && <ReadError error={summary.error} what="the protocol state" />}
      <dl className="grid gap-3 sm:grid-cols-3">
        <SummaryStat label="Total value locked" value={formatUsdWad(summary.tvlUsd, { compact: true })} hint="Main and insurance vaults, at collateral price" testId="summary-tvl" />
        <SummaryStat
          label="Open interest"
          value={formatUsdWad(summary.openInterestUsd, { compact: true })}
          hint={`Notional (size × spot) of longs and shorts across ${summary.activeMarkets} active market${summary.activeMarkets === 1 ? '' : 's'}`}
          testId="summary-oi"
        />
        <SummaryStat label="Funding paid, 24 h" value={formatUsdWad(summary.funding24hUsd, { compact: true })} hint="Settled by traders to the vaults (chain time)" testId="summary-funding-24h" />
      </dl>
      <Card title="Peg of each token" action={<Link href="/peg" className="text-sm text-sky-300 hover:underline">Peg details →</Link>}>
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
          {summary.stocks.map((stock) => (
            <li key={stock.symbol} data-testid={`home-peg-${stock.symbol}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-zinc-950/50 px-3 py-2">
              <span className="font-medium text-zinc-100">{stock.symbol}</span>
              <span className="flex gap-1">
                <PegBadge peg={stock.state?.peg} testId={`home-peg-state-${stock.symbol}`} />
                <MarketStatusBadge open={stock.state?.marketOpen} />
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  )
}

function SummaryStat({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      <dt className="text-sm text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="mt-1 text-2xl font-semibold text-zinc-50 tabular-nums">
        {value}
      </dd>
      <dd className="mt-1 text-xs text-zinc-500">{hint}</dd>
    </div>
  )
}
