import { describe, expect, it } from 'vitest';
import { perSecondWindow, slidingWindowLimiter } from './request-limiter.js';

describe('perSecondWindow', () => {
  it('turns a rate into whole requests per window', () => {
    expect(perSecondWindow(4)).toEqual({ limit: 4, intervalMs: 1000 });
    expect(perSecondWindow(0.5)).toEqual({ limit: 1, intervalMs: 2000 });
    const { limit, intervalMs } = perSecondWindow(4.5);
    expect(limit).toBe(4);
    expect(intervalMs).toBeCloseTo(888.89, 2);
    expect(() => perSecondWindow(0)).toThrow(/above 0/);
  });
});

describe('slidingWindowLimiter', () => {
  it('starts `limit` jobs at once, the next one a window after the first', async () => {
    const limiter = slidingWindowLimiter({ limit: 3, intervalMs: 1000, maxConcurrent: 10 });
    const t0 = performance.now();
    const starts = await Promise.all(Array.from({ length: 5 }, () => limiter.schedule(async () => performance.now() - t0)));
    // Spaced 1/limit apart (the old way) the third would start at 667 ms; a busy machine may add a little.
    expect(starts.slice(0, 3).every((t) => t < 500)).toBe(true);
    // Timers may fire a millisecond early.
    expect(starts[3]).toBeGreaterThanOrEqual(999);
    expect(starts[4]).toBeGreaterThanOrEqual(999);
    await limiter.stop();
  });

  it('never runs more than maxConcurrent at once', async () => {
    const limiter = slidingWindowLimiter({ limit: 100, intervalMs: 1000, maxConcurrent: 2 });
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.schedule(async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 10));
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    await limiter.stop();
  });

  it('refuses the jobs still waiting when stopped', async () => {
    const limiter = slidingWindowLimiter({ limit: 1, intervalMs: 10_000, maxConcurrent: 5 });
    await limiter.schedule(async () => 'first');
    const waiting = limiter.schedule(async () => 'second');
    await limiter.stop();
    await expect(waiting).rejects.toThrow(/stopped/);
  });
});
