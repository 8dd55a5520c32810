/**
 * How every view writes days and instants: in UTC like every figure (SPEC §5), whatever the
 * reader's zone. Nothing here reads a clock: an age is measured against the `nowMs` it is given.
 */
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
const longDateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const dayOrInstant = (value: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);

/** `2026-11-29` or an instant → `29 Nov 2026` (the UTC day). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const instant = dayOrInstant(value);
  return Number.isNaN(instant.getTime()) ? value : dateFormat.format(instant);
}

/** `2026-04-16` → `Thursday 16 April 2026` (a meeting date is a UTC calendar day). */
export function formatLongDate(value: string): string {
  const instant = dayOrInstant(value);
  return Number.isNaN(instant.getTime()) ? value : longDateFormat.format(instant);
}

/** `23 Nov 2026, 23:17 UTC` */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return `${dateFormat.format(instant)}, ${timeFormat.format(instant)} UTC`;
}

/** `2026-07-15 00:00 UTC`: an as-of in documents a finance partner files (sortable, to the minute). */
export function formatUtcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
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
