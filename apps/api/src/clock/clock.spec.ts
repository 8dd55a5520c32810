import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env.js';
import { clockFromEnv, clockStartingAt } from './clock.js';

describe('clock', () => {
  it('starts at the given instant and runs at the speed of the real clock', () => {
    let real = 1_000_000;
    const clock = clockStartingAt(Date.parse('2028-02-29T23:59:59.000Z'), () => real);
    expect(clock.now().toISOString()).toBe('2028-02-29T23:59:59.000Z');
    real += 1500;
    expect(clock.now().toISOString()).toBe('2028-03-01T00:00:00.500Z');
  });

  it('reads ALIGNBOARD_CLOCK from the environment, and refuses an instant it cannot read', () => {
    const env = loadEnv({ ALIGNBOARD_CLOCK: '2027-03-31T23:30:00Z' });
    const drift = clockFromEnv(env).now().getTime() - Date.parse('2027-03-31T23:30:00Z');
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(5_000);
    expect(() => loadEnv({ ALIGNBOARD_CLOCK: '31/03/2027' })).toThrow(/ALIGNBOARD_CLOCK/);
  });

  it('is the system clock when ALIGNBOARD_CLOCK is unset', () => {
    const drift = Math.abs(clockFromEnv(loadEnv({})).now().getTime() - Date.now());
    expect(drift).toBeLessThan(1_000);
  });
});
