/**
 * The keeper's pure decisions besides order batching (./orders.ts): when to submit fresh reports, which accounts
 * to liquidate. Unit-tested in selection.test.ts.
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

/** Accounts with positions (maintenance > 0) whose maintenance equity is below their maintenance margin. */
export function liquidatable(accounts: readonly TrackedAccount[], healths: readonly (HealthLike | undefined)[]): Liquidatable[] {
  const out: Liquidatable[] = [];
  for (const [i, account] of accounts.entries()) {
    const health = healths[i];
    if (!health || health.maintenanceMargin === 0n || health.equityMaintenance >= health.maintenanceMargin) continue;
    out.push({ account, equity: health.equityMaintenance, maintenance: health.maintenanceMargin });
  }
  return out;
}
