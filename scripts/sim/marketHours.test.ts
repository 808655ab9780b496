import { describe, expect, it } from 'vitest';
import {
  MarketStatus,
  WEEKDAYS_ONLY_CALENDAR,
  isMarketOpen,
  marketStatusAt,
  newYorkOffsetSeconds,
  newYorkToUnix,
  nextClose,
  nextOpen,
  previousClose,
} from './marketHours';

// Instants are written in UTC with the offset spelled out (EST = UTC−5, EDT = UTC−4), so the
// expectations do not reuse the module's own time-zone conversion.
const utc = (iso: string): number => Date.parse(iso) / 1000;

describe('New York offset', () => {
  it('is −5 h in winter and −4 h in summer, switching at 2:00 local time', () => {
    expect(newYorkOffsetSeconds(utc('2026-01-12T15:00:00Z'))).toBe(-5 * 3600);
    expect(newYorkOffsetSeconds(utc('2026-07-13T14:00:00Z'))).toBe(-4 * 3600);
    // DST 2026 starts Sunday 8 March at 2:00 EST = 07:00 UTC, ends Sunday 1 November at 2:00 EDT = 06:00 UTC.
    expect(newYorkOffsetSeconds(utc('2026-03-08T06:59:59Z'))).toBe(-5 * 3600);
    expect(newYorkOffsetSeconds(utc('2026-03-08T07:00:00Z'))).toBe(-4 * 3600);
    expect(newYorkOffsetSeconds(utc('2026-11-01T05:59:59Z'))).toBe(-4 * 3600);
    expect(newYorkOffsetSeconds(utc('2026-11-01T06:00:00Z'))).toBe(-5 * 3600);
  });

  it('converts New York wall time to unix time on both sides of DST', () => {
    expect(newYorkToUnix({ year: 2026, month: 1, day: 12 }, 9 * 60 + 30)).toBe(utc('2026-01-12T14:30:00Z'));
    expect(newYorkToUnix({ year: 2026, month: 7, day: 13 }, 16 * 60)).toBe(utc('2026-07-13T20:00:00Z'));
  });
});

describe('isMarketOpen', () => {
  it('is open on a Monday at 10:00 ET in both EST and EDT', () => {
    expect(isMarketOpen(utc('2026-01-12T15:00:00Z'))).toBe(true); // Mon 12 Jan 2026, 10:00 EST
    expect(isMarketOpen(utc('2026-07-13T14:00:00Z'))).toBe(true); // Mon 13 Jul 2026, 10:00 EDT
  });

  it('would be wrong with a fixed offset: 9:45 EDT is 13:45 UTC, 14:45 UTC in winter', () => {
    expect(isMarketOpen(utc('2026-07-13T13:45:00Z'))).toBe(true);
    expect(isMarketOpen(utc('2026-01-12T13:45:00Z'))).toBe(false);
    expect(isMarketOpen(utc('2026-07-13T20:30:00Z'))).toBe(false); // 16:30 EDT
    expect(isMarketOpen(utc('2026-01-12T20:30:00Z'))).toBe(true); // 15:30 EST
  });

  it('opens at exactly 9:30 and closes at exactly 16:00', () => {
    expect(isMarketOpen(utc('2026-01-12T14:29:00Z'))).toBe(false); // 9:29
    expect(isMarketOpen(utc('2026-01-12T14:29:59Z'))).toBe(false);
    expect(isMarketOpen(utc('2026-01-12T14:30:00Z'))).toBe(true); // 9:30
    expect(isMarketOpen(utc('2026-01-12T20:59:59Z'))).toBe(true); // 15:59:59
    expect(isMarketOpen(utc('2026-01-12T21:00:00Z'))).toBe(false); // 16:00
    expect(isMarketOpen(utc('2026-07-13T13:29:00Z'))).toBe(false); // 9:29 EDT
    expect(isMarketOpen(utc('2026-07-13T20:00:00Z'))).toBe(false); // 16:00 EDT
  });

  it('is closed on weekends', () => {
    expect(isMarketOpen(utc('2026-01-10T15:00:00Z'))).toBe(false); // Saturday 10:00 EST
    expect(isMarketOpen(utc('2026-07-12T14:00:00Z'))).toBe(false); // Sunday 10:00 EDT
  });

  it('is closed on NYSE holidays unless the calendar has none', () => {
    const independenceObserved = utc('2026-07-03T15:00:00Z'); // Friday 3 Jul 2026, 11:00 EDT
    expect(isMarketOpen(independenceObserved)).toBe(false);
    expect(isMarketOpen(independenceObserved, WEEKDAYS_ONLY_CALENDAR)).toBe(true);
    expect(isMarketOpen(utc('2026-12-25T15:00:00Z'))).toBe(false);
  });
});

