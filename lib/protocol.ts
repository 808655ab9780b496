/**
 * What the protocol's state means for the user, in words: peg states, vault pauses, and whether a
 * trade can be opened or closed right now. Pure, so every rule is unit-tested; the contracts enforce
 * the same rules and the app only explains them before anyone signs.
 */

/** OracleHub.PegState. */
export type PegState = 'healthy' | 'strained' | 'broken'

export function pegStateFromCode(code: number): PegState {
  return code === 0 ? 'healthy' : code === 1 ? 'strained' : 'broken'
}

export const PEG_LABEL: Readonly<Record<PegState, string>> = {
  healthy: 'Healthy',
  strained: 'Strained',
  broken: 'Broken',
}

export const PEG_EXPLANATION: Readonly<Record<PegState, string>> = {
  healthy: 'DEX price within 2% of the stock: everything is open.',
  strained: 'DEX price 2–5% away from the stock: new positions and vault deposits stop; closing and liquidation continue.',
  broken: 'DEX price more than 5% away, or the reference is stale: reduce-only, liquidations only.',
}

/** OracleHub.stockState(token), shaped for the screens. Prices are USD WAD. */
export type StockState = {
  refPrice: bigint
  dexPrice: bigint
  collateralPrice: bigint
  settlementPrice: bigint
  /** d = P_dex / P_ref − 1 as a WAD fraction (signed). */
  deviationWad: bigint
  peg: PegState
  marketOpen: boolean
  refFresh: boolean
}

/** The raw tuple as viem decodes it. */
export type RawStockState = Omit<StockState, 'peg'> & { peg: number }

export function toStockState(raw: RawStockState): StockState {
  return { ...raw, peg: pegStateFromCode(raw.peg) }
}

/** LivestockVault.PauseReason. */
export type VaultPauseReason = 'none' | 'market-closed' | 'peg-not-healthy' | 'insolvent'

export function vaultPauseFromCode(code: number): VaultPauseReason {
  return (['none', 'market-closed', 'peg-not-healthy', 'insolvent'] as const)[code] ?? 'none'
}

export function describeVaultPause(reason: VaultPauseReason, action: 'deposit' | 'withdraw'): string | undefined {
  const verb = action === 'deposit' ? 'Deposits' : 'Withdrawals'
  switch (reason) {
    case 'none':
      return undefined
    case 'market-closed':
      return `${verb} paused: stock market closed`
    case 'peg-not-healthy':
      return `${verb} paused: peg not healthy`
    case 'insolvent':
      return `${verb} paused: the vault owes more than it holds`
  }
}

/** Spot and volatility of one underlying as OracleHub.tryUnderlyingPrice / tryVolatility report them. */
export type UnderlyingFeedState = {
  symbol: string
  spot: bigint
  spotFresh: boolean
  volatility: bigint
  volatilityFresh: boolean
}

export type TradeGate = {
  stock: StockState | undefined
  symbol: string
  underlying: UnderlyingFeedState | undefined
  enginePaused: boolean
  closeOnly: boolean
}

/**
 * Why a new position cannot be opened now, or undefined if it can. Mirrors the engine's refusals:
 * PegNotHealthy, StalePrice (stock reference, underlying spot or volatility), Paused, CloseOnlyMarket.
 * A closed stock market does not stop trading (the engine caps new open interest at 25% and cuts
 * margin weights instead), so it is a warning (`tradeWarnings`), not a reason.
 */
export function openBlockReason(gate: TradeGate): string | undefined {
  const { stock, symbol, underlying, enginePaused, closeOnly } = gate
  if (!stock || !underlying) return 'Loading market state…'
  if (enginePaused) return 'Trading paused by the guardian'
  if (!stock.refFresh) return `${symbol} reference price is stale`
  if (stock.peg !== 'healthy') return `${symbol} peg ${stock.peg}: new positions paused`
  if (!underlying.spotFresh) return `${underlying.symbol} price feed is stale`
  if (!underlying.volatilityFresh) return `${underlying.symbol} volatility feed is stale`
  if (closeOnly) return 'Close-only strike: too far from spot'
  return undefined
}

/**
 * Why a position cannot be closed now. Closing ignores the pause and the peg, but the engine still
 * needs a fresh underlying price to price the sale and a settlement price to pay it.
 */
export function closeBlockReason(stock: StockState | undefined, symbol: string, underlying: UnderlyingFeedState | undefined): string | undefined {
  if (!stock || !underlying) return 'Loading market state…'
  if (stock.settlementPrice === 0n) return `${symbol} has no settlement price`
  if (!underlying.spotFresh) return `${underlying.symbol} price is stale: closing resumes with the next update`
  if (!underlying.volatilityFresh) return `${underlying.symbol} volatility is stale: closing resumes with the next update`
  return undefined
}

/** Conditions that do not block a trade but change its terms. */
export function tradeWarnings(stock: StockState | undefined, symbol: string): string[] {
  if (!stock) return []
  const warnings: string[] = []
  if (!stock.marketOpen) {
    warnings.push(
      `${symbol}'s stock market is closed: its price is frozen at the last close, margin weights drop 10 points and new open interest is capped at 25%.`,
    )
  }
  return warnings
}
