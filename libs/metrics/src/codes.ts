import { forecastCategories, type ForecastCategory } from '@alignboard/contracts';

/** Forecast categories as small integers in typed columns, in the order of the contract's list. */
export const categoryCode = Object.fromEntries(forecastCategories.map((c, i) => [c, i])) as Record<ForecastCategory, number>;
export const PIPELINE = 0;
export const UPSIDE = 1;
export const COMMIT = 2;
export const CLOSED_WON = 3;
export const CLOSED_LOST = 4;
export const OMITTED = 5;
/** No category known: counted in no sum. */
export const NO_CATEGORY = 255;

export const SOURCED = 0;
export const INFLUENCED = 1;
/** No attribution, or one the mapping does not name. */
export const NO_ATTRIBUTION = -1;
/** No motion, or a value that is no motion's key. */
export const NO_MOTION = -1;
/** A record without a close date: in no quarter. */
export const NO_DAY = -2147483648;

export const SIDE_A = 0;
export const SIDE_B = 1;

export const DAY_MS = 86_400_000;

export function categoryName(code: number): ForecastCategory | null {
  return code === NO_CATEGORY ? null : forecastCategories[code];
}

/** `YYYY-MM-DD` as days since 1970-01-01 (UTC). */
export function dayOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Money is rounded to cents only at output (SPEC §5). */
export const money = (n: number): number => Math.round(n * 100) / 100 + 0;
/** Ratios to 6 decimals; a zero denominator is null, never Infinity or NaN. */
export const ratio = (numerator: number, denominator: number | null): number | null =>
  denominator === null || denominator === 0 ? null : Math.round((numerator / denominator) * 1e6) / 1e6 + 0;

export function attributionName(code: number): 'sourced' | 'influenced' {
  if (code === SOURCED) return 'sourced';
  if (code === INFLUENCED) return 'influenced';
  throw new RangeError(`no attribution has code ${code}`);
}
