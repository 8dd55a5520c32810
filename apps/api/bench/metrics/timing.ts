/** Wall-clock helpers for `bench:metrics`: every figure is a median of warm runs. */

export const now = () => Number(process.hrtime.bigint()) / 1e6;

export function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Repeat {
  /** Untimed calls first (JIT, caches, plans). */
  warmup: number;
  /** Timed calls: at least `min`, then until `max` or `budgetMs` of timed work. */
  min: number;
  max: number;
  budgetMs: number;
}

/** Times `call(i)` one call at a time; returns the per-call times in ms. */
export async function timeEach(
  repeat: Repeat,
  call: (i: number) => unknown | Promise<unknown>,
): Promise<number[]> {
  for (let i = 0; i < repeat.warmup; i++) await call(i);
  const times: number[] = [];
  let spent = 0;
  for (let i = 0; i < repeat.max && (i < repeat.min || spent < repeat.budgetMs); i++) {
    const started = now();
    await call(repeat.warmup + i);
    const ms = now() - started;
    times.push(ms);
    spent += ms;
  }
  return times;
}

/** The same for synchronous work, without an await between calls (nothing but the call is timed). */
export function timeEachSync(repeat: Repeat, call: (i: number) => unknown): number[] {
  for (let i = 0; i < repeat.warmup; i++) call(i);
  const times: number[] = [];
  let spent = 0;
  for (let i = 0; i < repeat.max && (i < repeat.min || spent < repeat.budgetMs); i++) {
    const started = now();
    call(repeat.warmup + i);
    const ms = now() - started;
    times.push(ms);
    spent += ms;
  }
  return times;
}

export const ms = (value: number) =>
  value < 1
    ? `${(value * 1000).toFixed(0)} µs`
    : value < 100
      ? `${value.toFixed(2)} ms`
      : value < 10_000
        ? `${value.toFixed(0)} ms`
        : `${(value / 1000).toFixed(1)} s`;
export const times = (ratio: number) => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
export const count = (n: number) => n.toLocaleString('en-US');
