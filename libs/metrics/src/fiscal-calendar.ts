/** How a partnership counts its quarters (SPEC §3). */
export interface FiscalCalendar {
  /** 1–12: the month the fiscal year starts in. */
  startMonth: number;
  /** Whether fiscal year N is the one starting or the one ending in calendar year N. */
  namedBy: 'start' | 'end';
}

export interface QuarterBounds {
  quarter: string;
  /** First instant, UTC ms. */
  startMs: number;
  /** First instant of the next quarter, UTC ms (exclusive). */
  endMs: number;
}

/** A quarter's close dates as day numbers since 1970-01-01 (UTC): [startDay, endDay). */
export interface DayRange {
  startDay: number;
  endDay: number;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** `2026-Q2` under the partnership's calendar: with start month 2 and years named by start, May–July 2026. */
export function quarterBounds(quarter: string, calendar: FiscalCalendar): QuarterBounds {
  const match = QUARTER.exec(quarter);
  if (!match) throw new RangeError(`expected a quarter like 2026-Q2, got "${quarter}"`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  // A year named by its end starts in the previous calendar year, unless it starts in January.
  const startYear = calendar.namedBy === 'end' && calendar.startMonth > 1 ? year - 1 : year;
  const month0 = calendar.startMonth - 1 + 3 * (q - 1);
  return {
    quarter,
    startMs: Date.UTC(startYear, month0, 1),
    endMs: Date.UTC(startYear, month0 + 3, 1),
  };
}

/** The fiscal quarter an instant (UTC ms) falls in. */
export function quarterOf(instantMs: number, calendar: FiscalCalendar): string {
  const d = new Date(instantMs);
  const monthsIntoYear = (d.getUTCMonth() - (calendar.startMonth - 1) + 12) % 12;
  const startYear = d.getUTCMonth() >= calendar.startMonth - 1 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  const name = calendar.namedBy === 'end' && calendar.startMonth > 1 ? startYear + 1 : startYear;
  return `${name}-Q${Math.floor(monthsIntoYear / 3) + 1}`;
}

/** The quarter n quarters after (or, negative, before) the given one. */
export function shiftQuarter(quarter: string, n: number): string {
  const match = QUARTER.exec(quarter);
  if (!match) throw new RangeError(`expected a quarter like 2026-Q2, got "${quarter}"`);
  const index = Number(match[1]) * 4 + Number(match[2]) - 1 + n;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** Every quarter from `from` to `to`, both included. */
export function quarterRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let q = from; q <= to; q = shiftQuarter(q, 1)) out.push(q);
  return out;
}
