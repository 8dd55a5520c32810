import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatDate, formatInstant, formatMoney, formatMoneyCompact, formatRatio, humanize } from './format.js';

describe('formatMoney', () => {
  it('writes the API’s amount to the cent in the partnership currency', () => {
    expect(formatMoney(29988507.54, 'USD')).toBe('$29,988,507.54');
    expect(formatMoney(0.1 + 0.2, 'USD')).toBe('$0.30');
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
  });

  it('never prints a negative zero, and keeps real negatives', () => {
    expect(formatMoney(-0, 'USD')).toBe('$0.00');
    expect(formatMoney(-10017275.4, 'USD')).toBe('-$10,017,275.40');
  });

  it('writes a missing amount as a dash', () => {
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatMoney(undefined, 'USD')).toBe('—');
    expect(formatMoney(Number.NaN, 'USD')).toBe('—');
  });
});

describe('formatMoneyCompact', () => {
  it('rounds to one decimal in thousands or millions, without trailing zeros', () => {
    expect(formatMoneyCompact(29988507.54, 'USD')).toBe('$30M');
    expect(formatMoneyCompact(8519655.21, 'USD')).toBe('$8.5M');
    expect(formatMoneyCompact(887599, 'USD')).toBe('$887.6K');
    expect(formatMoneyCompact(0, 'USD')).toBe('$0');
    expect(formatMoneyCompact(null, 'USD')).toBe('—');
  });
});

describe('formatRatio', () => {
  it('writes a ratio as a percentage', () => {
    expect(formatRatio(0.448137)).toBe('44.8%');
    expect(formatRatio(2.001004)).toBe('200.1%');
    expect(formatRatio(0.05, 0)).toBe('5%');
    expect(formatRatio(0)).toBe('0.0%');
  });

  it('writes a ratio with no denominator (null) as a dash, never NaN or Infinity', () => {
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('dates and times', () => {
  it('writes a date as its day in UTC', () => {
    expect(formatDate('2026-11-29')).toBe('29 Nov 2026');
    expect(formatDate('2026-10-01T00:00:00.000Z')).toBe('1 Oct 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('writes an instant in UTC with its time, whatever the zone it was given in', () => {
    expect(formatInstant('2026-11-23T23:17:47.379Z')).toBe('23 Nov 2026, 23:17 UTC');
    expect(formatInstant('2026-11-24T01:17:00+02:00')).toBe('23 Nov 2026, 23:17 UTC');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(formatAge('2026-11-23T11:59:30Z', now)).toBe('30 s ago');
    expect(formatAge('2026-11-23T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAge('2026-11-22T12:00:00Z', now)).toBe('24 h ago');
    expect(formatAge('2026-11-13T12:00:00Z', now)).toBe('10 days ago');
    expect(formatAge(null, now)).toBe('never');
  });
});

describe('words', () => {
  it('counts with the right plural', () => {
    expect(formatCount(1, 'deal group')).toBe('1 deal group');
    expect(formatCount(1500, 'deal group')).toBe('1,500 deal groups');
    expect(formatCount(2, 'possible duplicate')).toBe('2 possible duplicates');
  });

  it('turns codes into words', () => {
    expect(humanize('closed_won')).toBe('Closed won');
    expect(humanize('in_progress')).toBe('In progress');
    expect(humanize(null)).toBe('—');
  });
});
