'use client'

import { useMemo } from 'react'

import { useDeploymentStartTime, useLatestBlockTime } from '../../hooks/useChainTime'
import { useSharePriceHistory, useVaultEarnings } from '../../hooks/useHistoryVaults'
import { useStockStates } from '../../hooks/useStockStates'
import { useVaults } from '../../hooks/useVaults'
import { formatDuration } from '../../lib/format'
import { chartEmptyText } from '../../lib/history/availability'
import { premiumApr, sumSince } from '../../lib/history/earnings'
import type { VaultView } from '../../lib/vaults'
import { trailingWindow } from '../../lib/windows'
import { HistoryUnavailable } from '../charts/HistoryUnavailable'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import { TokenIcon } from '../TokenIcon'
import { MarketStatusBadge, PegBadge } from '../ui/Badges'
import { Card } from '../ui/Card'
import { Notice, ReadError } from '../ui/Notice'
import { VaultPanel } from './VaultPanel'

/**
 * The LP dashboard: one card per stock token with its main and insurance vault, their APR from the
 * premiums of the last 7 days (FeesDistributed events), and the share-price history of both.
 */
export function PoolView() {
  const { vaults, isConnected, error } = useVaults()
  const { bySymbol } = useStockStates()
  const earnings = useVaultEarnings()
  const now = useLatestBlockTime()
  const start = useDeploymentStartTime()
  const span = trailingWindow(now, start)
  const addresses = useMemo(() => vaults.map((v) => v.address), [vaults])
  const history = useSharePriceHistory(addresses)

  const symbols = [...new Set(vaults.map((v) => v.stock.symbol))]

  function aprOf(vault: VaultView): number | undefined {
    const splits = earnings.data?.get(vault.stock.symbol)?.splits
    if (!splits || !span || vault.totalAssets === undefined) return undefined
    const earned = sumSince(splits, span.since, (s) => (vault.kind === 'main' ? s.toMain : s.toInsurance))
    return premiumApr(earned, vault.totalAssets, span.seconds)
  }

  if (vaults.length === 0 && !error) return <Notice>Loading vaults…</Notice>
  return (
    <div className="flex flex-col gap-4">
      {error && <ReadError error={error} what="the vaults" />}
      <HistoryUnavailable message={earnings.unavailable ?? history.unavailable} />
      {span && span.seconds < 7 * 86_400 && (
        <p className="text-xs text-zinc-500">APR: premiums of the protocol&apos;s first {formatDuration(span.seconds)} (chain time), annualised.</p>
      )}
      {symbols.map((symbol) => {
        const pair = vaults.filter((v) => v.stock.symbol === symbol)
        const state = bySymbol(symbol)?.state
        return (
          <Card
            key={symbol}
            testId={`pool-${symbol}`}
            title={
              <span className="flex flex-wrap items-center gap-2">
                <TokenIcon symbol={symbol} size={24} />
                {symbol} <span className="text-sm font-normal text-zinc-500">{pair[0]?.stock.name}</span>
                <PegBadge peg={state?.peg} testId={`pool-peg-${symbol}`} />
                <MarketStatusBadge open={state?.marketOpen} />
              </span>
            }
            subtitle="Deposits and withdrawals pause while the stock market is closed or the peg is not healthy."
          >
            <div className="grid gap-3 md:grid-cols-2">
              {pair.map((vault) => (
                <VaultPanel key={vault.address} vault={vault} stock={state} apr={aprOf(vault)} isConnected={isConnected} />
              ))}
            </div>
            <div className="mt-3">
              <TimeSeriesChart
                testId={`share-price-chart-${symbol}`}
                label={`${symbol} vault share prices over time`}
                height={180}
                emptyText={chartEmptyText(history, 'No share-price history yet')}
                series={pair.map((vault) => ({
                  id: vault.address,
                  label: `${vault.kind === 'main' ? 'Main' : 'Insurance'} share price`,
                  color: vault.kind === 'main' ? '#34d399' : '#a78bfa',
                  points: history.data?.get(vault.address) ?? [],
                  format: 'number' as const,
                }))}
              />
            </div>
          </Card>
        )
      })}
    </div>
  )
}
