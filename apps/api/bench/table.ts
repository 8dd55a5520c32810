/** A plain aligned table: the first row is the header; numbers right-aligned. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const numeric = (s: string) => /^[\d.,×%≥≤ -]+$/.test(s) && /\d/.test(s);
  const line = (r: string[]) => r.map((cell, c) => (numeric(cell) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
