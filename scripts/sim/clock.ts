/**
 * Simulated time. The simulator runs faster than real time (default: one simulated hour per real
 * minute) so that a demo shows market opens, closes and weekends within minutes. All simulated
 * instants are unix seconds (UTC), the unit that block timestamps and Chainlink `updatedAt` use.
 */

export const DEFAULT_SPEED = 60;

export interface SimClockOptions {
  /** Simulated unix time (seconds) at the moment the clock is created. */
  startSimSeconds: number;
  /** Simulated seconds per real second. */
  speed?: number;
  /** Real-time source in milliseconds; injectable so that tests do not depend on the wall clock. */
  nowMs?: () => number;
}

export class SimClock {
  private readonly nowMs: () => number;
  private anchorRealMs: number;
  private anchorSimSeconds: number;
  private currentSpeed: number;

  constructor(options: SimClockOptions) {
    assertFiniteNumber(options.startSimSeconds, 'startSimSeconds');
    this.nowMs = options.nowMs ?? Date.now;
    this.currentSpeed = validSpeed(options.speed ?? DEFAULT_SPEED);
    this.anchorRealMs = this.nowMs();
    this.anchorSimSeconds = options.startSimSeconds;
  }

  get speed(): number {
    return this.currentSpeed;
  }

  /** Current simulated unix time in (fractional) seconds. */
  now(): number {
    return this.anchorSimSeconds + ((this.nowMs() - this.anchorRealMs) / 1000) * this.currentSpeed;
  }

  /**
   * Change the speed without a jump in simulated time: the clock is re-anchored at the current
   * instant, and only time from here on runs at the new rate.
   */
  setSpeed(speed: number): void {
    const simNow = this.now();
    this.anchorRealMs = this.nowMs();
    this.anchorSimSeconds = simNow;
    this.currentSpeed = validSpeed(speed);
  }

  /** Real milliseconds that `simSeconds` of simulated time take at the current speed (for timers). */
  realMsFor(simSeconds: number): number {
    return (simSeconds / this.currentSpeed) * 1000;
  }

  /** Simulated seconds that elapse during `realMs` real milliseconds at the current speed. */
  simSecondsFor(realMs: number): number {
    return (realMs / 1000) * this.currentSpeed;
  }
}

function validSpeed(speed: number): number {
  assertFiniteNumber(speed, 'speed');
  if (speed <= 0) throw new RangeError(`speed must be positive, got ${speed}`);
  return speed;
}

function assertFiniteNumber(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/**
 * Hands out simulated instants on a fixed grid (start + k·stepSeconds). The chain-facing loop
 * should advance every process on this grid rather than by whatever real time passed between two
 * timer callbacks: timer jitter then changes *when* a step is computed but not *which* steps are,
 * so the same seed replays the same prices.
 */
export class FixedStepScheduler {
  private lastIndex = 0;

  constructor(
    private readonly startSimSeconds: number,
    readonly stepSeconds: number,
  ) {
    if (!(stepSeconds > 0)) throw new RangeError(`stepSeconds must be positive, got ${stepSeconds}`);
  }

  /** Grid instants after the last one handed out, up to and including `simNow` (at most `maxSteps`). */
  dueSteps(simNow: number, maxSteps = 100_000): number[] {
    const lastDue = Math.floor((simNow - this.startSimSeconds) / this.stepSeconds);
    const steps: number[] = [];
    while (this.lastIndex < lastDue && steps.length < maxSteps) {
      this.lastIndex++;
      steps.push(this.startSimSeconds + this.lastIndex * this.stepSeconds);
    }
    return steps;
  }
}
