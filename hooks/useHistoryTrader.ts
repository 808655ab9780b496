'use client'

import type { Address } from 'viem'

import type { HistoryState } from '../lib/history/availability'
import type { Liquidation, Trade } from '../lib/history/records'
import { useHistoryQuery } from './useHistoryQuery'

/** A trader's trades (signed buys and sells at the engine's price) and liquidations, oldest first. */
export function useTraderHistory(trader: Address | undefined): HistoryState<{ trades: Trade[]; liquidations: Liquidation[] }> {
  return useHistoryQuery(
    ['trader', trader?.toLowerCase() ?? ''],
    trader ? async (source) => {
          const [trades, liquidations] = await Promise.all([source.trades(trader), source.liquidations(trader)])
          return { trades, liquidations }
        }
      : undefined,
  )
}
