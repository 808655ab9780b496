'use client'

import { type FormEvent, useState } from 'react'

import { useAccountView } from '../../hooks/useAccountView'
import { useOrders } from '../../hooks/useOrders'
import { useQuote } from '../../hooks/useQuote'
import { type PricedLeg, useStrategyOrder } from '../../hooks/useStrategyOrder'
import { formatToken, formatUsdWad, formatUsdWhole } from '../../lib/format'
import { type ChainRow, describeMarket, type MarketInfo, type UnderlyingId } from '../../lib/markets'
import { describeStrategyPhase, netPremium, type StrategyKind, strategyLegs } from '../../lib/strategy'
import { parseSlippage } from '../../lib/ticket'
import { acceptablePriceFor, type TradeSide } from '../../lib/tradeRisk'
import { validateAmount } from '../../lib/validate'
import { AmountInput } from '../AmountInput'
import { SubmitButton } from '../SubmitButton'
import { Card, Row } from '../ui/Card'
import { SegmentedControl } from '../ui/SegmentedControl'
import { SideSwitch } from './SideSwitch'
import { StrategyGroupMargin } from './StrategyGroupMargin'
import { StrategyLegPreview } from './StrategyLegPreview'

const KINDS = [
  { value: 'callSpread', label: 'Call spread' },
  { value: 'straddle', label: 'Straddle' },
] as const

/**
 * Two-leg strategies as one ticket: a call spread (buy K1 call, sell K2 call) or a straddle (buy or sell the call
 * and the put at K). The legs go as two linked orders, leg 2 once leg 1 has filled (one pending order per account).
 * Each leg's simulation is shown; once both are open, the group's margin and max loss from the account view.
 */
