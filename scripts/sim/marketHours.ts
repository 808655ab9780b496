/**
 * US equity market calendar in simulated time: regular session 9:30–16:00 America/New_York,
 * Monday–Friday, minus NYSE full-day holidays. Early closes (13:00 on some holiday eves) are not
 * modelled: the protocol only needs open/closed, and a 3-hour difference twice a year does not
 * change any demo.
 *
 * The New York UTC offset is read from Intl.DateTimeFormat (Node ships the IANA time-zone data),
 * so EST/EDT switches happen on the right dates without a date library.
 */

/** `marketStatus` codes of the stock reference feeds (Chainlink RWA v10 schema, SPEC §2). */
export const MarketStatus = {
  Unknown: 0,
  Closed: 1,
  Open: 2,
  Halted: 3,
} as const;
export type MarketStatusCode = (typeof MarketStatus)[keyof typeof MarketStatus];

export interface MarketCalendar {
  /** Full-day closures as New York dates, 'YYYY-MM-DD'. */
  holidays: ReadonlySet<string>;
  /** Session bounds in minutes after New York midnight. */
  openMinute: number;
  closeMinute: number;
}

/** NYSE full-day holidays 2025–2027 (observed dates, e.g. 2026-07-03 for Saturday 4 July). */
export const NYSE_HOLIDAYS: ReadonlySet<string> = new Set([
  // 2025 (kept so that a simulation started in late 2025 behaves)
  '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26',
  '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
  // 2026
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19',
  '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25',
  // 2027
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18',
  '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24',
]);

export const US_EQUITY_CALENDAR: MarketCalendar = {
  holidays: NYSE_HOLIDAYS,
  openMinute: 9 * 60 + 30,
  closeMinute: 16 * 60,
};

/** A calendar with no holidays, for tests and for runs far outside the holiday list's years. */
export const WEEKDAYS_ONLY_CALENDAR: MarketCalendar = { ...US_EQUITY_CALENDAR, holidays: new Set() };

/** Looking further than this for a session means the calendar is misconfigured. */
const MAX_DAYS_TO_SEARCH = 20;

const newYorkFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number;
}

interface NewYorkWallTime extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

/**
 * Intl formatting is slow (microseconds per call) and the simulator asks for market status on every
 * tick of every stock, so offsets are cached per UTC hour. That is exact: New York switches between
 * EST and EDT at 2:00 local time, which is always a whole UTC hour.
 */
const offsetCacheByUtcHour = new Map<number, number>();
const OFFSET_CACHE_LIMIT = 50_000;

/** New York offset from UTC in seconds at an instant: -18000 in winter (EST), -14400 in summer (EDT). */
export function newYorkOffsetSeconds(unixSeconds: number): number {
  const utcHour = Math.floor(unixSeconds / 3600);
  const cached = offsetCacheByUtcHour.get(utcHour);
  if (cached !== undefined) return cached;
  const offset = offsetFromIntl(utcHour * 3600);
  if (offsetCacheByUtcHour.size >= OFFSET_CACHE_LIMIT) offsetCacheByUtcHour.clear();
  offsetCacheByUtcHour.set(utcHour, offset);
  return offset;
}

function offsetFromIntl(unixSeconds: number): number {
  const fields: Record<string, number> = {};
  for (const part of newYorkFormat.formatToParts(new Date(unixSeconds * 1000))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallAsUtc =
    Date.UTC(
      requireField(fields, 'year'),
      requireField(fields, 'month') - 1,
      requireField(fields, 'day'),
      requireField(fields, 'hour'),
      requireField(fields, 'minute'),
      requireField(fields, 'second'),
    ) / 1000;
  return wallAsUtc - unixSeconds;
}

function requireField(fields: Record<string, number>, name: string): number {
  const value = fields[name];
  if (value === undefined || !Number.isFinite(value)) throw new Error(`Intl did not return ${name}`);
  return value;
}

function newYorkWallTime(unixSeconds: number): NewYorkWallTime {
  const wall = new Date((Math.floor(unixSeconds) + newYorkOffsetSeconds(unixSeconds)) * 1000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/**
 * Unix time of a New York wall-clock time. The offset is looked up twice because the first guess
 * can sit on the other side of a DST switch; session times (9:30, 16:00) are never ambiguous.
 */
export function newYorkToUnix(date: CivilDate, minuteOfDay: number): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day) / 1000 + minuteOfDay * 60;
  const firstGuess = wallAsUtc - newYorkOffsetSeconds(wallAsUtc);
  return wallAsUtc - newYorkOffsetSeconds(firstGuess);
}

function addDays(date: CivilDate, days: number): CivilDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function isoDate(date: CivilDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function isTradingDay(date: CivilDate, calendar: MarketCalendar = US_EQUITY_CALENDAR): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay(); // 0 = Sunday
  return weekday >= 1 && weekday <= 5 && !calendar.holidays.has(isoDate(date));
}

export function isMarketOpen(unixSeconds: number, calendar: MarketCalendar = US_EQUITY_CALENDAR): boolean {
  const wall = newYorkWallTime(unixSeconds);
  if (!isTradingDay(wall, calendar)) return false;
  const secondOfDay = wall.hour * 3600 + wall.minute * 60 + wall.second;
  return secondOfDay >= calendar.openMinute * 60 && secondOfDay < calendar.closeMinute * 60;
}

/**
 * Walk New York trading days from the day of `unixSeconds` in `direction`, returning the first
 * session boundary (open or close minute) that satisfies `accept`.
 */
function findSessionBoundary(
  unixSeconds: number,
  minuteOfDay: number,
  direction: 1 | -1,
  accept: (boundary: number) => boolean,
  calendar: MarketCalendar,
): number {
  const today = newYorkWallTime(unixSeconds);
  for (let offset = 0; offset <= MAX_DAYS_TO_SEARCH; offset++) {
    const date = addDays(today, direction * offset);
    if (!isTradingDay(date, calendar)) continue;
    const boundary = newYorkToUnix(date, minuteOfDay);
    if (accept(boundary)) return boundary;
  }
  throw new Error(`no trading session within ${MAX_DAYS_TO_SEARCH} days of ${unixSeconds}`);
}

/** Start of the first session that begins strictly after `unixSeconds`. */
export function nextOpen(unixSeconds: number, calendar: MarketCalendar = US_EQUITY_CALENDAR): number {
  return findSessionBoundary(unixSeconds, calendar.openMinute, 1, (open) => open > unixSeconds, calendar);
}

/** End of the current session if open, otherwise end of the next session. */
export function nextClose(unixSeconds: number, calendar: MarketCalendar = US_EQUITY_CALENDAR): number {
  return findSessionBoundary(unixSeconds, calendar.closeMinute, 1, (close) => close > unixSeconds, calendar);
}

/** End of the last session that closed at or before `unixSeconds` (where a frozen price comes from). */
export function previousClose(unixSeconds: number, calendar: MarketCalendar = US_EQUITY_CALENDAR): number {
  return findSessionBoundary(unixSeconds, calendar.closeMinute, -1, (close) => close <= unixSeconds, calendar);
}

/**
 * The `marketStatus` a reference feed should publish. A halt only exists inside regular hours: a
 * halted stock whose session has ended is simply closed.
 */
export function marketStatusAt(
  unixSeconds: number,
  options: { halted?: boolean; calendar?: MarketCalendar } = {},
): MarketStatusCode {
  if (!isMarketOpen(unixSeconds, options.calendar)) return MarketStatus.Closed;
  return options.halted === true ? MarketStatus.Halted : MarketStatus.Open;
}
