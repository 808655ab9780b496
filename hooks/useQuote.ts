'use client'

import { useReadContract } from 'wagmi'

import { iLivestockAbi } from '../lib/generated'
import type { MarketQuote } from '../lib/markets'
import { useDeployment } from './useDeployment'

/**
 * The engine's quote for buying (`isBuy`) or selling `size` units (unsigned) of a market now: price per unit with
 * the skew this size causes, fee for the whole size, theo, delta and spot. Every block.
 */
export function useQuote(marketId: bigint | undefined, size: bigint | undefined, isBuy: boolean) {
  const { chainId, addresses } = useDeployment()
  const query = useReadContract({
    chainId,
    address: addresses?.engine,
    abi: iLivestockAbi,
    functionName: 'quote',
    args: [marketId ?? 0n, size ?? 0n, isBuy],
    query: { enabled: addresses !== undefined && marketId !== undefined && size !== undefined },
  })
  return { quote: query.data as MarketQuote | undefined, isLoading: query.isLoading, error: query.error }
}
