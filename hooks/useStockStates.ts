'use client'

import { useMemo } from 'react'
import { useReadContracts } from 'wagmi'

import type { StockDeployment } from '../lib/deployments'
import { oracleHubAbi } from '../lib/generated'
import { type RawStockState, type StockState, toStockState } from '../lib/protocol'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

export type StockWithState = StockDeployment & { state: StockState | undefined }

/**
 * Each stock token's prices and peg from `OracleHub.stockState`: reference and DEX TWAP prices,
 * collateral and settlement prices, deviation, peg state, market open/closed, reference freshness.
 * One multicall for all tokens, refreshed every block.
 */
export function useStockStates() {
  const { chainId, stocks, addresses } = useDeployment()
  const query = useReadContracts({
    contracts: stocks.map((stock) => ({
      chainId,
      address: addresses?.hub,
      abi: oracleHubAbi,
      functionName: 'stockState' as const,
      args: [stock.token] as const,
    })),
    query: { enabled: addresses !== undefined && stocks.length > 0 },
  })

  const list = useMemo<StockWithState[]>(
    () =>
      stocks.map((stock, i) => {
        const raw = resultOf<RawStockState>(query.data?.[i])
        return { ...stock, state: raw ? toStockState(raw) : undefined }
      }),
    [stocks, query.data],
  )

  return {
    stocks: list,
    bySymbol: (symbol: string | undefined) => list.find((stock) => stock.symbol === symbol),
    isLoading: query.isLoading,
    error: query.error,
    refetch: query.refetch,
  }
}

/** One token's state (the trade and pool pages gate their controls on it). */
export function useStockState(symbol: string | undefined) {
  const { bySymbol, isLoading, error } = useStockStates()
  return { stock: bySymbol(symbol), isLoading, error }
}
