/**
 * The keeper's crash test (issue 14): 1,000 accounts with positions, BTC −30 % in one signed report, 2-second
 * blocks, and the keeper service (its own process, `npm run keeper`) killed with SIGKILL once its first
 * liquidations are mined and started again. Scenario and measurements: scripts/bench/keeperCrash.ts (the bench
 * records the same numbers as keeper.crash1000.*).
 */
import { describe, expect, it } from 'vitest';
import { runKeeperCrash, type CrashResult } from '../../scripts/bench/keeperCrash';

describe('keeper crash test (anvil, 1,000 accounts)', () => {
  it('liquidates every account below maintenance within 20 blocks, once each, across a kill and restart', async () => {
    const lines: string[] = [];
    let result: CrashResult;
    try {
      result = await runKeeperCrash({ accounts: 1_000, killMidRun: true, log: (line) => lines.push(line) });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${lines.join('\n')}`);
    }
    const why = lines.filter((l) => l.startsWith('[crash]')).join('\n');
    console.log(why);
    expect(result.positions, why).toBe(1_000);
    // The crash matters: a large share of the book is under water.
    expect(result.belowMaintenanceAfterCrash, why).toBeGreaterThan(200);
    // Every one of them liquidated, none twice, none left, and the keeper never paid for a reverted transaction.
    expect(result.liquidated, why).toBe(result.belowMaintenanceAfterCrash);
    expect(result.doubleLiquidations).toBe(0);
    expect(result.remaining).toBe(0);
    expect(result.keeperReverted).toBe(0);
    // It was killed mid-run: liquidations were still to come when it died.
    expect(result.beforeKill).toBeGreaterThan(0);
    expect(result.beforeKill, why).toBeLessThan(result.liquidated);
    expect(result.blocksToClear, why).toBeLessThanOrEqual(20);
    expect(result.badDebtUsd).toBeLessThanOrEqual(result.insuranceUsd);
    // Solvency after the crash: the engine holds every account's collateral and the pending fees, to the wei;
    // every vault still has assets and a positive share price.
    for (const [symbol, surplus] of Object.entries(result.engineSurplus)) expect(surplus, symbol).toBeGreaterThanOrEqual(0);
    for (const [vault, state] of Object.entries(result.vaults)) {
      expect(state.totalAssets, vault).toBeGreaterThan(0);
      expect(state.sharePrice, vault).toBeGreaterThan(0);
    }
  }, 400_000);
});
