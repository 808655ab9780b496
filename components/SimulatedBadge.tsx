'use client'

import { useChainStatus } from '../hooks/useChainStatus'
import { isSimulatedChain } from '../lib/chains'

/** The local chain's prices come from a keeper, not real markets: say so on every page. */
export function SimulatedBadge() {
  const { activeChainId } = useChainStatus()
  if (!isSimulatedChain(activeChainId)) return null
  return (
    <span
      data-testid="simulated-badge"
      title="Local chain: prices, peg and volatility are pushed by a simulation keeper"
      className="rounded-full border border-violet-400/40 bg-violet-500/15 px-2 py-0.5 text-xs font-medium text-violet-200"
    >
      Simulated market
    </span>
  )
}
