/**
 * Salesforce's JSON value formats, read strictly: datetimes
 * `yyyy-MM-ddTHH:mm:ss.SSS+0000`, dates `yyyy-MM-dd`, numbers as JSON numbers,
 * percentages 0–100.
 */
const datetimeRe = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})$/;
const dateRe = /^\d{4}-\d{2}-\d{2}$/;
/** Parsed values by their text: stamps and dates repeat across a page's records and rows. */
const instants = new Map<string, string | null>();
const dates = new Map<string, boolean>();

/** A Salesforce datetime as an ISO instant in UTC (`…Z`), or null when it is not one. */
export function isoInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let instant = instants.get(value);
  if (instant === undefined) {
    const canonical = canonicalInstant(value);
    instant = canonical === undefined ? anyInstant(value) : canonical;
    if (instants.size >= 10_000) instants.clear();
    instants.set(value, instant);
  }
  return instant;
}

function anyInstant(value: string): string | null {
  const m = datetimeRe.exec(value);
  if (!m) return null;
  const zone = m[2] === 'Z' ? 'Z' : `${m[2].slice(0, 3)}:${m[2].slice(-2)}`;
  const ms = Date.parse(`${m[1]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const canonicalRe = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}:\d{2}\.\d{3}(?:Z|\+0000)$/;
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * The common case read without building a Date: Salesforce's own UTC form
 * whose fields are in range is already the instant, written with `Z`.
 * Undefined when the general reading must decide (other zones, dates that roll over).
 */
function canonicalInstant(value: string): string | null | undefined {
  const m = canonicalRe.exec(value);
  if (!m) return undefined;
  const utc = `${value.slice(0, 23)}Z`;
  if (Number.isNaN(Date.parse(utc))) return null;
  const [year, month, day, hour] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const days = month === 2 && leap(year) ? 29 : monthDays[month - 1];
  return hour <= 23 && day >= 1 && day <= days ? utc : undefined;
}

/** A calendar date that exists (`2025-02-30` does not), or null. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let valid = dates.get(value);
  if (valid === undefined) {
    const ms = dateRe.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
    valid = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
    if (dates.size >= 10_000) dates.clear();
    dates.set(value, valid);
  }
  return valid ? value : null;
}

const plainDecimal = /^-?\d+(?:\.\d{1,20})?$/;

/** A JSON number as a plain decimal string (never `1e+21`). */
export function decimalString(value: number): string {
  // String() already prints most amounts that way, at a fraction of Intl's cost.
  const plain = String(value);
  if (plainDecimal.test(plain) && !Object.is(value, -0)) return plain;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** Salesforce percentages are 0–100; ours are 0–1. */
export function fraction(percent: number): number {
  return Number((percent / 100).toFixed(6));
}

/** A picklist or text value trimmed, with empty as null; checkboxes and numbers read as their text. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

/** Salesforce ids: 15 case-sensitive characters, or 18 with the case-safe suffix. */
export const salesforceIdPattern = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
