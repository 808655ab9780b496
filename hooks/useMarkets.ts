'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Address, Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { useClient } from 'wagmi'

import { iLivestockAbi } from '../lib/generated'
import { type MarketInfo, toMarketInfo } from '../lib/markets'
import { useDeployment } from './useDeployment'

/**
 * Every listed market (`market(1…marketCount)`, the engine's views) with its long and short open interest and
 * funding index, refreshed every block. Market ids start at 1.
 *
 * One query, not a count query and a list query: the markets are read as soon as the count is known, without
 * waiting for a render in between, so on a page's first load they travel with the other second-round reads
 * (one JSON-RPC batch). Later refreshes read the count and the markets already known together (one round
 * trip), and only a grown count costs a second one. The reads go through the client's multicall batching.
 */
export function useMarkets() {
  const { chainId, addresses } = useDeployment()
  const engine = addresses?.engine
  // Widened: viem's actions cannot infer over wagmi's union of one client per chain.
  const client = useClient({ chainId }) as Client<Transport, Chain> | undefined
  const queryClient = useQueryClient()
  const queryKey = ['livestock', 'markets', chainId, engine] as const

  const query = useQuery({
    queryKey,
    enabled: client !== undefined && engine !== undefined,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<MarketInfo[]> => {
      if (!client || !engine) return []
      // Ids are 1…count and markets are never removed: the last read's highest id is a lower bound of the count.
      const previous = queryClient.getQueryData<MarketInfo[]>(queryKey) ?? []
      const knownCount = previous.reduce((max, market) => (market.id > max ? market.id : max), 0n)
      const [count, ...refreshed] = await Promise.all([
        readContract(client, { address: engine, abi: iLivestockAbi, functionName: 'marketCount' }),
        ...ids(1n, knownCount).map((id) => readMarket(client, engine, id)),
      ])
      const added = await Promise.all(ids(knownCount + 1n, count).map((id) => readMarket(client, engine, id)))
      return [...refreshed, ...added].filter((market): market is MarketInfo => market !== undefined && market.id <= count)
    },
  })

  const markets = query.data ?? []
  return {
    markets,
    byId: (id: bigint | undefined) => markets.find((market) => market.id === id),
    isLoading: query.isLoading,
    error: query.error,
  }
}

function ids(first: bigint, last: bigint): bigint[] {
  const out: bigint[] = []
  for (let id = first; id <= last; id++) out.push(id)
  return out
}

/** One market, or undefined if it cannot be read (it is then left out, as a failed multicall entry was). */
async function readMarket(client: Client<Transport, Chain>, engine: Address, id: bigint): Promise<MarketInfo | undefined> {
  try {
    const raw = await readContract(client, { address: engine, abi: iLivestockAbi, functionName: 'market', args: [id] })
    return toMarketInfo(id, raw)
  } catch {
    return undefined
  }
}
