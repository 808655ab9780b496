'use client'

import { useCallback, useMemo, useState } from 'react'
import { zeroAddress } from 'viem'
import { useAccount, useReadContracts } from 'wagmi'

import type { RawAccountView } from '../lib/account'
import { accountAlerts, type Alert, type AlertLevel, dismissalKey, marginRatioNumber, visibleAlerts } from '../lib/alerts'
import { accountLensAbi } from '../lib/generated'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'
import { useStockStates } from './useStockStates'

/**
 * The connected trader's alerts across every stock token: one multicall of AccountLens.accountView per token (every
 * block), the pegs from useStockStates, the levels shown before (for hysteresis) and what the trader dismissed.
 */
export function useAlerts(): { alerts: Alert[]; dismiss: (alert: Alert) => void } {
  const { address: user } = useAccount()
  const { chainId, stocks, addresses } = useDeployment()
  const { stocks: states } = useStockStates()
  const query = useReadContracts({
    contracts: stocks.map((stock) => ({
      chainId,
      address: addresses?.lens,
      abi: accountLensAbi,
      functionName: 'accountView' as const,
      args: [addresses?.engine ?? zeroAddress, user ?? zeroAddress, stock.token] as const,
    })),
    query: { enabled: addresses !== undefined && user !== undefined && stocks.length > 0 },
  })
  // The levels shown at the last read, for hysteresis: state adjusted while rendering (React's pattern for
  // information from the previous render), so a level change renders once more, never in a loop.
  const [shown, setShown] = useState<ReadonlyMap<string, AlertLevel>>(new Map())
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())

  const accounts = useMemo(
    () =>
      stocks.flatMap((stock, i) => {
        const view = resultOf<RawAccountView>(query.data?.[i])
        if (!view) return []
        const peg = states.find((s) => s.symbol === stock.symbol)?.state?.peg
        return [{ symbol: stock.symbol, hasPositions: view.positions.length > 0, marginRatio: marginRatioNumber(view.marginRatioWad), peg }]
      }),
    [stocks, states, query.data],
  )
  const alerts = useMemo(() => accountAlerts(accounts, shown), [accounts, shown])
  const levels = levelKey(alerts)
  if (levels !== levelKey([...shown].map(([id, level]) => ({ id, level })))) {
    setShown(new Map(alerts.map((a) => [a.id, a.level])))
  }

  const dismiss = useCallback((alert: Alert) => setDismissed((d) => new Set(d).add(dismissalKey(alert))), [])
  return { alerts: visibleAlerts(alerts, dismissed), dismiss }
}

function levelKey(alerts: readonly Pick<Alert, 'id' | 'level'>[]): string {
  return alerts.map((a) => `${a.id}@${a.level}`).join(',')
}
