import type { Address } from 'viem'

import type { StockDeployment } from './deployments'
import type { VaultPauseReason } from './protocol'
import { WAD } from './fixedPoint'

/**
 * Vault shares have 24 decimals: 18 of the stock token plus a virtual-shares offset of 6 against
 * the first-depositor inflation attack (SPEC §5). One whole share is therefore 10^24 units, and
 * `convertToAssets(10^24)` is the share price in token units (18 decimals).
 */
export const SHARE_DECIMALS = 24
export const SHARE_UNIT = 10n ** 24n
const BPS = 10_000n

export type VaultKind = 'main' | 'insurance'

export type VaultView = {
  stock: StockDeployment
  kind: VaultKind
  address: Address
  /** NAV in token units. */
  totalAssets: bigint | undefined
  totalSupply: bigint | undefined
  /** Token units one whole share (10^24) is worth. */
  assetsPerShare: bigint | undefined
  exitFeeBps: number | undefined
  cooldown: bigint | undefined
  entryPause: VaultPauseReason | undefined
  exitPause: VaultPauseReason | undefined
  /** Main vault only: locked stress loss / NAV (WAD). */
  utilizationWad: bigint | undefined
  /** The connected LP (undefined without a wallet). */
  shares: bigint | undefined
  request: { shares: bigint; readyAt: bigint } | undefined
  cooldownRemaining: bigint | undefined
  walletBalance: bigint | undefined
  allowance: bigint | undefined
}

/** Token value of `shares` at the current share price (rounded down, like the vault). */
export function sharesToAssets(shares: bigint, assetsPerShare: bigint): bigint {
  return (shares * assetsPerShare) / SHARE_UNIT
}

/** Value in USD (WAD) of token units at a price (USD WAD). */
export function tokenValueUsd(amount: bigint, priceWad: bigint): bigint {
  return (amount * priceWad) / WAD
}

/** What an exit of `assets` pays after the exit fee (the vault rounds the fee up). */
export function netOfExitFee(assets: bigint, exitFeeBps: number): { net: bigint; fee: bigint } {
  const fee = (assets * BigInt(exitFeeBps) + BPS - 1n) / BPS
  return { net: assets - fee, fee }
}

/** The vault's share price as a number of tokens per share (for display and charts). */
export function sharePrice(assetsPerShare: bigint): number {
  return Number(assetsPerShare) / 1e18
}

export type WithdrawalState =
  | { kind: 'none' }
  | { kind: 'cooling'; shares: bigint; secondsLeft: bigint }
  | { kind: 'ready'; shares: bigint }

export function withdrawalState(request: VaultView['request'], cooldownRemaining: bigint | undefined): WithdrawalState {
  if (!request || request.shares === 0n) return { kind: 'none' }
  if (cooldownRemaining !== undefined && cooldownRemaining > 0n) return { kind: 'cooling', shares: request.shares, secondsLeft: cooldownRemaining }
  return { kind: 'ready', shares: request.shares }
}

export const VAULT_KIND_LABEL: Readonly<Record<VaultKind, string>> = {
  main: 'Main vault',
  insurance: 'Insurance vault',
}

export const VAULT_KIND_EXPLANATION: Readonly<Record<VaultKind, string>> = {
  main: 'Sells every option settled in this token and earns 70% of fees and funding.',
  insurance: 'First-loss capital: pays bad debt before the main vault, earns 20%.',
}
