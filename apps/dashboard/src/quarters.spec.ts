import { describe, expect, it } from 'vitest';
import { asOfFromPicker, asOfToPicker, boardPackWindow, defaultQuarter, quarterChoices, quarterMonths, trendWindow } from './quarters.js';

const calendarYear = { startMonth: 1, namedBy: 'start' as const };
const february = { startMonth: 2, namedBy: 'start' as const };

describe('defaultQuarter', () => {
  it('is the fiscal quarter of now, or of the as-of instant when one is chosen', () => {
    const now = Date.parse('2026-11-23T23:00:00Z');
    expect(defaultQuarter(calendarYear, undefined, now)).toBe('2026-Q4');
    expect(defaultQuarter(calendarYear, '2026-05-01T00:00:00Z', now)).toBe('2026-Q2');
    // With a year starting in February, November opens Q4 (Nov–Jan).
    expect(defaultQuarter(february, undefined, now)).toBe('2026-Q4');
    expect(defaultQuarter(february, '2026-02-01T00:00:00Z', now)).toBe('2026-Q1');
    expect(defaultQuarter(february, '2026-01-31T23:59:59Z', now)).toBe('2025-Q4');
  });
});

describe('quarterChoices', () => {
  it('offers two years back and two quarters ahead, newest first', () => {
    const choices = quarterChoices('2026-Q4');
    expect(choices[0]).toBe('2027-Q2');
    expect(choices.at(-1)).toBe('2024-Q4');
    expect(choices).toHaveLength(11);
  });

  it('keeps a chosen quarter outside that range', () => {
    expect(quarterChoices('2026-Q4', '2019-Q1').at(-1)).toBe('2019-Q1');
  });
});

describe('windows', () => {
  it('draws the trend over the six quarters before the chosen one and the next', () => {
    expect(trendWindow('2026-Q1')).toEqual({ from: '2024-Q3', to: '2026-Q2' });
  });

  it('makes the board pack of the year ending with the chosen quarter', () => {
    expect(boardPackWindow('2026-Q1')).toEqual({ from: '2025-Q2', to: '2026-Q1' });
  });
});

describe('quarterMonths', () => {
  it('names the months of a quarter under the partnership calendar', () => {
    expect(quarterMonths('2026-Q4', calendarYear)).toBe('Oct–Dec 2026');
    expect(quarterMonths('2026-Q4', february)).toBe('Nov 2026–Jan 2027');
  });
});

describe('the as-of picker', () => {
  it('reads the picker’s local date-time as UTC', () => {
    expect(asOfFromPicker('2026-09-30T18:00')).toBe('2026-09-30T18:00:00.000Z');
    expect(asOfFromPicker('')).toBeUndefined();
    expect(asOfFromPicker('garbage')).toBeUndefined();
  });

  it('writes an instant back in the picker’s format, in UTC', () => {
    expect(asOfToPicker('2026-10-01T02:30:00+02:00')).toBe('2026-10-01T00:30');
    expect(asOfToPicker(undefined)).toBe('');
  });
});
