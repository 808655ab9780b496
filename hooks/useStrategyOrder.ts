'use client'

import { useEffect, useRef, useState } from 'react'

import { highestOrderId, legStatus, type StrategyLeg, type StrategyPhase } from '../lib/strategy'
import { useOrders } from './useOrders'
import { useTradeActions } from './useTradeActions'

/** One leg as the ticket prices it now: its acceptable price from the current quote ± slippage. */
export type PricedLeg = StrategyLeg & { limitPrice: bigint | undefined; label: string }

/**
 * Sends a two-leg strategy as two linked orders through useTradeActions (so through the one transaction helper):
 * leg 1, then — once the keeper has filled it — leg 2 at the price quoted at that moment. A cancelled leg 1 stops
 * the strategy (leg 2 is never sent). Without an order router each leg executes on its confirmation.
 */
export function useStrategyOrder(symbol: string | undefined, legs: PricedLeg[] | undefined) {
  const { trade, isSending, mode } = useTradeActions(symbol)
  const orders = useOrders()
  const [phase, setPhase] = useState<StrategyPhase>({ phase: 'idle' })
  // The legs as quoted at this render: leg 2 is sent at the price of the moment leg 1 fills.
  const latestLegs = useRef(legs)
  useEffect(() => {
    latestLegs.current = legs
  })
  const size = useRef(0n)
  const sentLeg2 = useRef(false)

  async function sendLeg(index: 0 | 1): Promise<void> {
    const leg = latestLegs.current?.[index]
    const legNo = (index + 1) as 1 | 2
    if (!leg || leg.limitPrice === undefined) {
      setPhase({ phase: 'stopped', leg: legNo, reason: 'no quote for this leg' })
      return
    }
    const afterId = highestOrderId(orders.rows)
    setPhase({ phase: 'sending', leg: legNo })
    const outcome = await trade({ marketId: leg.marketId, isBuy: leg.side === 'buy', size: size.current, limitPrice: leg.limitPrice, label: leg.label })
    if (outcome?.status !== 'confirmed') {
      setPhase({ phase: 'stopped', leg: legNo, reason: outcome?.status === 'cancelled' ? 'rejected in the wallet' : 'the transaction failed' })
      return
    }
    if (mode === 'direct') {
      if (index === 0) await sendLeg(1)
      else setPhase({ phase: 'done' })
      return
    }
    setPhase({ phase: 'pending', leg: legNo, afterId })
  }

  /** Start with `amount` units per leg: leg 1 now, leg 2 after leg 1 fills. */
  function start(amount: bigint) {
    size.current = amount
    sentLeg2.current = false
    void sendLeg(0)
  }

  const pending = phase.phase === 'pending' ? phase : undefined
  const pendingLeg = pending ? legs?.[pending.leg - 1] : undefined
  const status = pending && pendingLeg ? legStatus(orders.rows, pendingLeg.marketId, pending.afterId) : undefined
  const statusKey = status ? `${pending?.leg}:${status.status}` : ''

  // A cancelled leg stops the strategy; leg 2 filled completes it (derived from the orders, not stored).
  const shown: StrategyPhase =
    pending && status?.status === 'cancelled'
      ? { phase: 'stopped', leg: pending.leg, reason: `cancelled (${status.reason})` }
      : pending?.leg === 2 && status?.status === 'filled'
        ? { phase: 'done' }
        : phase

  useEffect(() => {
    if (pending?.leg !== 1 || status?.status !== 'filled' || sentLeg2.current) return
    sentLeg2.current = true
    void sendLeg(1)
    // statusKey carries every change that matters; sendLeg reads refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [statusKey])

  function reset() {
    setPhase({ phase: 'idle' })
  }

  const busy = isSending || shown.phase === 'sending' || shown.phase === 'pending'
  return { phase: shown, start, reset, busy, mode }
}