describe('session boundaries', () => {
  it('nextOpen from Friday evening is Monday 9:30 ET', () => {
    expect(nextOpen(utc('2026-01-09T23:00:00Z'))).toBe(utc('2026-01-12T14:30:00Z')); // Fri 18:00 EST
    expect(nextOpen(utc('2026-07-10T22:00:00Z'))).toBe(utc('2026-07-13T13:30:00Z')); // Fri 18:00 EDT
  });

  it('nextOpen over the DST weekend lands on Monday 9:30 EDT', () => {
    expect(nextOpen(utc('2026-03-06T23:00:00Z'))).toBe(utc('2026-03-09T13:30:00Z'));
  });

  it('nextOpen skips a holiday Friday', () => {
    expect(nextOpen(utc('2026-07-02T21:00:00Z'))).toBe(utc('2026-07-06T13:30:00Z'));
  });

  it('nextOpen before the bell is the same day; while open it is the next session', () => {
    expect(nextOpen(utc('2026-01-12T13:00:00Z'))).toBe(utc('2026-01-12T14:30:00Z'));
    expect(nextOpen(utc('2026-01-12T14:30:00Z'))).toBe(utc('2026-01-13T14:30:00Z'));
  });

  it('nextClose is today 16:00 while open, and the next session close otherwise', () => {
    expect(nextClose(utc('2026-01-12T15:00:00Z'))).toBe(utc('2026-01-12T21:00:00Z'));
    expect(nextClose(utc('2026-01-09T23:00:00Z'))).toBe(utc('2026-01-12T21:00:00Z'));
    expect(nextClose(utc('2026-07-13T14:00:00Z'))).toBe(utc('2026-07-13T20:00:00Z'));
  });

  it('previousClose from Monday morning is Friday 16:00', () => {
    expect(previousClose(utc('2026-01-12T14:00:00Z'))).toBe(utc('2026-01-09T21:00:00Z'));
    expect(previousClose(utc('2026-01-12T21:00:00Z'))).toBe(utc('2026-01-12T21:00:00Z'));
  });

  it('agrees with isMarketOpen minute by minute over two weeks around the DST switch', () => {
    const start = utc('2026-03-02T00:00:00Z');
    for (let t = start; t < start + 14 * 86_400; t += 60) {
      const open = isMarketOpen(t);
      // When open, the session that contains t closes before the next one opens.
      expect(open).toBe(nextClose(t) < nextOpen(t));
    }
  });
});

describe('marketStatusAt', () => {
  it('uses the SPEC codes: 1 closed, 2 open, 3 halted', () => {
    expect(MarketStatus).toEqual({ Unknown: 0, Closed: 1, Open: 2, Halted: 3 });
    expect(marketStatusAt(utc('2026-01-12T15:00:00Z'))).toBe(2);
    expect(marketStatusAt(utc('2026-01-10T15:00:00Z'))).toBe(1);
    expect(marketStatusAt(utc('2026-01-12T15:00:00Z'), { halted: true })).toBe(3);
    expect(marketStatusAt(utc('2026-01-12T22:00:00Z'), { halted: true })).toBe(1);
  });
});
