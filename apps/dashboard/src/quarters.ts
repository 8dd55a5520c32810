import { quarterBounds, quarterOf, quarterRange, shiftQuarter, type FiscalCalendar } from '@alignboard/metrics';
import type { PartnershipView } from '@alignboard/contracts';

export { quarterRange, shiftQuarter };

export function calendarOf(partnership: Pick<PartnershipView, 'fiscalYearStartMonth' | 'fiscalYearNamedBy'>): FiscalCalendar {
  return { startMonth: partnership.fiscalYearStartMonth, namedBy: partnership.fiscalYearNamedBy };
}

/** The fiscal quarter the room talks about by default: the one the as-of instant (or now) is in. */
export function defaultQuarter(calendar: FiscalCalendar, asOf: string | undefined, nowMs: number): string {
  const at = asOf ? Date.parse(asOf) : nowMs;
  return quarterOf(Number.isNaN(at) ? nowMs : at, calendar);
}

/** The quarters the picker offers: two years back, two quarters ahead, and the chosen one whatever it is. */
export function quarterChoices(current: string, chosen?: string): string[] {
  const choices = quarterRange(shiftQuarter(current, -8), shiftQuarter(current, 2));
  if (chosen && !choices.includes(chosen)) choices.push(chosen);
  return choices.sort().reverse();
}

/** `Oct–Dec 2026` for `2026-Q4` under the partnership's calendar. */
export function quarterMonths(quarter: string, calendar: FiscalCalendar): string {
  const { startMs, endMs } = quarterBounds(quarter, calendar);
  const month = (ms: number) => new Date(ms).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const last = endMs - 1;
  const year = new Date(last).getUTCFullYear();
  const startYear = new Date(startMs).getUTCFullYear();
  return startYear === year ? `${month(startMs)}–${month(last)} ${year}` : `${month(startMs)} ${startYear}–${month(last)} ${year}`;
}

/** The trend window the CRO view draws: the chosen quarter, the six before it and the next one. */
export function trendWindow(quarter: string): { from: string; to: string } {
  return { from: shiftQuarter(quarter, -6), to: shiftQuarter(quarter, 1) };
}

/** The board pack covers the chosen quarter and the three before it (a year). */
export function boardPackWindow(quarter: string): { from: string; to: string } {
  return { from: shiftQuarter(quarter, -3), to: quarter };
}

/**
 * The as-of picker is a `datetime-local` read as UTC (`2026-09-30T18:00`); the API wants an
 * instant. Empty means now.
 */
export function asOfFromPicker(value: string): string | undefined {
  if (!value) return undefined;
  const instant = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

export function asOfToPicker(asOf: string | undefined): string {
  if (!asOf) return '';
  const instant = new Date(asOf);
  return Number.isNaN(instant.getTime()) ? '' : instant.toISOString().slice(0, 16);
}
