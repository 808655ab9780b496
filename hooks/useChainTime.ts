'use client'

import { useCallback } from 'react'
import { useBlock, useConfig } from 'wagmi'
import { getBlock } from 'wagmi/actions'

import { useDeployment } from './useDeployment'

/**
 * "Now" for deadlines: the later of the wall clock and the latest block's timestamp, read from the node when
 * the transaction is built. On a public chain the two agree; on the local simulated chain block time runs ahead
 * of (or behind) the wall clock, and a deadline must never be in the chain's past when the transaction lands.
 * (A watched block lags a poll behind a jump in chain time.) If the read fails the write would too: the wall
 * clock stands in.
 */
export function useChainTime(): () => Promise<bigint> {
  const config = useConfig()
  const { chainId } = useDeployment()
  return useCallback(async () => {
    const wall = BigInt(Math.floor(Date.now() / 1000))
    const latest = await getBlock(config, { chainId }).then(
      (block) => block.timestamp,
      () => wall,
    )
    return wall > latest ? wall : latest
  }, [config, chainId])
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

/**
 * The latest block's timestamp, read when the transaction is built: the "now" an order's expiry is measured
 * from. Unlike `useChainTime` it never takes the wall clock, because the router bounds an expiry on both sides
 * (at least minDelay + settleWindow, at most maxLifetime after the block that mines the commit): on the local
 * chain, block time may run minutes behind the wall clock after a snapshot revert.
 */
export function useBlockTime(): () => Promise<bigint> {
  const config = useConfig()
  const { chainId } = useDeployment()
  return useCallback(async () => (await getBlock(config, { chainId })).timestamp, [config, chainId])
}
