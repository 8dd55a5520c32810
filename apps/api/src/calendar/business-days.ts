/**
 * Business days of a partnership: Monday to Friday, less its holidays. Days
 * are ISO dates (`2027-01-07`) read as UTC calendar days; nothing here knows
 * a time zone or a clock.
 */
export type Holidays = ReadonlySet<string> | readonly string[];

const DAY_MS = 86_400_000;

export function isBusinessDay(date: string, holidays: Holidays): boolean {
  const weekday = new Date(dayMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !asSet(holidays).has(date);
}

/**
 * The date n business days after `date` (n < 0: before it). The start day
 * itself never counts, so 3 business days before Thursday 2027-01-07 is
 * Monday 2027-01-04, and `n = 0` returns `date` unchanged.
 */
export function addBusinessDays(date: string, n: number, holidays: Holidays): string {
  if (!Number.isInteger(n)) throw new RangeError(`expected a whole number of business days, got ${n}`);
  const off = asSet(holidays);
  const step = n < 0 ? -1 : 1;
  let ms = dayMs(date);
  for (let left = Math.abs(n); left > 0; ) {
    ms += step * DAY_MS;
    if (isBusinessDay(isoOf(ms), off)) left--;
  }
  return isoOf(ms);
}

/**
 * Business days d with from ≤ d < to, negative when `to` is before `from`:
 * prework sent on a Monday for a Thursday meeting was 3 business days ahead.
 * For a business day `from`, `businessDaysBetween(from, addBusinessDays(from, n)) = n`.
 */
export function businessDaysBetween(from: string, to: string, holidays: Holidays): number {
  if (to < from) return -businessDaysBetween(to, from, holidays);
  const off = asSet(holidays);
  let days = 0;
  for (let ms = dayMs(from), end = dayMs(to); ms < end; ms += DAY_MS) if (isBusinessDay(isoOf(ms), off)) days++;
  return days;
}

/** `date` when it is a business day, else the first business day after it. */
export function onOrAfterBusinessDay(date: string, holidays: Holidays): string {
  const off = asSet(holidays);
  let ms = dayMs(date);
  while (!isBusinessDay(isoOf(ms), off)) ms += DAY_MS;
  return isoOf(ms);
}

/** The UTC calendar day of an instant, as an ISO date. */
export function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function dayMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2027-02-30 over into March; a real day reads back as itself.
  if (Number.isNaN(ms) || isoOf(ms) !== date) throw new RangeError(`expected an ISO date like 2027-01-07, got "${date}"`);
  return ms;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function asSet(holidays: Holidays): ReadonlySet<string> {
  return holidays instanceof Set ? holidays : new Set(holidays as readonly string[]);
}
