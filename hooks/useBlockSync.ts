'use client'

import { type Query, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useBlockNumber } from 'wagmi'

import { useDeployment } from './useDeployment'

/** Query families that show chain state: wagmi's reads and balances, and this app's composite reads. */
const LIVE_KEYS = new Set(['readContract', 'readContracts', 'balance', 'livestock'])

export function isLiveQuery(query: Pick<Query, 'queryKey'>): boolean {
  const head = query.queryKey[0]
  return typeof head === 'string' && LIVE_KEYS.has(head)
}

/**
 * Reads refresh on every new block: one block watcher for the whole app marks every live query
 * stale and refetches the ones on screen. An in-flight refetch is not cancelled, so a slow RPC
 * still completes instead of restarting on every block. History (charts) polls on its own clock.
 */
export function useBlockSync(): bigint | undefined {
  const { chainId } = useDeployment()
  const queryClient = useQueryClient()
  const { data: blockNumber } = useBlockNumber({ chainId, watch: true })
  const seen = useRef<bigint | undefined>(undefined)

  useEffect(() => {
    if (blockNumber === undefined) return
    const first = seen.current === undefined
    seen.current = blockNumber
    // The first block arrives with the first reads: they are fresh already.
    if (first) return
    void queryClient.invalidateQueries({ predicate: isLiveQuery }, { cancelRefetch: false })
  }, [blockNumber, queryClient])

  return blockNumber
}
