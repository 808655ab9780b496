'use client'

import { useMemo } from 'react'
import type { Address } from 'viem'

import type { HistoryState } from '../lib/history/availability'
import { earningsByToken, type TokenEarnings } from '../lib/history/earnings'
import { sharePriceSeries } from '../lib/history/sharePrices'
import type { Point } from '../lib/history/series'
import { useDeployment } from './useDeployment'
import { HISTORY_REFRESH_MS, useHistoryQuery } from './useHistoryQuery'

/** What each token's vaults received (fees and funding, 70% main / 20% insurance), keyed by symbol. */
export function useVaultEarnings(): HistoryState<Map<string, TokenEarnings>> {
  const { stocks } = useDeployment()
  const history = useHistoryQuery(['feeSplits'], (source) => source.feeSplits())
  const data = useMemo(() => (history.data ? earningsByToken(history.data, stocks) : undefined), [history.data, stocks])
  return { ...history, data }
}

/** Share price (tokens per share) of each vault over time, keyed by the vault addresses as given. */
export function useSharePriceHistory(vaults: readonly Address[]): HistoryState<Map<Address, Point[]>> {
  const history = useHistoryQuery(
    ['sharePrices', vaults.join(',')],
    vaults.length > 0 ? (source) => source.sharePrices(vaults) : undefined,
    // Past-block reads are the slow part of the getLogs fallback: a third of the pace of the other charts.
    HISTORY_REFRESH_MS * 3,
  )
  const data = useMemo(() => (history.data ? sharePriceSeries(history.data, vaults) : undefined), [history.data, vaults])
  return { ...history, data }
}
