'use client'

import { useRpcHealth } from '../hooks/useRpcHealth'
import { isSimulatedChain } from '../lib/chains'
import { Banner } from './Banner'

/** Shows a visible error (never a silently frozen page) when the chain's RPC stops answering. */
export function RpcStatus() {
  const { status, chainId, chainName, rpcUrl, retry, isRetrying } = useRpcHealth()
  if (status !== 'down') return null

  return (
    <Banner
      tone="error"
      testId="rpc-down-banner"
      action={
        <button
          type="button"
          onClick={retry}
          disabled={isRetrying}
          className="rounded-md bg-rose-400 px-3 py-1 text-sm font-medium text-zinc-950 hover:bg-rose-300 disabled:opacity-60"
        >
          {isRetrying ? 'Retrying…' : 'Retry'}
        </button>
      }
    >
      Cannot reach the {chainName} RPC{rpcUrl ? ` at ${rpcUrl}` : ''}. Prices and balances on this page may be out of
      date.
      {/* Only the local chain is something the user can start themselves. */}
      {isSimulatedChain(chainId) && (
        <span className="block text-rose-200/80">
          Is the local chain running? Start it with <code>npm run chain</code>.
        </span>
      )}
    </Banner>
  )
}
