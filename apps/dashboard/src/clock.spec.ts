import { describe, expect, it } from 'vitest';
import { createServerClock } from './clock.js';
import type { HealthReading } from './health.js';

/** A browser clock the test moves by hand. */
function browser(startMs: number) {
  let ms = startMs;
  return { now: () => ms, advance: (by: number) => void (ms += by) };
}

describe('the dashboard clock', () => {
  it("reads the server's now, measured at the middle of the health request", async () => {
    // The browser thinks it is 2026-12-08 10:00:00; the server answers 2028-02-29T12:00:00Z after a 200 ms round trip.
    const b = browser(Date.UTC(2026, 11, 8, 10));
    const clock = createServerClock(async () => {
      b.advance(200);
      return { api: 'up', database: 'up', now: '2028-02-29T12:00:00.000Z' };
    }, b.now);
    await clock.ready();
    expect(clock.isReady()).toBe(true);
    // Back at the browser 100 ms after the server read its clock.
    expect(new Date(clock.nowMs()).toISOString()).toBe('2028-02-29T12:00:00.100Z');
    b.advance(12 * 3_600_000);
    expect(clock.today()).toBe('2028-03-01');
  });

  it('asks the server once for every page that waits for it', async () => {
    let asked = 0;
    const clock = createServerClock(async () => {
      asked++;
      return { api: 'up', database: 'up', now: '2027-04-01T00:05:00Z' };
    }, browser(0).now);
    await Promise.all([clock.ready(), clock.ready(), clock.ready()]);
    expect(asked).toBe(1);
    expect(clock.today()).toBe('2027-04-01');
  });

  it("keeps the browser's clock when the server does not answer, or says no time", async () => {
    const b = browser(Date.UTC(2027, 5, 30, 21));
    const readings: HealthReading[] = [
      { api: 'down', reason: 'no answer from the server' },
      { api: 'up', database: 'down', now: null },
    ];
    for (const reading of readings) {
      const clock = createServerClock(async () => reading, b.now);
      await clock.ready();
      expect(clock.isReady()).toBe(true);
      expect(clock.nowMs()).toBe(Date.UTC(2027, 5, 30, 21));
    }
  });

  it('is not ready before the first answer', () => {
    const clock = createServerClock(() => new Promise<HealthReading>(() => undefined), browser(0).now);
    void clock.ready();
    expect(clock.isReady()).toBe(false);
  });
});
