import { beforeEach, vi } from 'vitest';
import { shiftedDate } from './shifted-date.js';

/**
 * Every vitest project's setup file: with ALIGNBOARD_CLOCK set, this test
 * process runs at that instant — its `Date` starts there and runs at real
 * speed — so test code and the product code it runs in-process agree on
 * "now". Processes a test spawns (the e2e demo, CLI runs) inherit the
 * variable and run the product's own clock from it (apps/api/src/clock).
 * Unset, nothing changes.
 */
const instant = process.env.ALIGNBOARD_CLOCK;
if (instant) {
  const startMs = Date.parse(instant);
  if (Number.isNaN(startMs)) throw new Error(`ALIGNBOARD_CLOCK must be an ISO instant like 2028-02-29T12:00:00Z, not ${instant}`);
  // Once per process: a worker that runs several files keeps one clock, as a product process does.
  const installed = Symbol.for('alignboard.shiftedDate');
  const global = globalThis as typeof globalThis & { [installed]?: DateConstructor };
  global[installed] ??= shiftedDate(Date, startMs);
  const shifted = global[installed];
  globalThis.Date = shifted;
  // `vi.useRealTimers()` after `vi.setSystemTime()` alone puts the real Date back: the next test gets this one again.
  beforeEach(() => {
    if (globalThis.Date !== shifted && !vi.isFakeTimers()) globalThis.Date = shifted;
  });
}
