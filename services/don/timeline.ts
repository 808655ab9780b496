/**
 * One feed's observations over time: what the local DON "observed" (the simulator and tests post them).
 * `at(t)` is the value as of t: the last observation at or before t (before the first one, the first one).
 * Memory stays bounded: observations older than `retentionSeconds` before the newest are dropped, except the
 * last of them, which still gives the value for any later time.
 */
export type MarketStatus = 0 | 1 | 2

export interface Observation {
  /** unix seconds, may be fractional */
  time: number;
  /** 18 decimals */
  value: bigint;
  /** RWA feeds: 0 unknown, 1 closed, 2 open; 0 for crypto feeds */
  marketStatus: MarketStatus;
}

export class Timeline {
  private readonly observations: Observation[] = [];

  constructor(
    private readonly retentionSeconds = 24 * 3600,
    private readonly maxObservations = 50_000,
  ) {}

  get size(): number {
    return this.observations.length;
  }

  latest(): Observation | undefined {
    return this.observations[this.observations.length - 1];
  }

  /** Insert in time order; an observation at the same time as an existing one replaces it. */
  add(observation: Observation): void {
    const list = this.observations;
    let i = list.length;
    while (i > 0 && list[i - 1].time > observation.time) i--;
    if (i > 0 && list[i - 1].time === observation.time) list[i - 1] = observation;
    else list.splice(i, 0, observation);
    this.prune();
  }

  at(time: number): Observation | undefined {
    const list = this.observations;
    let lo = 0;
    let hi = list.length; // first index with time > `time`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].time <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : list[0];
  }

  private prune(): void {
    const list = this.observations;
    const cutoff = list[list.length - 1].time - this.retentionSeconds;
    let drop = 0;
    while (drop + 1 < list.length && list[drop + 1].time <= cutoff) drop++;
    drop = Math.max(drop, list.length - this.maxObservations);
    if (drop > 0) list.splice(0, drop);
  }
}
