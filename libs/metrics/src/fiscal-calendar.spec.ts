import { describe, expect, it } from 'vitest';
import { quarterBounds, quarterOf, quarterRange, shiftQuarter } from './fiscal-calendar.js';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const span = (q: string, startMonth: number, namedBy: 'start' | 'end' = 'start') => {
  const b = quarterBounds(q, { startMonth, namedBy });
  return [iso(b.startMs), iso(b.endMs)];
};

describe('fiscal quarters (SPEC §3)', () => {
  it('start month 1: 2026-Q2 is April–June 2026', () => {
    expect(span('2026-Q2', 1)).toEqual(['2026-04-01', '2026-07-01']);
  });
  it('start month 2: 2026-Q2 is May–July 2026, and Q4 runs into the next calendar year', () => {
    expect(span('2026-Q2', 2)).toEqual(['2026-05-01', '2026-08-01']);
    expect(span('2026-Q4', 2)).toEqual(['2026-11-01', '2027-02-01']);
  });
  it('years named by their end start in the previous calendar year, unless they start in January', () => {
    expect(span('2026-Q1', 2, 'end')).toEqual(['2025-02-01', '2025-05-01']);
    expect(span('2026-Q1', 1, 'end')).toEqual(['2026-01-01', '2026-04-01']);
  });
  it('quarterOf is the inverse of quarterBounds', () => {
    const cal = { startMonth: 2, namedBy: 'start' as const };
    expect(quarterOf(Date.UTC(2026, 3, 20), cal)).toBe('2026-Q1'); // 20 April: Feb–Apr
    expect(quarterOf(Date.UTC(2027, 0, 31, 23, 59), cal)).toBe('2026-Q4');
    expect(quarterOf(Date.UTC(2025, 1, 1), { startMonth: 2, namedBy: 'end' })).toBe('2026-Q1');
  });
  it('shifts and ranges across years; a malformed quarter is refused', () => {
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftQuarter('2026-Q1', -3)).toBe('2025-Q2');
    expect(quarterRange('2025-Q3', '2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(() => quarterBounds('2026-Q5', { startMonth: 1, namedBy: 'start' })).toThrow(/2026-Q5/);
  });
  it('years named by their end, starting in January, are the calendar year; a quarter is the whole text', () => {
    expect(quarterOf(Date.UTC(2026, 3, 20), { startMonth: 1, namedBy: 'end' })).toBe('2026-Q2');
    expect(() => quarterBounds('x2026-Q2', { startMonth: 1, namedBy: 'start' })).toThrow(/x2026-Q2/);
    expect(() => quarterBounds('2026-Q2x', { startMonth: 1, namedBy: 'start' })).toThrow(/2026-Q2x/);
    expect(() => shiftQuarter('2026-Q0', 1)).toThrow('expected a quarter like 2026-Q2, got "2026-Q0"');
  });
});
