'use client'

import { useReadContract } from 'wagmi'

import { engineExtensionAbi } from '../lib/generated'
import type { MarketQuote } from '../lib/markets'
import { useDeployment } from './useDeployment'

/**
 * The engine's quote for buying (`isOpen`) or selling back `size` units of a market now: price per
 * unit with the skew this size causes, fee for the whole size, theo, delta and spot. Every block.
 */
export function useQuote(marketId: bigint | undefined, size: bigint | undefined, isOpen: boolean) {
  const { chainId, addresses } = useDeployment()
  const query = useReadContract({
    chainId,
    address: addresses?.engine,
    abi: engineExtensionAbi,
    functionName: 'quote',
    args: [marketId ?? 0n, size ?? 0n, isOpen],
    query: { enabled: addresses !== undefined && marketId !== undefined && size !== undefined },
  })
  return { quote: query.data as MarketQuote | undefined, isLoading: query.isLoading, error: query.error }
}
