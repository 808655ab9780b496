'use client'

import type { Chain } from 'viem'
import { useAccount, useChainId, useSwitchChain } from 'wagmi'

import { type ChainSupport, describeChainSupport, isSupportedChainId } from '../lib/chains'
import { hasDeployment } from '../lib/deployments'
import { describeTxError } from '../lib/txError'

export type ChainStatus = {
  /** The wallet's chain when connected, otherwise the chain the app reads from (local first). */
  activeChainId: number
  support: ChainSupport
  isConnected: boolean
  switchTo: (chain: Chain) => void
  isSwitching: boolean
  /** Why the last switch failed, in words ("Request cancelled in wallet", …). */
  switchError: string | undefined
}

/** Whether the app can work on the current chain, and a way to move to one where it can. */
export function useChainStatus(): ChainStatus {
  const { chainId: walletChainId, isConnected } = useAccount()
  const appChainId = useChainId()
  const { switchChain, isPending, error } = useSwitchChain()

  const activeChainId = isConnected && walletChainId !== undefined ? walletChainId : appChainId

  return {
    activeChainId,
    support: describeChainSupport(activeChainId, hasDeployment),
    isConnected,
    switchTo: (chain) => {
      // Without a wallet this only changes which chain the app reads from.
      if (isSupportedChainId(chain.id)) switchChain({ chainId: chain.id })
    },
    isSwitching: isPending,
    switchError: error ? describeTxError(error).message : undefined,
  }
}
