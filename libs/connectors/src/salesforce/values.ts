/**
 * Salesforce's JSON value formats, read strictly: datetimes
 * `yyyy-MM-ddTHH:mm:ss.SSS+0000`, dates `yyyy-MM-dd`, numbers as JSON numbers,
 * percentages 0–100.
 */
const datetimeRe = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})$/;
const dateRe = /^\d{4}-\d{2}-\d{2}$/;

/** A Salesforce datetime as an ISO instant in UTC (`…Z`), or null when it is not one. */
export function isoInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = datetimeRe.exec(value);
  if (!m) return null;
  const zone = m[2] === 'Z' ? 'Z' : `${m[2].slice(0, 3)}:${m[2].slice(-2)}`;
  const ms = Date.parse(`${m[1]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A calendar date that exists (`2025-02-30` does not), or null. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || !dateRe.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value ? value : null;
}

/** A JSON number as a plain decimal string (never `1e+21`). */
export function decimalString(value: number): string {
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
