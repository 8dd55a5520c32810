import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysBetween, isBusinessDay, onOrAfterBusinessDay } from './business-days.js';

// Weekdays checked against a calendar: 2027-01-01 is a Friday, 2027-01-07 a Thursday,
// 2026-05-29 a Friday, 2026-03-31 a Tuesday, 2026-12-25 a Friday, 2026-07-04 a Saturday.
const newYear2027 = ['2027-01-01'];

describe('isBusinessDay', () => {
  it('is Monday to Friday, less holidays', () => {
    expect(isBusinessDay('2027-01-07', [])).toBe(true); // Thursday
    expect(isBusinessDay('2027-01-09', [])).toBe(false); // Saturday
    expect(isBusinessDay('2027-01-10', [])).toBe(false); // Sunday
    expect(isBusinessDay('2027-01-01', [])).toBe(true); // a Friday, when nobody says it is a holiday
    expect(isBusinessDay('2027-01-01', newYear2027)).toBe(false);
    expect(isBusinessDay('2027-01-01', new Set(newYear2027))).toBe(false);
  });

  it('rejects what is not a calendar date rather than rolling it over', () => {
    expect(() => isBusinessDay('2027-02-30', [])).toThrow(RangeError);
    expect(() => isBusinessDay('07/01/2027', [])).toThrow('expected an ISO date like 2027-01-07, got "07/01/2027"');
  });
});

describe('addBusinessDays', () => {
  it('counts back over a weekend: 3 business days before Thu 2027-01-07 is Mon 2027-01-04', () => {
    expect(addBusinessDays('2027-01-07', -3, newYear2027)).toBe('2027-01-04');
  });

  it('crosses the year boundary skipping the New Year holiday', () => {
    // Mon 4 (3), Fri 1 is a holiday, Sat/Sun skipped, Thu 2026-12-31 (4), Wed 2026-12-30 (5).
    expect(addBusinessDays('2027-01-07', -5, newYear2027)).toBe('2026-12-30');
    // Without the holiday Friday 1 January counts: Fri 1 (4), Thu 31 (5).
    expect(addBusinessDays('2027-01-07', -5, [])).toBe('2026-12-31');
    expect(addBusinessDays('2026-12-31', 1, newYear2027)).toBe('2027-01-04');
  });

  it('counts forward over a weekend', () => {
    expect(addBusinessDays('2026-05-29', 1, [])).toBe('2026-06-01'); // Fri → Mon
    expect(addBusinessDays('2026-05-29', 6, [])).toBe('2026-06-08'); // Mon..Fri is 5, next Mon 6
  });

  it('starts from a weekend day without counting it', () => {
    expect(addBusinessDays('2026-05-30', 1, [])).toBe('2026-06-01'); // Sat → Mon
    expect(addBusinessDays('2026-05-30', -1, [])).toBe('2026-05-29'); // Sat → Fri
  });

  it('crosses a quarter boundary, holidays included', () => {
    expect(addBusinessDays('2026-03-31', 1, [])).toBe('2026-04-01'); // Tue Q1 → Wed Q2
    expect(addBusinessDays('2026-03-31', 1, ['2026-04-01'])).toBe('2026-04-02');
    expect(addBusinessDays('2026-04-02', -2, ['2026-04-01'])).toBe('2026-03-30'); // Tue 31 (1), Mon 30 (2)
  });

  it('skips a Monday holiday and the weekend before it', () => {
    // Thu 2026-04-16: Wed 15 (1), Tue 14 (2), Mon 13 holiday, Sun, Sat, Fri 10 (3).
    expect(addBusinessDays('2026-04-16', -3, ['2026-04-13'])).toBe('2026-04-10');
  });

  it('skips Christmas', () => {
    // Thu 2026-12-31: Wed 30, Tue 29, Mon 28 (3), Sun, Sat, Fri 25 holiday, Thu 24 (4), Wed 23 (5).
    expect(addBusinessDays('2026-12-31', -3, ['2026-12-25'])).toBe('2026-12-28');
    expect(addBusinessDays('2026-12-31', -5, ['2026-12-25'])).toBe('2026-12-23');
  });

  it('returns the day itself for 0, and refuses a fraction', () => {
    expect(addBusinessDays('2026-05-30', 0, [])).toBe('2026-05-30');
    expect(() => addBusinessDays('2026-05-29', 1.5, [])).toThrow(RangeError);
  });
});

describe('businessDaysBetween', () => {
  it('counts business days from (included) to (excluded)', () => {
    expect(businessDaysBetween('2027-01-04', '2027-01-07', newYear2027)).toBe(3); // Mon, Tue, Wed
    // Wed 30, Thu 31, (Fri 1 holiday), Mon 4, Tue 5, Wed 6.
    expect(businessDaysBetween('2026-12-30', '2027-01-07', newYear2027)).toBe(5);
    expect(businessDaysBetween('2026-12-30', '2027-01-07', [])).toBe(6);
  });

  it('is negative backwards and zero for the same day or a weekend', () => {
    expect(businessDaysBetween('2027-01-07', '2026-12-30', newYear2027)).toBe(-5);
    expect(businessDaysBetween('2027-01-07', '2027-01-07', [])).toBe(0);
    expect(businessDaysBetween('2026-05-30', '2026-06-01', [])).toBe(0); // Sat, Sun
    expect(businessDaysBetween('2026-05-29', '2026-06-01', [])).toBe(1); // Fri
  });

  it('counts a whole year: 2026 has 261 weekdays (52 weeks and Thursday 31 December)', () => {
    expect(businessDaysBetween('2026-01-01', '2027-01-01', [])).toBe(261);
    // New Year's Day and Christmas are weekdays in 2026; 4 July is a Saturday and changes nothing.
    expect(businessDaysBetween('2026-01-01', '2027-01-01', ['2026-01-01', '2026-07-04', '2026-12-25'])).toBe(259);
  });

  it('undoes addBusinessDays from any business day', () => {
    const holidays = ['2026-12-25', '2027-01-01', '2026-04-13'];
    for (const from of ['2026-12-23', '2026-03-31', '2026-04-10', '2027-01-04']) {
      for (let n = -12; n <= 12; n++) {
        expect(businessDaysBetween(from, addBusinessDays(from, n, holidays), holidays)).toBe(n);
      }
    }
  });
});

describe('onOrAfterBusinessDay', () => {
  it('keeps a business day and moves anything else to the next one', () => {
    expect(onOrAfterBusinessDay('2026-10-15', [])).toBe('2026-10-15');
    expect(onOrAfterBusinessDay('2026-10-15', ['2026-10-15'])).toBe('2026-10-16');
    expect(onOrAfterBusinessDay('2026-12-31', ['2026-12-31', '2027-01-01'])).toBe('2027-01-04');
  });
});
