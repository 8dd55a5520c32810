import { describe, expect, it, vi } from 'vitest';

/** The wall clock, read past Date: what "today" really is. */
const realNow = () => performance.timeOrigin + performance.now();
const instant = process.env.ALIGNBOARD_CLOCK;
/** Where this process's "now" should be: near ALIGNBOARD_CLOCK (it started there moments ago), else the real time. */
const expectNearNow = (ms: number) => {
  if (instant) {
    expect(ms - Date.parse(instant)).toBeGreaterThanOrEqual(0);
    expect(ms - Date.parse(instant)).toBeLessThan(120_000);
  } else {
    expect(Math.abs(ms - realNow())).toBeLessThan(1_000);
  }
};

describe(`the test clock (ALIGNBOARD_CLOCK=${instant ?? 'unset'})`, () => {
  it('puts Date.now() and new Date() at ALIGNBOARD_CLOCK when it is set, and at the real time when not', () => {
    expectNearNow(Date.now());
    expectNearNow(new Date().getTime());
  });

  it("keeps that date through a test's own fake timers, and after it drops them", () => {
    vi.useFakeTimers();
    try {
      const start = Date.now();
      expectNearNow(start);
      vi.advanceTimersByTime(3_600_000);
      expect(Date.now() - start).toBe(3_600_000);
    } finally {
      vi.useRealTimers();
    }
    expectNearNow(Date.now());
  });

  it('restores it for the next test after vi.setSystemTime and vi.useRealTimers', () => {
    vi.setSystemTime(Date.UTC(2001, 0, 1));
    expect(new Date().getUTCFullYear()).toBe(2001);
    vi.useRealTimers();
  });

  it('is back on its date in the test after that', () => {
    expectNearNow(Date.now());
  });
});
