/**
 * The keeper's pure decisions besides order batching (./orders.ts): when to submit fresh reports, which accounts
 * to liquidate and in which order, and when each upkeep duty (TWAP observation, funding, withdrawals, sweeps) is
 * due. Unit-tested in selection.test.ts; the duties only read the chain and act on these answers.
 */
import type { TrackedAccount } from './accounts';

export interface PriceDueInput {
  /** Wall milliseconds since the last submission (Infinity if none yet). */
  sinceLastSubmitMs: number;
  /** Submit at least this often. */
  intervalMs: number;
  /** observedAt of the stored report of each feed (0 if none). */
  storedObservedAt: readonly number[];
  /** The chain's time now. */
  chainTime: number;
  /** Submit whenever a stored report is older than this (chain seconds). */
  maxAgeSeconds: number;
}

export function pricesDue(input: PriceDueInput): boolean {
  if (input.sinceLastSubmitMs >= input.intervalMs) return true;
  return input.storedObservedAt.some((t) => input.chainTime - t > input.maxAgeSeconds);
}

/** What AccountLens/engine.accountHealth report that liquidation depends on. */
export interface HealthLike {
  equityMaintenance: bigint;
  maintenanceMargin: bigint;
}

export interface Liquidatable {
  account: TrackedAccount;
  equity: bigint;
  maintenance: bigint;
}

/**
 * Accounts with positions (maintenance > 0) whose maintenance equity is below their maintenance margin, the
 * smallest margin first: ascending equity / maintenance, so when many are due at once (a crash) those nearest to
 * bad debt go first, and a tie goes to the larger shortfall.
 */
export function liquidatable(accounts: readonly TrackedAccount[], healths: readonly (HealthLike | undefined)[]): Liquidatable[] {
  const out: Liquidatable[] = [];
  for (const [i, account] of accounts.entries()) {
    const health = healths[i];
    if (!health || health.maintenanceMargin === 0n || health.equityMaintenance >= health.maintenanceMargin) continue;
    out.push({ account, equity: health.equityMaintenance, maintenance: health.maintenanceMargin });
  }
  return out.sort(byMarginRatio);
}

/** a.equity / a.maintenance vs b.equity / b.maintenance, exactly (cross-multiplied; maintenances are > 0). */
function byMarginRatio(a: Liquidatable, b: Liquidatable): number {
  const left = a.equity * b.maintenance;
  const right = b.equity * a.maintenance;
  if (left !== right) return left < right ? -1 : 1;
  const shortfallA = a.maintenance - a.equity;
  const shortfallB = b.maintenance - b.equity;
  return shortfallA === shortfallB ? 0 : shortfallA > shortfallB ? -1 : 1;
}

/**
 * PegOracle.update stores an observation once `minSpacing` seconds have passed since the newest one, and refreshes
 * the stored TWAP that trades read (it may lag by one keeper interval, never lead). Due when either is owed: an
 * observation, or a stored TWAP older than `refreshSeconds`. Otherwise the transaction would change nothing useful.
 */
export function pegUpdateDue(input: { newestObservation: number; minSpacing: number; storedTwapAt: number; refreshSeconds: number; chainTime: number }): boolean {
  const { newestObservation, minSpacing, storedTwapAt, refreshSeconds, chainTime } = input;
  return chainTime - newestObservation >= minSpacing || chainTime - storedTwapAt >= refreshSeconds;
}

/** What the engine's `market(id)` says that funding upkeep depends on. */
export interface FundingMarket {
  token: string;
  /** Open interest of both sides: longs and shorts (funding accrues while either is open). */
  openInterest: bigint;
  lastFundingTime: number;
}

/**
 * Tokens whose funding to accrue (`accrueFunding(token)` touches all its markets): those with a market holding open
 * interest whose funding was last accrued `everySeconds` or more ago. Markets without open interest owe nothing.
 */
export function fundingDue(markets: readonly FundingMarket[], chainTime: number, everySeconds: number): string[] {
  const due = new Set<string>();
  for (const m of markets) {
    if (m.openInterest > 0n && chainTime - m.lastFundingTime >= everySeconds) due.add(m.token.toLowerCase());
  }
  return [...due];
}

/** A pending vault withdrawal as the vault reports it now. */
export interface WithdrawalState {
  /** Shares still requested (0: executed or cancelled). */
  shares: bigint;
  readyAt: number;
  /** Vault.exitPauseReason(): 0 when nothing holds exits back. */
  pauseReason: number;
}

export type WithdrawalDecision = 'execute' | 'wait' | 'forget';

/** Execute once the cooldown is over and the vault lets exits out; forget requests that no longer exist. */
export function withdrawalDecision(state: WithdrawalState, chainTime: number): WithdrawalDecision {
  if (state.shares === 0n) return 'forget';
  return state.readyAt <= chainTime && state.pauseReason === 0 ? 'execute' : 'wait';
}

/** Sweep a token's pending fees once any bucket (main, insurance, treasury) holds at least `minAmount`. */
export function sweepDue(pending: readonly bigint[], minAmount: bigint): boolean {
  return pending.some((amount) => amount > 0n && amount >= minAmount);
}
