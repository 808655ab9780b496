'use client'

import { type FormEvent, useMemo, useState } from 'react'

import { useAccountView } from '../../hooks/useAccountView'
import { useFundingPayments } from '../../hooks/useHistoryFunding'
import { useMarginActions } from '../../hooks/useMarginActions'
import { useOrders } from '../../hooks/useOrders'
import { useProtocolParams } from '../../hooks/useProtocolParams'
import { accountFundingTotal } from '../../lib/history/funding'
import { formatPercent, formatSignedUsdWad, formatToken, formatUsdWad, NOT_AVAILABLE } from '../../lib/format'
import type { StockState } from '../../lib/protocol'
import { marginRatio, maxWithdrawable } from '../../lib/ticket'
import { validateAmount } from '../../lib/validate'
import { AmountInput } from '../AmountInput'
import { SubmitButton } from '../SubmitButton'
import { Card, Stat } from '../ui/Card'
import { RatioBar } from '../ui/RatioBar'
import { SegmentedControl } from '../ui/SegmentedControl'

type Mode = 'deposit' | 'withdraw'

/**
 * The margin account in one stock token: deposit (permit where the token supports it, else
 * approve → deposit) and withdraw; equity, initial and maintenance margin, margin ratio bar,
 * funding paid and received. Numbers come from AccountLens (the engine's own math).
 */
