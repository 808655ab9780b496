import { describe, expect, it } from 'vitest';
import type { TrackedAccount } from './accounts';
import { fundingDue, liquidatable, pegUpdateDue, pricesDue, sweepDue, withdrawalDecision } from './selection';
import { WAD } from '../../lib/fixedPoint';

const account = (n: number): TrackedAccount => ({ trader: `0x${n.toString(16).padStart(40, '0')}`, token: `0x${'a'.repeat(40)}` });

describe('liquidatable', () => {
  it('keeps accounts below maintenance only, and skips those without positions or health', () => {
    const accounts = [account(1), account(2), account(3), account(4)];
    const due = liquidatable(accounts, [
      { equityMaintenance: 90n * WAD, maintenanceMargin: 100n * WAD }, // below
      { equityMaintenance: 100n * WAD, maintenanceMargin: 100n * WAD }, // exactly at maintenance: healthy
      { equityMaintenance: -5n * WAD, maintenanceMargin: 0n }, // no positions
      undefined, // the read failed
    ]);
    expect(due.map((d) => d.account.trader)).toEqual([account(1).trader]);
  });

  it('orders the smallest margin ratio first (nearest to bad debt), whatever the account size', () => {
    const accounts = [account(1), account(2), account(3), account(4)];
    const due = liquidatable(accounts, [
      { equityMaintenance: 900n * WAD, maintenanceMargin: 1_000n * WAD }, // 0.90, large
      { equityMaintenance: 5n * WAD, maintenanceMargin: 10n * WAD }, // 0.50, small
      { equityMaintenance: -1n * WAD, maintenanceMargin: 10n * WAD }, // negative equity
      { equityMaintenance: 70n * WAD, maintenanceMargin: 100n * WAD }, // 0.70
    ]);
    expect(due.map((d) => Number(d.account.trader))).toEqual([3, 2, 4, 1]);
  });

  it('breaks a ratio tie by the larger shortfall', () => {
    const due = liquidatable([account(1), account(2)], [
      { equityMaintenance: 50n * WAD, maintenanceMargin: 100n * WAD },
      { equityMaintenance: 500n * WAD, maintenanceMargin: 1_000n * WAD },
    ]);
    expect(due.map((d) => Number(d.account.trader))).toEqual([2, 1]);
  });
});

describe('pegUpdateDue', () => {
  const base = { minSpacing: 300, refreshSeconds: 30 };
  it('is due when an observation is owed or the stored TWAP is stale, not otherwise', () => {
    expect(pegUpdateDue({ ...base, newestObservation: 1_000, storedTwapAt: 1_290, chainTime: 1_300 })).toBe(true); // spacing reached
    expect(pegUpdateDue({ ...base, newestObservation: 1_100, storedTwapAt: 1_270, chainTime: 1_300 })).toBe(true); // TWAP 30 s old
    expect(pegUpdateDue({ ...base, newestObservation: 1_100, storedTwapAt: 1_280, chainTime: 1_300 })).toBe(false);
  });
});

describe('fundingDue', () => {
  const TSLA = '0x00000000000000000000000000000000000000AA';
  const NVDA = '0x00000000000000000000000000000000000000bb';
  it('names each token once when one of its markets with open interest is due', () => {
    const due = fundingDue(
      [
        { token: TSLA, openInterest: WAD, lastFundingTime: 1_000 },
        { token: TSLA, openInterest: WAD, lastFundingTime: 900 },
        { token: NVDA, openInterest: 0n, lastFundingTime: 0 }, // nothing open: owes nothing
      ],
      1_060,
      60,
    );
    expect(due).toEqual([TSLA.toLowerCase()]);
  });
  it('waits until the interval has passed', () => {
    expect(fundingDue([{ token: TSLA, openInterest: WAD, lastFundingTime: 1_001 }], 1_060, 60)).toEqual([]);
  });
});

describe('withdrawalDecision', () => {
  it('executes after the cooldown while exits are open, waits otherwise, forgets a request that is gone', () => {
    expect(withdrawalDecision({ shares: WAD, readyAt: 100, pauseReason: 0 }, 100)).toBe('execute');
    expect(withdrawalDecision({ shares: WAD, readyAt: 101, pauseReason: 0 }, 100)).toBe('wait');
    expect(withdrawalDecision({ shares: WAD, readyAt: 100, pauseReason: 2 }, 200)).toBe('wait'); // closed market / peg
    expect(withdrawalDecision({ shares: 0n, readyAt: 0, pauseReason: 0 }, 200)).toBe('forget');
  });
});

describe('sweepDue', () => {
  it('sweeps once any bucket reaches the minimum', () => {
    expect(sweepDue([0n, 0n, 0n], 1n)).toBe(false);
    expect(sweepDue([10n, 0n, 0n], 11n)).toBe(false);
    expect(sweepDue([0n, 11n, 0n], 11n)).toBe(true);
  });
});

describe('pricesDue', () => {
  it('submits on the interval or as soon as one stored report is too old', () => {
    const base = { intervalMs: 5_000, maxAgeSeconds: 5, chainTime: 100 };
    expect(pricesDue({ ...base, sinceLastSubmitMs: 5_000, storedObservedAt: [100] })).toBe(true);
    expect(pricesDue({ ...base, sinceLastSubmitMs: 1_000, storedObservedAt: [100, 94] })).toBe(true);
    expect(pricesDue({ ...base, sinceLastSubmitMs: 1_000, storedObservedAt: [100, 95] })).toBe(false);
  });
});
