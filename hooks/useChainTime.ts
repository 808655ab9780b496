'use client'

import { useCallback, useEffect, useRef } from 'react'
import { useBlock } from 'wagmi'

import { useDeployment } from './useDeployment'

/**
 * "Now" for deadlines: the later of the wall clock and the latest block's timestamp. On a public
 * chain the two agree; on the local simulated chain block time runs ahead of (or behind) the wall
 * clock, and a deadline must never be in the chain's past when the transaction lands.
 */
export function useChainTime(): () => bigint {
  const { chainId } = useDeployment()
  const { data: block } = useBlock({ chainId, watch: true })
  const latest = useRef<bigint>(0n)
  useEffect(() => {
    if (block?.timestamp !== undefined) latest.current = block.timestamp
  }, [block?.timestamp])
  return useCallback(() => {
    const wall = BigInt(Math.floor(Date.now() / 1000))
    return wall > latest.current ? wall : latest.current
  }, [])
}

/** The latest block's timestamp (unix seconds), for "last 24 h" windows in chain time. */
export function useLatestBlockTime(): number | undefined {
  const { chainId } = useDeployment()
  const { data: block } = useBlock({ chainId, watch: true })
  return block ? Number(block.timestamp) : undefined
}

/** Timestamp of the deployment's start block: how long the protocol has existed, in chain time. */
export function useDeploymentStartTime(): number | undefined {
  const { chainId, deployment } = useDeployment()
  const { data: block } = useBlock({ chainId, blockNumber: deployment?.startBlock, query: { enabled: deployment !== undefined, staleTime: Number.POSITIVE_INFINITY } })
  return block ? Number(block.timestamp) : undefined
}
