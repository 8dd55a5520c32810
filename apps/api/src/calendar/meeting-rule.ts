import { meetingRulePattern } from '@alignboard/contracts';
import { quarterBounds, type FiscalCalendar } from '@alignboard/metrics';
import { onOrAfterBusinessDay, type Holidays } from './business-days.js';

const ordinals = ['first', 'second', 'third', 'fourth', 'last'] as const;
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A parsed meeting rule: the `nth` `weekday` (0 = Sunday) of month `monthOfQuarter` (1–3) of the quarter. */
export interface MeetingRule {
  nth: 1 | 2 | 3 | 4 | 'last';
  weekday: number;
  monthOfQuarter: 1 | 2 | 3;
}

/**
 * `third-thursday` (the SPEC's default), `last-friday`, `second-tuesday-month-2`.
 * The grammar is the contracts' `meetingRulePattern`, which validates the
 * setting in the API and the partnership file; this turns it into numbers.
 */
export function parseMeetingRule(text: string): MeetingRule {
  const match = meetingRulePattern.exec(text.trim().toLowerCase());
  if (!match) throw new RangeError(`not a meeting rule: "${text}" (expected e.g. third-thursday or second-tuesday-month-2)`);
  const ordinal = ordinals.indexOf(match[1] as (typeof ordinals)[number]);
  return {
    nth: ordinal === 4 ? 'last' : ((ordinal + 1) as 1 | 2 | 3 | 4),
    weekday: weekdays.indexOf(match[2] as (typeof weekdays)[number]),
    monthOfQuarter: Number(match[3] ?? 1) as 1 | 2 | 3,
  };
}

/**
 * The day a quarter's meeting falls on under the rule and the partnership's
 * fiscal calendar. A rule day that is a holiday moves to the next business
 * day (which may be in the following month).
 */
export function meetingDateOf(rule: string | MeetingRule, quarter: string, calendar: FiscalCalendar, holidays: Holidays): string {
  const { nth, weekday, monthOfQuarter } = typeof rule === 'string' ? parseMeetingRule(rule) : rule;
  const start = new Date(quarterBounds(quarter, calendar).startMs);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + monthOfQuarter - 1; // Date.UTC carries an overflow into the next year
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const firstMatch = 1 + ((weekday - firstWeekday + 7) % 7);
  let day: number;
  if (nth === 'last') {
    const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    day = firstMatch + 7 * Math.floor((daysInMonth - firstMatch) / 7);
  } else {
    day = firstMatch + 7 * (nth - 1); // at most 1 + 6 + 21 = 28: every month has a fourth of each weekday
  }
  return onOrAfterBusinessDay(new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10), holidays);
}
