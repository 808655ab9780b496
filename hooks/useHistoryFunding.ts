'use client'

import { useMemo } from 'react'
import type { Address } from 'viem'

import type { HistoryState } from '../lib/history/availability'
import { fundingRatesByMarket } from '../lib/history/funding'
import type { FundingDirection, FundingPayment } from '../lib/history/records'
import type { Point } from '../lib/history/series'
import { useHistoryQuery } from './useHistoryQuery'

/** Funding rate (USD per unit per day) of the given markets, keyed by market id, from their accruals. */
export function useFundingHistory(marketIds: readonly bigint[] | undefined): HistoryState<Map<bigint, Point[]>> {
  const ids = marketIds?.map(String) ?? []
  const history = useHistoryQuery(['fundingAccruals', ids.join(',')], marketIds ? (source) => source.fundingAccruals(marketIds) : undefined)
  const data = useMemo(() => (history.data ? fundingRatesByMarket(history.data) : undefined), [history.data])
  return { ...history, data }
}

/** Funding settled to accounts (paid by longs, or received by shorts): every trader's, or one trader's. */
export function useFundingPayments(trader?: Address, direction: FundingDirection = 'paid'): HistoryState<FundingPayment[]> {
  return useHistoryQuery(['fundingPayments', direction, trader?.toLowerCase() ?? 'all'], (source) =>
    source.fundingPayments(trader ? { trader, direction } : { direction }),
  )
}
