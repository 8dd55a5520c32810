/** `2026-Q1 to 2026-Q2`, or `2026-Q2` alone: the quarters a document covers. */
export function formatQuarterRange(from: string, to: string): string {
  return from === to ? from : `${from} to ${to}`;
}

/** `2026-04-01 to 2026-06-30`: a quarter's first and last UTC day, from its half-open [start, end) instants. */
export function formatQuarterDays(start: string, end: string): string {
  return `${start.slice(0, 10)} to ${new Date(Date.parse(end) - 1).toISOString().slice(0, 10)}`;
}
