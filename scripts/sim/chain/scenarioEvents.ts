/**
 * The two scripted events of a run, both drawn from the seed so a replay has them at the same
 * simulated instant:
 * - the stress jump: one BTC drop of 14–17% a few simulated hours in, a flash crash of the kind BTC
 *   has a few times a decade. The most leveraged account the protocol allows (leveragedTrader.ts)
 *   needs a drop that takes its deep in-the-money calls out of the money, which a 55%-vol path
 *   almost never makes within the ten minutes a demo lasts; the shock makes the keeper's liquidation
 *   visible. It is logged as a scheduled shock so nobody mistakes it for the model's own jumps.
 * - the pin (--scenario pin): the AMZNx event of 3 Jul 2025, half an hour in.
 */
import { Random } from '../index';
import type { PinPlan } from './dexDesk';
import type { ScheduledJump } from './underlyingFeeds';

export const STRESS_WINDOW_SECONDS: readonly [number, number] = [2 * 3600, 5 * 3600];
export const STRESS_DROP: readonly [number, number] = [0.14, 0.17];

function onGrid(startTime: number, offset: number, stepSeconds: number): number {
  return startTime + Math.ceil(offset / stepSeconds) * stepSeconds;
}

export function scheduleStressJump(seed: number, startTime: number, stepSeconds: number): ScheduledJump {
  const rng = Random.forStream(seed, 'stress');
  const offset = rng.uniformBetween(STRESS_WINDOW_SECONDS[0], STRESS_WINDOW_SECONDS[1]);
  const drop = rng.uniformBetween(STRESS_DROP[0], STRESS_DROP[1]);
  return { label: 'BTC', time: onGrid(startTime, offset, stepSeconds), logReturn: Math.log(1 - drop) };
}

export interface PinTiming {
  /** Simulated seconds after the start. */
  delaySeconds: number;
  /** How long the arbitrageur stays away from the pair afterwards. */
  holdSeconds: number;
}

export const DEFAULT_PIN_TIMING: PinTiming = { delaySeconds: 30 * 60, holdSeconds: 3 * 3600 };

export function planPin(startTime: number, stepSeconds: number, timing: PinTiming = DEFAULT_PIN_TIMING): PinPlan {
  const at = onGrid(startTime, timing.delaySeconds, stepSeconds);
  return { symbol: 'AMZNx', at, arbitrageurAwayUntil: at + timing.holdSeconds, buyUsd: 500, factor: 100 };
}
