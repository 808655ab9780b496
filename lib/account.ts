import type { UnderlyingId } from './markets'

/**
 * A margin account as AccountLens.accountView returns it (SPEC §4): everything in USD WAD except
 * `collateral` (token units). The lens computes every number with the engine's own views, so the
 * app shows the contract's margin math rather than a copy of it.
 */

export type AccountHealth = {
  /** q_X · P_coll, unweighted. */
  collateralValue: bigint
  /** Equity with the initial weight: what opening and withdrawing check against IM. Signed. */
  equityInitial: bigint
  /** Equity with the maintenance weight: what liquidation checks against MM. Signed. */
  equityMaintenance: bigint
  pnl: bigint
  unpaidFunding: bigint
  initialMargin: bigint
  maintenanceMargin: bigint
}

export type PositionView = {
  marketId: bigint
  underlying: UnderlyingId
  isCall: boolean
  strike: bigint
  size: bigint
  entryPrice: bigint
  /** Theo now: what a liquidation would close at. */
  markPrice: bigint
  pnlUsd: bigint
  unpaidFundingUsd: bigint
  /** Underlying price at which the account becomes liquidatable; 0 when none within 20× of spot. */
  liquidationPrice: bigint
}

export type AccountView = {
  collateral: bigint
  health: AccountHealth
  /** MM / maintenance equity, WAD: ≥ 1e18 is liquidatable; 0 without positions; max uint when equity ≤ 0. */
  marginRatioWad: bigint
  liquidatable: boolean
  positions: PositionView[]
}

export type RawAccountView = {
  collateral: bigint
  health: AccountHealth
  marginRatioWad: bigint
  liquidatable: boolean
  positions: readonly (Omit<PositionView, 'underlying'> & { underlying: number })[]
}

export function toAccountView(raw: RawAccountView): AccountView {
  return {
    collateral: raw.collateral,
    health: { ...raw.health },
    marginRatioWad: raw.marginRatioWad,
    liquidatable: raw.liquidatable,
    positions: raw.positions.map((p) => ({ ...p, underlying: p.underlying === 1 ? 1 : 0 })),
  }
}

/** Does the account hold anything worth showing? */
export function isEmptyAccount(view: AccountView | undefined): boolean {
  return !view || (view.collateral === 0n && view.positions.length === 0)
}

export type DepositPlan =
  /** The engine may already pull the amount: one transaction. */
  | { kind: 'deposit' }
  /** Sign an EIP-2612 permit (no gas), then one transaction: depositWithPermit. */
  | { kind: 'permit' }
  /** No permit: approve first (its own transaction), then deposit. */
  | { kind: 'approve' }

/** How a deposit of `amount` will go, given the allowance and whether the token (and wallet) can permit. */
export function planDeposit(amount: bigint, allowance: bigint | undefined, permitAvailable: boolean): DepositPlan {
  if (allowance !== undefined && allowance >= amount) return { kind: 'deposit' }
  return permitAvailable ? { kind: 'permit' } : { kind: 'approve' }
}
