/**
 * A `Date` that reads the real clock plus a fixed offset: it starts at a
 * chosen instant and runs at real speed from there, exactly as the product's
 * `clockStartingAt` (apps/api/src/clock/clock.ts) does. Only "now" moves —
 * `new Date()`, `Date()` and `Date.now()`; every other use (`new Date(ms)`,
 * `Date.parse`, `Date.UTC`, `instanceof Date`) is the real `Date`'s.
 *
 * A proxy rather than fake timers: it has no ticking interval, so time does
 * not stand still while the event loop is busy nor drift behind the processes
 * a test spawns, and when a test installs and then removes fake timers of its
 * own, they restore this `Date`, not the real one.
 */
export function shiftedDate(RealDate: DateConstructor, startMs: number): DateConstructor {
  const offset = startMs - RealDate.now();
  const now = () => RealDate.now() + offset;
  return new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget: NewableFunction) =>
      Reflect.construct(target, args.length ? args : [now()], newTarget),
    // `Date()` called as a function answers the current time as a string.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
