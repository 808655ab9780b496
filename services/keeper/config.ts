/**
 * The keeper's pacing from a network's deploy config (contracts/deploy/<network>.json), optional block "keeper":
 *
 *   "keeper": { "liquidateEveryMs": 2000, "upkeepEveryMs": 1000, "maxLiquidationsPerRound": 250,
 *               "twapRefreshSeconds": 30, "fundingEverySeconds": 60, "sweepEverySeconds": 300, "minSweepWei": "1000000000000000" }
 *
 * Every field is optional (defaults: StreamsKeeper, DEFAULT_UPKEEP_OPTIONS); a field of the wrong type is an error,
 * not silently ignored.
 */
import { readFileSync } from 'node:fs';
import type { StreamsKeeperOptions } from './keeper';
import { DEFAULT_UPKEEP_OPTIONS } from './upkeep';

type NumberField = 'liquidateEveryMs' | 'upkeepEveryMs' | 'maxLiquidationsPerRound' | 'twapRefreshSeconds' | 'fundingEverySeconds' | 'sweepEverySeconds';

export function keeperOptionsFromConfig(file: string | undefined): Partial<StreamsKeeperOptions> {
  if (!file) return {};
  const config = JSON.parse(readFileSync(file, 'utf8')) as { keeper?: Record<string, unknown> };
  return keeperOptions(config.keeper ?? {}, file);
}

export function keeperOptions(block: Record<string, unknown>, where = 'keeper config'): Partial<StreamsKeeperOptions> {
  const number = (key: NumberField): number | undefined => {
    const value = block[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${where}: keeper.${key} must be a number ≥ 0, got ${JSON.stringify(value)}`);
    return value;
  };
  const minSweep = block.minSweepWei;
  if (minSweep !== undefined && (typeof minSweep !== 'string' || !/^\d+$/.test(minSweep))) {
    throw new Error(`${where}: keeper.minSweepWei must be a decimal string of wei, got ${JSON.stringify(minSweep)}`);
  }
  return {
    liquidateEveryMs: number('liquidateEveryMs'),
    upkeepEveryMs: number('upkeepEveryMs'),
    maxLiquidationsPerRound: number('maxLiquidationsPerRound'),
    upkeep: {
      twapRefreshSeconds: number('twapRefreshSeconds') ?? DEFAULT_UPKEEP_OPTIONS.twapRefreshSeconds,
      fundingEverySeconds: number('fundingEverySeconds') ?? DEFAULT_UPKEEP_OPTIONS.fundingEverySeconds,
      sweepEverySeconds: number('sweepEverySeconds') ?? DEFAULT_UPKEEP_OPTIONS.sweepEverySeconds,
      minSweep: minSweep === undefined ? DEFAULT_UPKEEP_OPTIONS.minSweep : BigInt(minSweep),
    },
  };
}