export function AccountPanel({ symbol, stock }: { symbol: string; stock: StockState | undefined }) {
  const account = useAccountView(symbol)
  // Only this trader's payments: the indexer (or the getLogs topic filter) selects them, not the browser.
  const payments = useFundingPayments(account.user)
  const receipts = useFundingPayments(account.user, 'received')
  const actions = useMarginActions({ symbol, allowance: account.allowance, permit: account.permit })
  const { risk } = useProtocolParams()
  const [mode, setMode] = useState<Mode>('deposit')
  const [amountText, setAmountText] = useState('')
  const orders = useOrders()
  const pendingOrder = account.stock ? orders.pendingByToken.get(account.stock.token.toLowerCase()) : undefined
  // The engine refuses withdrawals while an order is pending (OrderPending): the order's margin must stay.
  const withdrawBlocked = pendingOrder ? `Order #${pendingOrder.id} is pending: withdraw after it fills or is cancelled` : undefined

  const view = account.view
  const health = view?.health
  const ratio = view ? marginRatio(view.marginRatioWad) : undefined
  const hasPositions = (view?.positions.length ?? 0) > 0

  const withdrawMax =
    view && stock && account.initialWeightBps !== undefined
      ? maxWithdrawable({
          collateral: view.collateral,
          equityInitial: view.health.equityInitial,
          initialMargin: view.health.initialMargin,
          hasPositions,
          collateralPrice: stock.collateralPrice,
          // While the stock market is closed the engine cuts the weight (by 10 points by default).
          initialWeightBps: stock.marketOpen ? account.initialWeightBps : subtractFloor(account.initialWeightBps, risk?.closedWeightCutBps ?? 1_000n),
        })
      : undefined

  const rules =
    mode === 'deposit'
      ? { decimals: 18, symbol, balance: account.walletBalance }
      : { decimals: 18, symbol, max: withdrawMax, maxLabel: hasPositions ? 'amount your positions leave free' : 'margin deposited' }
  const check = validateAmount(amountText, rules)
  const amount = check.ok ? check.value : undefined

  const user = account.user
  const token = account.stock?.token
  const fundingPaid = useMemo(() => (payments.data && user && token ? accountFundingTotal(payments.data, user, token) : undefined), [payments.data, user, token])
  const fundingReceived = useMemo(() => (receipts.data && user && token ? accountFundingTotal(receipts.data, user, token) : undefined), [receipts.data, user, token])

  const plan = amount !== undefined ? actions.plan(amount) : undefined
  const actionLabel =
    mode === 'withdraw'
      ? `Withdraw ${amount ? formatToken(amount, 18) : ''} ${symbol}`
      : plan?.kind === 'approve'
        ? `Approve ${symbol}`
        : plan?.kind === 'permit'
          ? `Sign permit & deposit ${amount ? formatToken(amount, 18) : ''} ${symbol}`
          : `Deposit ${amount ? formatToken(amount, 18) : ''} ${symbol}`

  const disabledReason = !account.isConnected
    ? 'Connect a wallet'
    : amountText.trim() === ''
      ? 'Enter an amount'
      : !check.ok
        ? check.error
        : mode === 'withdraw' && withdrawMax === undefined
          ? 'Loading your account…'
          : mode === 'withdraw'
            ? withdrawBlocked
            : undefined

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (disabledReason || amount === undefined) return
    const outcome = mode === 'deposit' ? await actions.deposit(amount) : await actions.withdraw(amount)
    // After an approval the same amount stays for the deposit that follows.
    if (outcome?.status === 'confirmed' && !(mode === 'deposit' && plan?.kind === 'approve')) setAmountText('')
  }

  const pnl = formatSignedUsdWad(health?.pnl)
  return (
    <Card title={`Margin account · ${symbol}`} subtitle="Your stock tokens as margin, valued at min(reference, DEX TWAP)" testId="account-panel">
      <dl className="grid grid-cols-2 gap-3">
        <Stat
          label="Margin deposited"
          testId="account-collateral"
          value={view ? `${formatToken(view.collateral, 18)} ${symbol}` : NOT_AVAILABLE}
          hint={health ? formatUsdWad(health.collateralValue) : undefined}
        />
        <Stat label="Equity (initial weight)" testId="account-equity" value={formatUsdWad(health?.equityInitial)} hint={`maint. ${formatUsdWad(health?.equityMaintenance)}`} />
        <Stat label="Initial margin" testId="account-im" value={formatUsdWad(health?.initialMargin)} />
        <Stat label="Maintenance margin" testId="account-mm" value={formatUsdWad(health?.maintenanceMargin)} />
        <Stat label="Unrealised PnL" testId="account-pnl" value={pnl.text} tone={pnl.tone} />
        <Stat
          label="Funding owed / paid"
          testId="account-funding"
          value={`${formatUsdWad(health?.unpaidFunding)} / ${formatUsdWad(fundingPaid)}`}
          hint={payments.unavailable && account.user ? <span data-testid="account-funding-unavailable">paid: history unavailable</span> : undefined}
        />
        <Stat
          label="Funding to receive / received"
          testId="account-funding-receivable"
          value={`${formatUsdWad(health?.fundingReceivable)} / ${formatUsdWad(fundingReceived)}`}
          hint={receipts.unavailable && account.user ? <span data-testid="account-funding-received-unavailable">received: history unavailable</span> : undefined}
        />
      </dl>
      <div className="mt-3 flex flex-col gap-1">
        <div className="flex justify-between text-xs text-zinc-400">
          <span>Margin ratio (MM / equity)</span>
          <span data-testid="account-margin-ratio" className={view?.liquidatable ? 'text-rose-400' : 'text-zinc-200'}>
            {ratio === undefined ? NOT_AVAILABLE : !hasPositions ? 'no positions' : Number.isFinite(ratio) ? formatPercent(ratio) : 'liquidatable'}
          </span>
        </div>
        <RatioBar value={hasPositions ? ratio : 0} label="Margin ratio: 100% means liquidation" warnAt={0.5} dangerAt={0.8} limit={1} testId="account-margin-bar" />
      </div>

      <form onSubmit={submit} noValidate className="mt-4 flex flex-col gap-3 border-t border-zinc-800 pt-4">
        <SegmentedControl
          label="Margin action"
          testId="margin-mode"
          value={mode}
          onChange={(next) => {
            setMode(next)
            setAmountText('')
          }}
          options={[
            { value: 'deposit', label: 'Deposit' },
            { value: 'withdraw', label: 'Withdraw' },
          ]}
        />
        <AmountInput id={`margin-${mode}-amount`} label={mode === 'deposit' ? `Deposit ${symbol}` : `Withdraw ${symbol}`} value={amountText} onChange={setAmountText} rules={rules} />
        {mode === 'withdraw' && withdrawBlocked && (
          <p role="status" data-testid="margin-withdraw-pending" className="text-xs text-amber-300">
            {withdrawBlocked}.
          </p>
        )}
        {mode === 'deposit' && account.isConnected && (
          <p className="text-[11px] text-zinc-500" data-testid="margin-deposit-method">
            {account.permit ? `${symbol} supports permits: one signature and one transaction, no separate approval.` : `${symbol} has no permit: approve once, then deposit.`}
          </p>
        )}
        <SubmitButton data-testid={`margin-${mode}-submit`} disabledReason={disabledReason} pending={actions.isSending}>
          {actionLabel.replace(/\s+/g, ' ')}
        </SubmitButton>
      </form>
    </Card>
  )
}

function subtractFloor(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n
}
