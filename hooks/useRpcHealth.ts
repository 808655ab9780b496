'use client'

import { useState } from 'react'
import { useBlockNumber, useChainId } from 'wagmi'

import { getSupportedChain } from '../lib/chains'

export type RpcHealth = {
  /** `connecting` until the first block number arrives; `down` whenever the latest poll failed. */
  status: 'connecting' | 'ok' | 'down'
  blockNumber: bigint | undefined
  chainId: number
  chainName: string
  rpcUrl: string | undefined
  retry: () => void
  /** True only while a retry the user asked for runs, so background polls do not flicker the button. */
  isRetrying: boolean
}

/**
 * `watch` pushes every new block into the query, but wagmi's block watcher swallows its own
 * errors, so a dead RPC would look healthy forever with the last block cached. The query therefore
 * also polls on its own: a failed poll turns the query (and this hook) to `down`.
 */
const HEALTH_POLL_MS = 5_000

export function useRpcHealth(): RpcHealth {
  const chainId = useChainId()
  const chain = getSupportedChain(chainId)
  const blockNumber = useBlockNumber({
    chainId,
    watch: true,
    query: { refetchInterval: HEALTH_POLL_MS, retry: 1, retryDelay: 1_000 },
  })

  const [isRetrying, setIsRetrying] = useState(false)
  const retry = () => {
    setIsRetrying(true)
    void blockNumber.refetch().finally(() => setIsRetrying(false))
  }

  const status = blockNumber.isError ? 'down' : blockNumber.data === undefined ? 'connecting' : 'ok'

  return {
    status,
    blockNumber: blockNumber.data,
    chainId,
    chainName: chain?.name ?? `chain ${chainId}`,
    rpcUrl: chain?.rpcUrls.default.http[0],
    retry,
    isRetrying,
  }
}
