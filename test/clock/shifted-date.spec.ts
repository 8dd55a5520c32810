import { describe, expect, it } from 'vitest';
import { shiftedDate } from './shifted-date.js';

// Against the real Date saved before any setup file could replace it.
const RealDate = Object.getPrototypeOf(new Date()).constructor as DateConstructor;

describe('shiftedDate', () => {
  const start = Date.UTC(2028, 1, 29, 23, 59, 59, 500);

  it('starts "now" at the given instant and runs at real speed from there', async () => {
    const Shifted = shiftedDate(RealDate, start);
    const first = Shifted.now();
    expect(first - start).toBeGreaterThanOrEqual(0);
    expect(first - start).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = new Shifted();
    // 600 ms later the 29th of February has become the 1st of March.
    expect(later.toISOString().slice(0, 10)).toBe('2028-03-01');
    expect(later.getTime() - first).toBeGreaterThanOrEqual(590);
    expect(later.getTime() - first).toBeLessThan(2_000);
    // `Date()` as a function: the same instant as a string (to the second).
    expect(Math.abs(RealDate.parse(Shifted()) - Shifted.now())).toBeLessThan(2_000);
  });

  it('leaves every date that is not "now" alone', () => {
    const Shifted = shiftedDate(RealDate, start);
    expect(new Shifted(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new Shifted('2027-04-01T00:05:00Z').getTime()).toBe(Date.UTC(2027, 3, 1, 0, 5));
    expect(new Shifted(2027, 5, 30).getMonth()).toBe(5);
    expect(Shifted.parse('2027-06-30T21:00:00Z')).toBe(Date.UTC(2027, 5, 30, 21));
    expect(Shifted.UTC(2028, 1, 29)).toBe(Date.UTC(2028, 1, 29));
    expect(new Shifted()).toBeInstanceOf(RealDate);
    expect(new RealDate(5)).toBeInstanceOf(Shifted);
  });

  it('can be extended, as fake timers and libraries do', () => {
    const Shifted = shiftedDate(RealDate, start);
    class Later extends Shifted {}
    const later = new Later();
    expect(later).toBeInstanceOf(Later);
    expect(later.getTime() - start).toBeLessThan(1_000);
  });
});
