/**
 * Runs a simulator's steps on a real-time schedule: one step of `stepSeconds` simulated seconds
 * every stepSeconds / speed real seconds. Steps are paced against a deadline grid, not by sleeping
 * a fixed time after each one, so the time a step takes does not slow the simulation; if the
 * chain cannot keep up, the grid is re-anchored instead of racing to catch up.
 */
import { backoffDelay, errorText } from './retry';
import type { Simulator } from './simulator';
import { formatTickLine } from './tickReport';

export interface RealTimeOptions {
  /** Simulated seconds per real second. */
  speed: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** Steps further behind than this are given up on (the simulation slows down instead). */
const MAX_LAG_STEPS = 5;

/**
 * The simulated step for a speed: 60 s (one step per real second at the default speed), longer at
 * higher speeds so the chain is not asked for more than about one step per real second. Capped at
 * 15 minutes: the stock feeds and the TWAP want an update at least that often.
 */
export function stepSecondsForSpeed(speed: number): number {
  return Math.min(900, Math.max(60, Math.round(speed)));
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export async function runInRealTime(simulator: Simulator, options: RealTimeOptions): Promise<void> {
  const stepMs = (simulator.stepSeconds / options.speed) * 1000;
  let deadline = Date.now();
  let failures = 0;
  while (!options.signal.aborted) {
    try {
      options.log(formatTickLine(await simulator.tick()));
      failures = 0;
    } catch (error) {
      failures++;
      const delay = backoffDelay(failures, 500, 30_000);
      options.log(`[sim] chain unreachable (${errorText(error)}): retrying the step in ${(delay / 1000).toFixed(1)} s`);
      await abortableSleep(delay, options.signal);
      deadline = Date.now();
      continue;
    }
    deadline += stepMs;
    if (Date.now() - deadline > MAX_LAG_STEPS * stepMs) deadline = Date.now();
    await abortableSleep(deadline - Date.now(), options.signal);
  }
}
