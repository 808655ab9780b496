'use client'

import { useMemo } from 'react'
import { useReadContract, useReadContracts } from 'wagmi'

import { engineExtensionAbi } from '../lib/generated'
import { type MarketInfo, type RawMarket, toMarketInfo } from '../lib/markets'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

/**
 * Every listed market (`market(1…marketCount)` through the engine's extension) with its open
 * interest and funding index. Market ids start at 1; one multicall for all of them, every block.
 */
export function useMarkets() {
  const { chainId, addresses } = useDeployment()
  const engine = addresses?.engine
  const count = useReadContract({
    chainId,
    address: engine,
    abi: engineExtensionAbi,
    functionName: 'marketCount',
    query: { enabled: engine !== undefined },
  })
  const ids = useMemo(() => Array.from({ length: Number(count.data ?? 0n) }, (_, i) => BigInt(i + 1)), [count.data])
  const query = useReadContracts({
    contracts: ids.map((id) => ({
      chainId,
      address: engine,
      abi: engineExtensionAbi,
      functionName: 'market' as const,
      args: [id] as const,
    })),
    query: { enabled: engine !== undefined && ids.length > 0 },
  })

  const markets = useMemo<MarketInfo[]>(() => {
    const out: MarketInfo[] = []
    ids.forEach((id, i) => {
      const raw = resultOf<RawMarket>(query.data?.[i])
      if (raw) out.push(toMarketInfo(id, raw))
    })
    return out
  }, [ids, query.data])

  return {
    markets,
    byId: (id: bigint | undefined) => markets.find((market) => market.id === id),
    isLoading: count.isLoading || query.isLoading,
    error: count.error ?? query.error,
  }
}
