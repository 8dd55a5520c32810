/**
 * How the dashboard writes numbers, ratios and times. One locale (en-US) so that what the room
 * reads and what the tests read are the same; money in the partnership's base currency; time in
 * UTC like every figure (SPEC §5).
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();
const compactFormats = new Map<string, Intl.NumberFormat>();

/** `$29,988,507.54`: to the cent, as the API gives it. */
export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(currency, format);
  }
  // -0 would print as "-$0.00".
  return format.format(value === 0 ? 0 : value);
}

/** `$30M`, `$8.5M`, `$950K`: for axes and small print, never for the figure itself. */
export function formatMoneyCompact(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  let format = compactFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    compactFormats.set(currency, format);
  }
  return format.format(value === 0 ? 0 : value);
}

/** `44.8%`; a ratio with no denominator (null) is `—`, never `NaN%`. */
export function formatRatio(value: number | null | undefined, fractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(fractionDigits)}%`;
}

export function formatCount(value: number, singular: string, plural = `${singular}s`): string {
  return `${value.toLocaleString('en-US')} ${value === 1 ? singular : plural}`;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** `2026-11-29` or an instant → `29 Nov 2026` (the UTC day). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const instant = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(instant.getTime()) ? value : dateFormat.format(instant);
}

/** `23 Nov 2026, 23:17 UTC` */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return `${dateFormat.format(instant)}, ${timeFormat.format(instant)} UTC`;
}

/** `3 min ago`, `2 h ago`, `5 days ago`: how fresh a sync is, against the page's clock. */
export function formatAge(value: string | null | undefined, nowMs: number): string {
  if (!value) return 'never';
  const seconds = Math.round((nowMs - new Date(value).getTime()) / 1000);
  if (seconds < 0) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** `closed_won` → `Closed won`; `in_progress` → `In progress`. */
export function humanize(code: string | null | undefined): string {
  if (!code) return '—';
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
