import { describe, expect, it } from 'vitest';
import { keeperOptions } from './config';
import { KeeperMetrics } from './metrics';
import { DEFAULT_UPKEEP_OPTIONS } from './upkeep';

describe('keeperOptions', () => {
  it('reads the pacing and keeps defaults for what is absent', () => {
    const options = keeperOptions({ liquidateEveryMs: 500, fundingEverySeconds: 120, minSweepWei: '5' });
    expect(options.liquidateEveryMs).toBe(500);
    expect(options.upkeep).toEqual({ ...DEFAULT_UPKEEP_OPTIONS, fundingEverySeconds: 120, minSweep: 5n });
  });
  it('refuses a field of the wrong type instead of ignoring it', () => {
    expect(() => keeperOptions({ upkeepEveryMs: '1000' })).toThrow(/upkeepEveryMs must be a number/);
    expect(() => keeperOptions({ sweepEverySeconds: -1 })).toThrow(/sweepEverySeconds/);
    expect(() => keeperOptions({ minSweepWei: 5 })).toThrow(/minSweepWei must be a decimal string/);
  });
});

describe('KeeperMetrics', () => {
  it('exposes every duty from the start and counts actions per duty and outcome in Prometheus text', async () => {
    const metrics = new KeeperMetrics();
    metrics.action('liquidate', 'done', 3);
    metrics.action('liquidate', 'failed');
    metrics.lagBlocks.set(2);
    const text = await metrics.text();
    expect(text).toContain('livestock_keeper_actions_total{duty="liquidate",outcome="done"} 3');
    expect(text).toContain('livestock_keeper_actions_total{duty="liquidate",outcome="failed"} 1');
    expect(text).toContain('livestock_keeper_actions_total{duty="sweep",outcome="done"} 0');
    expect(text).toContain('# TYPE livestock_keeper_lag_blocks gauge');
    expect(text).toContain('livestock_keeper_lag_blocks 2');
    expect(metrics.totals.liquidate).toEqual({ done: 3, failed: 1 });
  });
});
