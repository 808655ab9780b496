'use client'

import { type FormEvent, useState } from 'react'

import { useVaultActions } from '../../hooks/useVaultActions'
import { formatDuration, formatPercent, formatToken, formatUsdWad, NOT_AVAILABLE } from '../../lib/format'
import { describeVaultPause, type StockState } from '../../lib/protocol'
import { validateAmount } from '../../lib/validate'
import {
  netOfExitFee,
  SHARE_DECIMALS,
  sharePrice,
  sharesToAssets,
  tokenValueUsd,
  VAULT_KIND_EXPLANATION,
  VAULT_KIND_LABEL,
  type VaultView,
  withdrawalState,
} from '../../lib/vaults'
import { AmountInput } from '../AmountInput'
import { SubmitButton } from '../SubmitButton'
import { Row, Stat } from '../ui/Card'
import { RatioBar } from '../ui/RatioBar'

/**
 * One vault: TVL in tokens and USD, share price, 7-day APR from premiums, utilization (main vault),
 * the LP's shares and their value; deposit (approve → deposit), request a withdrawal (cooldown and
 * exit fee shown), then execute or cancel it.
 */
export function VaultPanel({ vault, stock, apr, isConnected }: { vault: VaultView; stock: StockState | undefined; apr: number | undefined; isConnected: boolean }) {
  const actions = useVaultActions()
  const [depositText, setDepositText] = useState('')
  const [sharesText, setSharesText] = useState('')
  const symbol = vault.stock.symbol
  const id = `${symbol}-${vault.kind}`
  const price = stock?.collateralPrice

  const tvlUsd = vault.totalAssets !== undefined && price !== undefined ? tokenValueUsd(vault.totalAssets, price) : undefined
  const myAssets = vault.shares !== undefined && vault.assetsPerShare !== undefined ? sharesToAssets(vault.shares, vault.assetsPerShare) : undefined
  const request = withdrawalState(vault.request, vault.cooldownRemaining)
  const requestAssets = request.kind !== 'none' && vault.assetsPerShare !== undefined ? sharesToAssets(request.shares, vault.assetsPerShare) : undefined
  const requestNet = requestAssets !== undefined && vault.exitFeeBps !== undefined ? netOfExitFee(requestAssets, vault.exitFeeBps) : undefined

  // Deposit
  const depositRules = { decimals: 18, symbol, balance: vault.walletBalance }
  const depositCheck = validateAmount(depositText, depositRules)
  const depositAmount = depositCheck.ok ? depositCheck.value : undefined
  const needsApproval = depositAmount !== undefined && (vault.allowance ?? 0n) < depositAmount
  const entryPaused = vault.entryPause ? describeVaultPause(vault.entryPause, 'deposit') : undefined
  const depositReason = !isConnected
    ? 'Connect a wallet'
    : entryPaused
      ? entryPaused
      : depositText.trim() === ''
        ? 'Enter an amount'
        : !depositCheck.ok
          ? depositCheck.error
          : undefined

  async function deposit(event: FormEvent) {
    event.preventDefault()
    if (depositReason || depositAmount === undefined) return
    if (needsApproval) {
      await actions.approve(vault, depositAmount)
      return
    }
    const outcome = await actions.deposit(vault, depositAmount)
    if (outcome?.status === 'confirmed') setDepositText('')
  }

  // Request withdrawal (shares have 24 decimals)
  const shareRules = { decimals: SHARE_DECIMALS, symbol: 'shares', balance: vault.shares }
  const sharesCheck = validateAmount(sharesText, shareRules)
  const requestReason = !isConnected
    ? 'Connect a wallet'
    : (vault.shares ?? 0n) === 0n
      ? 'You have no shares in this vault'
      : sharesText.trim() === ''
        ? 'Enter a number of shares'
        : !sharesCheck.ok
          ? sharesCheck.error
          : undefined

  async function requestWithdrawal(event: FormEvent) {
    event.preventDefault()
    if (requestReason || !sharesCheck.ok) return
    const outcome = await actions.requestWithdrawal(vault, sharesCheck.value)
    if (outcome?.status === 'confirmed') setSharesText('')
  }

  const exitPaused = vault.exitPause ? describeVaultPause(vault.exitPause, 'withdraw') : undefined
  const executeReason =
    request.kind === 'cooling' ? `Cooldown: ${formatDuration(request.secondsLeft)} left` : request.kind === 'none' ? 'No request' : exitPaused

  return (
    <div data-testid={`vault-${id}`} className="flex min-w-0 flex-col gap-3 rounded-md border border-zinc-800 bg-zinc-950/40 p-3">
      <div>
        <h3 className="font-medium text-zinc-100">{VAULT_KIND_LABEL[vault.kind]}</h3>
        <p className="text-xs text-zinc-500">{VAULT_KIND_EXPLANATION[vault.kind]}</p>
      </div>
      <dl className="grid grid-cols-2 gap-3">
        <Stat
          label="TVL"
          testId={`vault-tvl-${id}`}
          value={vault.totalAssets === undefined ? NOT_AVAILABLE : `${formatToken(vault.totalAssets, 18, 2)} ${symbol}`}
          hint={formatUsdWad(tvlUsd, { compact: true })}
        />
        <Stat label="Share price" testId={`vault-share-price-${id}`} value={vault.assetsPerShare === undefined ? NOT_AVAILABLE : `${sharePrice(vault.assetsPerShare).toFixed(6)} ${symbol}`} />
        <Stat label="APR (7 d premiums)" testId={`vault-apr-${id}`} value={apr === undefined ? NOT_AVAILABLE : formatPercent(apr)} />
        <Stat
          label="Your shares"
          testId={`vault-shares-${id}`}
          value={vault.shares === undefined ? NOT_AVAILABLE : formatToken(vault.shares, SHARE_DECIMALS, 4)}
          hint={myAssets === undefined ? undefined : `≈ ${formatToken(myAssets, 18)} ${symbol} · ${formatUsdWad(price !== undefined ? tokenValueUsd(myAssets, price) : undefined)}`}
        />
      </dl>
      {vault.kind === 'main' && (
        <div className="flex flex-col gap-1">
          <div className="flex justify-between text-xs text-zinc-400">
            <span>Utilization (stress loss / NAV, cap 80%)</span>
            <span data-testid={`vault-utilization-${id}`} className="text-zinc-200">
              {vault.utilizationWad === undefined ? NOT_AVAILABLE : formatPercent(Number(vault.utilizationWad) / 1e18)}
            </span>
          </div>
          <RatioBar value={vault.utilizationWad === undefined ? undefined : Number(vault.utilizationWad) / 1e18} label={`${symbol} main vault utilization`} limit={0.8} />
        </div>
      )}

      <form onSubmit={deposit} noValidate className="flex flex-col gap-2 border-t border-zinc-800 pt-3">
        <AmountInput id={`vault-deposit-${id}`} label="Deposit" value={depositText} onChange={setDepositText} rules={depositRules} />
        <SubmitButton data-testid={`vault-deposit-submit-${id}`} disabledReason={depositReason} pending={actions.isSending}>
          {needsApproval ? `Approve ${symbol}` : `Deposit ${depositAmount ? formatToken(depositAmount, 18) : ''} ${symbol}`.replace(/\s+/g, ' ')}
        </SubmitButton>
      </form>

      <div className="flex flex-col gap-2 border-t border-zinc-800 pt-3">
        <dl className="text-xs">
          <Row label="Cooldown" value={vault.cooldown === undefined ? NOT_AVAILABLE : formatDuration(vault.cooldown)} />
          <Row label="Exit fee (stays with LPs)" testId={`vault-exit-fee-${id}`} value={vault.exitFeeBps === undefined ? NOT_AVAILABLE : formatPercent(vault.exitFeeBps / 10_000)} />
        </dl>
        {request.kind === 'none' ? (
          <form onSubmit={requestWithdrawal} noValidate className="flex flex-col gap-2">
            <AmountInput id={`vault-request-${id}`} label="Request withdrawal" value={sharesText} onChange={setSharesText} rules={shareRules} />
            <SubmitButton data-testid={`vault-request-submit-${id}`} disabledReason={requestReason} pending={actions.isSending}>
              Request withdrawal
            </SubmitButton>
          </form>
        ) : (
          <div data-testid={`vault-request-status-${id}`} data-state={request.kind} className="flex flex-col gap-2 rounded-md bg-zinc-900 p-2 text-sm">
            <p className="text-zinc-300">
              Withdrawal requested: {formatToken(request.shares, SHARE_DECIMALS)} shares
              {requestNet && (
                <>
                  {' '}
                  ≈ <span className="tabular-nums">{formatToken(requestNet.net, 18)}</span> {symbol} after a {formatToken(requestNet.fee, 18)} {symbol} exit fee
                </>
              )}
              .
            </p>
            <p className="text-xs text-zinc-500" data-testid={`vault-cooldown-${id}`}>
              {request.kind === 'cooling' ? `Cooldown: ${formatDuration(request.secondsLeft)} remaining (chain time).` : 'Cooldown over: ready to execute.'}
              {' '}Pays the lower of the value at request and at execution.
              {vault.kind === 'main' && vault.exitFeeBps !== undefined && ` Cancelling keeps the ${formatPercent(vault.exitFeeBps / 10_000)} exit fee: a request shrinks the vault size every trade is priced with.`}
            </p>
            <div className="flex gap-2">
              <SubmitButton type="button" data-testid={`vault-execute-submit-${id}`} disabledReason={executeReason} pending={actions.isSending} onClick={() => void actions.executeWithdrawal(vault)}>
                Execute withdrawal
              </SubmitButton>
              <button
                type="button"
                data-testid={`vault-cancel-${id}`}
                onClick={() => void actions.cancelWithdrawal(vault)}
                disabled={actions.isSending}
                className="rounded-md border border-zinc-700 px-3 text-sm text-zinc-300 hover:bg-zinc-800 disabled:opacity-50"
              >
                Cancel
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  )
}
