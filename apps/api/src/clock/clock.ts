/**
 * The product's clock: what "now" is for everything Alignboard itself decides
 * or stamps — default quarters and as-of instants, schedules, run and audit
 * times, the demo's data. A CRM's clock is not this one: sync cursors come
 * from the CRM's own stamps, never from here.
 *
 * `ALIGNBOARD_CLOCK` starts it at a given instant, running at real speed from
 * there, so the whole product can be run (and tested) at any date.
 */
export interface Clock {
  now(): Date;
}

/** Injection token of the process's `Clock`. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads `startMs` now and runs at the speed of `real` from there. */
export function clockStartingAt(startMs: number, real: () => number = Date.now): Clock {
  const offset = startMs - real();
  return { now: () => new Date(real() + offset) };
}

/** The process's clock from the validated `ALIGNBOARD_CLOCK` (an ISO instant), else the system's. */
export function clockFromEnv(env: { ALIGNBOARD_CLOCK?: string }): Clock {
  return env.ALIGNBOARD_CLOCK ? clockStartingAt(Date.parse(env.ALIGNBOARD_CLOCK)) : systemClock;
}
