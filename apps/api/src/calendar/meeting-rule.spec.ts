import { describe, expect, it } from 'vitest';
import { meetingDateOf, parseMeetingRule } from './meeting-rule.js';

const calendarYear = { startMonth: 1, namedBy: 'start' as const };

describe('parseMeetingRule', () => {
  it('reads <nth>-<weekday> with an optional month of the quarter', () => {
    expect(parseMeetingRule('third-thursday')).toEqual({ nth: 3, weekday: 4, monthOfQuarter: 1 });
    expect(parseMeetingRule(' Second-Tuesday-Month-2 ')).toEqual({ nth: 2, weekday: 2, monthOfQuarter: 2 });
    expect(parseMeetingRule('last-friday-month-3')).toEqual({ nth: 'last', weekday: 5, monthOfQuarter: 3 });
    expect(parseMeetingRule('first-monday')).toEqual({ nth: 1, weekday: 1, monthOfQuarter: 1 });
  });

  it('refuses what is not a rule', () => {
    for (const text of ['fifth-monday', 'third-saturday', 'second-tuesday-month-4', 'thursday', 'third-thursday-month-']) {
      expect(() => parseMeetingRule(text), text).toThrow(RangeError);
    }
  });
});

describe('meetingDateOf', () => {
  it('puts the default third Thursday in the first month of each calendar quarter', () => {
    // Thursdays: Jan 2026 1, 8, 15; Apr 2, 9, 16; Jul 2, 9, 16; Oct 1, 8, 15; Jan 2027 7, 14, 21.
    expect(meetingDateOf('third-thursday', '2026-Q1', calendarYear, [])).toBe('2026-01-15');
    expect(meetingDateOf('third-thursday', '2026-Q2', calendarYear, [])).toBe('2026-04-16');
    expect(meetingDateOf('third-thursday', '2026-Q3', calendarYear, [])).toBe('2026-07-16');
    expect(meetingDateOf('third-thursday', '2026-Q4', calendarYear, [])).toBe('2026-10-15');
    expect(meetingDateOf('third-thursday', '2027-Q1', calendarYear, [])).toBe('2027-01-21');
  });

  it('follows the fiscal calendar', () => {
    // Start month 2: 2026-Q1 is Feb–Apr 2026; 1 Feb 2026 is a Sunday, so Thursdays are 5, 12, 19.
    expect(meetingDateOf('third-thursday', '2026-Q1', { startMonth: 2, namedBy: 'start' }, [])).toBe('2026-02-19');
    // Named by its end, FY2027 starts in February 2026.
    expect(meetingDateOf('third-thursday', '2027-Q1', { startMonth: 2, namedBy: 'end' }, [])).toBe('2026-02-19');
    // Start month 11: 2026-Q2 is Feb–Apr 2027; 1 Feb 2027 is a Monday: Thursdays 4, 11, 18.
    expect(meetingDateOf('third-thursday', '2026-Q2', { startMonth: 11, namedBy: 'start' }, [])).toBe('2027-02-18');
  });

  it('takes another month of the quarter, across a year end', () => {
    // Start month 11: 2026-Q1 is Nov 2026–Jan 2027; month 3 is January 2027 (1 Jan a Friday: Tuesdays 5, 12).
    expect(meetingDateOf('second-tuesday-month-3', '2026-Q1', { startMonth: 11, namedBy: 'start' }, [])).toBe('2027-01-12');
    // November 2026 starts on a Sunday: Wednesdays 4, 11, 18, 25.
    expect(meetingDateOf('fourth-wednesday-month-2', '2026-Q4', calendarYear, [])).toBe('2026-11-25');
    // July 2026 starts on a Wednesday: the first Monday is the 6th.
    expect(meetingDateOf('first-monday', '2026-Q3', calendarYear, [])).toBe('2026-07-06');
  });

  it('finds the last weekday of a month', () => {
    expect(meetingDateOf('last-friday', '2026-Q1', calendarYear, [])).toBe('2026-01-30'); // 31 Jan is a Saturday
    expect(meetingDateOf('last-friday-month-3', '2026-Q1', calendarYear, [])).toBe('2026-03-27'); // 31 Mar is a Tuesday
    expect(meetingDateOf('last-friday', '2026-Q2', calendarYear, [])).toBe('2026-04-24'); // 30 Apr is a Thursday
    expect(meetingDateOf('last-thursday-month-3', '2026-Q4', calendarYear, [])).toBe('2026-12-31');
  });

  it('moves a rule day that is a holiday to the next business day', () => {
    expect(meetingDateOf('third-thursday', '2026-Q4', calendarYear, ['2026-10-15'])).toBe('2026-10-16');
    expect(meetingDateOf('third-thursday', '2026-Q4', calendarYear, ['2026-10-15', '2026-10-16'])).toBe('2026-10-19');
    // Thu 31 Dec and Fri 1 Jan off: Monday 4 January 2027, in the next quarter's month.
    expect(meetingDateOf('last-thursday-month-3', '2026-Q4', calendarYear, ['2026-12-31', '2027-01-01'])).toBe('2027-01-04');
  });
});
