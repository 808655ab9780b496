import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED, FixedStepScheduler, SimClock } from './clock';

/** A controllable real-time source. */
function fakeTime(startMs: number): { nowMs: () => number; advance: (ms: number) => void } {
  let now = startMs;
  return { nowMs: () => now, advance: (ms) => void (now += ms) };
}

describe('SimClock', () => {
  it('runs one simulated hour per real minute by default', () => {
    expect(DEFAULT_SPEED).toBe(60);
    const time = fakeTime(1_000_000);
    const clock = new SimClock({ startSimSeconds: 1_767_621_600, nowMs: time.nowMs });
    expect(clock.now()).toBe(1_767_621_600);
    time.advance(60_000);
    expect(clock.now()).toBe(1_767_621_600 + 3600);
    time.advance(500);
    expect(clock.now()).toBeCloseTo(1_767_621_600 + 3630, 9);
  });

  it('keeps simulated time continuous when the speed changes', () => {
    const time = fakeTime(0);
    const clock = new SimClock({ startSimSeconds: 0, speed: 10, nowMs: time.nowMs });
    time.advance(2000);
    expect(clock.now()).toBe(20);
    clock.setSpeed(1000);
    expect(clock.now()).toBe(20);
    time.advance(1000);
    expect(clock.now()).toBe(1020);
    expect(clock.speed).toBe(1000);
  });

  it('converts between real and simulated durations', () => {
    const clock = new SimClock({ startSimSeconds: 0, speed: 120, nowMs: () => 0 });
    expect(clock.realMsFor(3600)).toBe(30_000);
    expect(clock.simSecondsFor(clock.realMsFor(7200))).toBe(7200);
  });

  it('rejects non-positive or non-finite speeds and start times', () => {
    expect(() => new SimClock({ startSimSeconds: 0, speed: 0 })).toThrow();
    expect(() => new SimClock({ startSimSeconds: 0, speed: -5 })).toThrow();
    expect(() => new SimClock({ startSimSeconds: Number.NaN })).toThrow();
    const clock = new SimClock({ startSimSeconds: 0 });
    expect(() => clock.setSpeed(Number.POSITIVE_INFINITY)).toThrow();
  });
});

describe('FixedStepScheduler', () => {
  it('hands out the same grid whatever the timer jitter', () => {
    const collect = (realTickMs: readonly number[]) => {
      const time = fakeTime(0);
      const clock = new SimClock({ startSimSeconds: 1000, speed: 60, nowMs: time.nowMs });
      const scheduler = new FixedStepScheduler(1000, 60);
      const steps: number[] = [];
      for (const ms of realTickMs) {
        time.advance(ms);
        steps.push(...scheduler.dueSteps(clock.now()));
      }
      return steps;
    };
    const regular = collect(Array.from({ length: 10 }, () => 1000));
    const jittery = collect([700, 1400, 900, 3000, 50, 50, 2900, 1000]);
    expect(regular).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + 60 * (i + 1)));
    expect(jittery).toEqual(regular);
  });

  it('caps a catch-up burst and resumes where it stopped', () => {
    const scheduler = new FixedStepScheduler(0, 10);
    expect(scheduler.dueSteps(55, 3)).toEqual([10, 20, 30]);
    expect(scheduler.dueSteps(55)).toEqual([40, 50]);
    expect(scheduler.dueSteps(59)).toEqual([]);
  });
});
