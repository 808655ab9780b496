'use client'

import { useChainStatus } from '../hooks/useChainStatus'
import { isSimulatedChain } from '../lib/chains'
import { Banner } from './Banner'

/**
 * Tells the user, before any form does, that the current chain cannot work: either the wallet is
 * on a chain this app is not configured for, or Livestock has no contracts there (yet).
 */
export function WrongChainBanner() {
  const { support, isConnected, switchTo, isSwitching, switchError } = useChainStatus()
  if (support.kind === 'ok') return null

  const target = support.target
  const action =
    target && isConnected ? (
      <button
        type="button"
        onClick={() => switchTo(target)}
        disabled={isSwitching}
        className="rounded-md bg-amber-400 px-3 py-1 text-sm font-medium text-zinc-950 hover:bg-amber-300 disabled:opacity-60"
      >
        {isSwitching ? 'Check your wallet…' : `Switch to ${target.name}`}
      </button>
    ) : undefined

  return (
    <Banner tone="warning" testId="wrong-chain-banner" action={action}>
      {support.kind === 'unsupported' ? (
        <>Your wallet is on a network Livestock does not support (chain {support.chainId}).</>
      ) : (
        <>
          Livestock is not deployed on {support.chain.name}.
          {isSimulatedChain(support.chain.id) && <> Deploy the contracts with <code>npm run deploy</code>.</>}
        </>
      )}
      {switchError && <span className="block text-amber-200/80">{switchError}</span>}
    </Banner>
  )
}