export function StrategyTicket({
  symbol,
  underlying,
  rows,
  slippageText,
}: {
  symbol: string
  underlying: UnderlyingId
  rows: readonly ChainRow[]
  slippageText: string
}) {
  const [kind, setKind] = useState<StrategyKind>('callSpread')
  const [side, setSide] = useState<TradeSide>('buy')
  const [k1, setK1] = useState('')
  const [k2, setK2] = useState('')
  const [sizeText, setSizeText] = useState('')
  const account = useAccountView(symbol)
  const orders = useOrders()
  const pendingOrder = account.stock ? orders.pendingByToken.get(account.stock.token.toLowerCase()) : undefined
  const u = underlying === 1 ? 'ETH' : 'BTC'

  const marketAt = (strike: string, isCall: boolean): MarketInfo | undefined => {
    const row = rows.find((r) => r.strike.toString() === strike)
    return (isCall ? row?.call : row?.put)?.market
  }
  const first = marketAt(k1, true)
  const second = kind === 'callSpread' ? marketAt(k2, true) : marketAt(k1, false)
  const built = strategyLegs({ kind, first, second, side })
  const legs = built.ok ? built.legs : undefined

  const sizeRules = { decimals: 18, symbol: u }
  const sizeCheck = validateAmount(sizeText, sizeRules)
  const size = sizeCheck.ok ? sizeCheck.value : undefined
  const slippage = parseSlippage(slippageText)

  const q1 = useQuote(legs?.[0].marketId, size, legs?.[0].side !== 'sell').quote
  const q2 = useQuote(legs?.[1].marketId, size, legs?.[1].side !== 'sell').quote
  const prices = [q1?.price, q2?.price]
  const priced: PricedLeg[] | undefined = legs?.map((leg, i) => ({
    ...leg,
    limitPrice: prices[i] !== undefined && slippage.ok ? acceptablePriceFor(leg.side, prices[i], slippage.bps) : undefined,
    label: `${leg.side === 'buy' ? 'Buy' : 'Sell'} ${size !== undefined ? formatToken(size, 18) : ''} ${describeMarket({ underlying, isCall: leg.isCall, strike: leg.strike })} (${kind === 'callSpread' ? 'call spread' : 'straddle'} leg ${i + 1} of 2, ${symbol})`,
  }))
  const strategy = useStrategyOrder(symbol, priced)
  const net = legs && size !== undefined ? netPremium(legs, size, prices) : undefined
  const unbounded = kind === 'straddle' && side === 'sell'

  const disabledReason = !account.isConnected
    ? 'Connect a wallet to trade'
    : !built.ok
      ? built.error
      : pendingOrder && strategy.phase.phase === 'idle'
        ? `Order #${pendingOrder.id} is pending: wait for it to fill`
        : sizeText.trim() === ''
          ? 'Enter a size'
          : !sizeCheck.ok
            ? sizeCheck.error
            : !slippage.ok
              ? 'Fix the slippage setting'
              : (account.view?.collateral ?? 0n) === 0n
                ? `Deposit ${symbol} margin first`
                : !q1 || !q2
                  ? 'Getting quotes…'
                  : undefined

  function submit(event: FormEvent) {
    event.preventDefault()
    if (disabledReason || strategy.busy || size === undefined) return
    strategy.start(size)
  }

  const strikes = rows.filter((r) => (kind === 'callSpread' ? r.call : r.call && r.put))
  const phaseText = describeStrategyPhase(strategy.phase)
  const locked = strategy.busy

  return (
    <Card title="Strategy ticket" subtitle={`Two linked orders, margined in ${symbol}`} testId="strategy-ticket">
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <SegmentedControl label="Strategy" testId="strategy-kind" value={kind} onChange={(v) => { setKind(v); strategy.reset() }} options={KINDS} />
        {kind === 'straddle' && <SideSwitch value={side} onChange={setSide} />}
        <div className="grid grid-cols-2 gap-2 text-sm">
          <StrikeSelect id="strategy-k1" label={kind === 'callSpread' ? 'Buy call K1' : 'Strike K'} value={k1} onChange={setK1} rows={strikes} disabled={locked} />
          {kind === 'callSpread' && <StrikeSelect id="strategy-k2" label="Sell call K2" value={k2} onChange={setK2} rows={strikes} disabled={locked} />}
        </div>
        {!built.ok && (k1 !== '' || k2 !== '') && (
          <p role="alert" data-testid="strategy-error" className="text-xs text-rose-400">
            {built.error}
          </p>
        )}
        <AmountInput id="strategy-size" label={`Size per leg (${u})`} value={sizeText} onChange={setSizeText} rules={sizeRules} disabled={locked} />

        {legs && (
          <>
            <dl className="rounded-md border border-zinc-800 px-3 py-2">
              <Row label={net !== undefined && net < 0n ? 'Net premium received' : 'Net premium paid'} testId="strategy-net-premium" value={formatUsdWad(net === undefined ? undefined : net < 0n ? -net : net)} />
              <Row
                label="Max loss"
                testId="strategy-max-loss"
                value={unbounded ? 'unbounded' : net !== undefined && net > 0n ? formatUsdWad(net) : '—'}
                tone={unbounded ? 'warn' : undefined}
              />
            </dl>
            {legs.map((leg, i) => (
              <StrategyLegPreview key={leg.marketId.toString()} index={(i + 1) as 1 | 2} leg={leg} symbol={symbol} size={size} underlying={underlying} price={prices[i]} />
            ))}
          </>
        )}

        {phaseText && (
          <p role="status" data-testid="strategy-phase" data-phase={strategy.phase.phase} className={`text-sm ${strategy.phase.phase === 'stopped' ? 'text-rose-400' : 'text-sky-300'}`}>
            {phaseText}
          </p>
        )}
        {strategy.phase.phase === 'done' && <StrategyGroupMargin group={account.view?.groups[underlying]} />}

        <SubmitButton data-testid="strategy-submit" disabledReason={disabledReason} pending={locked} pendingLabel={phaseText || 'Placing…'}>
          {kind === 'callSpread' ? 'Open call spread' : `${side === 'buy' ? 'Buy' : 'Sell'} straddle`}
          {first && kind === 'callSpread' && second ? ` ${formatUsdWhole(first.strike)} / ${formatUsdWhole(second.strike)}` : ''}
        </SubmitButton>
      </form>
    </Card>
  )
}

function StrikeSelect({
  id,
  label,
  value,
  onChange,
  rows,
  disabled,
}: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  rows: readonly ChainRow[]
  disabled: boolean
}) {
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-zinc-300">
      {label}
      <select
        id={id}
        data-testid={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        className="rounded-md border border-zinc-700 bg-zinc-900 px-2 py-2 text-zinc-100"
      >
        <option value="">Pick a strike</option>
        {rows.map((r) => (
          <option key={r.strike.toString()} value={r.strike.toString()}>
            {formatUsdWhole(r.strike)}
          </option>
        ))}
      </select>
    </label>
  )
}
