import type { ContractFunctionReturnType } from 'viem'

import type { accountLensAbi } from './generated'
import type { UnderlyingId } from './markets'

/**
 * A margin account as AccountLens.accountView returns it (SPEC §4): everything in USD WAD except
 * `collateral` (token units). The lens computes every number with the engine's own views, so the
 * app shows the contract's margin math rather than a copy of it.
 */

/** What `accountView` returns, typed from the ABI (a hand-written copy drifts when the structs change). */
export type RawAccountView = ContractFunctionReturnType<typeof accountLensAbi, 'view', 'accountView'>

export type AccountHealth = {
  /** q_X · P_coll, unweighted. */
  collateralValue: bigint
  /** Equity with the initial weight: what opening and withdrawing check against IM. Signed. */
  equityInitial: bigint
  /** Equity with the maintenance weight: what liquidation checks against MM. Signed. */
  equityMaintenance: bigint
  pnl: bigint
  /** Funding the account's longs owe since their last settlement. */
  unpaidFunding: bigint
  /** Funding the account's shorts receive at their next settlement. */
  fundingReceivable: bigint
  initialMargin: bigint
  maintenanceMargin: bigint
}

/** One position, signed: size > 0 is a long (bought), size < 0 a short (sold). */
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
  /** A long's funding owed since its last settlement. */
  unpaidFundingUsd: bigint
  /** A short's funding to receive at its next settlement. */
  fundingReceivableUsd: bigint
  /** Standalone, before the offsets of the account's other positions on the underlying. */
  initialMargin: bigint
  maintenanceMargin: bigint
  /** Underlying price below spot at which the account becomes liquidatable; 0 when none within 20× of spot. */
  liquidationPriceDown: bigint
  /** The same above spot. */
  liquidationPriceUp: bigint
}

/** Margin of the account's positions on one underlying (index 0 BTC, 1 ETH), with offsets. */
export type GroupMargin = RawAccountView['groups'][number]

export type AccountView = {
  collateral: bigint
  health: AccountHealth
  /** MM / maintenance equity, WAD: ≥ 1e18 is liquidatable; 0 without positions; max uint when equity ≤ 0. */
  marginRatioWad: bigint
  liquidatable: boolean
  positions: PositionView[]
  groups: readonly GroupMargin[]
}

export function toAccountView(raw: RawAccountView): AccountView {
  return {
    collateral: raw.collateral,
    health: { ...raw.health },
    marginRatioWad: raw.marginRatioWad,
    liquidatable: raw.liquidatable,
    positions: raw.positions.map((p) => ({ ...p, underlying: p.underlying === 1 ? 1 : 0 })),
    groups: [...raw.groups],
  }
}

/** "Long" or "Short" by the sign of a position's size. */
export function positionSide(size: bigint): 'Long' | 'Short' {
  return size < 0n ? 'Short' : 'Long'
}

/** |size|: what a trade of the whole position moves. */
export function absSize(size: bigint): bigint {
  return size < 0n ? -size : size
}

/**
 * The liquidation price to show for a position: the lens searches both directions from spot over the account's
 * positions on the underlying; the one that matters is the nearer to spot (0: neither within 20× of spot).
 * Undefined when both exist but spot is not known yet.
 */
export function nearestLiquidationPrice(
  position: Pick<PositionView, 'liquidationPriceDown' | 'liquidationPriceUp'>,
  spot: bigint | undefined,
): bigint | undefined {
  const { liquidationPriceDown: down, liquidationPriceUp: up } = position
  if (down === 0n) return up
  if (up === 0n) return down
  if (spot === undefined) return undefined
  const below = spot > down ? spot - down : 0n
  const above = up > spot ? up - spot : 0n
  return below < above ? down : up
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
