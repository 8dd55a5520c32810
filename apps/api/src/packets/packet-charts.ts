import type { MotionTrendPoint } from '@alignboard/contracts';

/**
 * Produced vs forecast per quarter as a small grouped bar chart, written as
 * plain SVG on the server: the same markup is inlined in the HTML page and
 * drawn by the PDF renderer, so it uses only attributes both understand (no
 * CSS classes, no scripts).
 */
const width = 480;
const height = 180;
const top = 30;
const bottom = 20;
const left = 8;
const barWidth = 34;
const colors = { forecast: '#c9d3e0', produced: '#2f6db5', text: '#333333', axis: '#888888' };

export function trendChartSvg(trend: MotionTrendPoint[]): string {
  const max = Math.max(0, ...trend.flatMap((p) => [p.forecast ?? 0, p.produced]));
  const plot = height - top - bottom;
  const slot = (width - left * 2) / Math.max(1, trend.length);
  const y = (v: number) => top + plot - (max > 0 ? (v / max) * plot : 0);
  const parts: string[] = [];
  trend.forEach((p, i) => {
    const x = left + i * slot + (slot - barWidth * 2 - 4) / 2;
    if (p.forecast !== null)
      parts.push(
        bar(x, y(p.forecast), top + plot, colors.forecast),
        label(x + barWidth / 2, y(p.forecast) - 4, compact(p.forecast)),
      );
    parts.push(
      bar(x + barWidth + 4, y(p.produced), top + plot, colors.produced),
      label(x + barWidth * 1.5 + 4, y(p.produced) - 4, compact(p.produced)),
    );
    parts.push(label(left + i * slot + slot / 2, height - bottom + 14, p.quarter, 10));
  });
  parts.push(
    `<line x1="${left}" y1="${top + plot}" x2="${width - left}" y2="${top + plot}" stroke="${colors.axis}" stroke-width="1"/>`,
  );
  parts.push(legend(left, 10));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Produced vs forecast by quarter">${parts.join('')}</svg>`;
}

function bar(x: number, y: number, base: number, fill: string): string {
  const h = Math.max(0, base - y);
  return `<rect x="${r(x)}" y="${r(base - h)}" width="${barWidth}" height="${r(h)}" fill="${fill}"/>`;
}

function label(x: number, y: number, text: string, size = 9): string {
  return `<text x="${r(x)}" y="${r(y)}" font-size="${size}" font-family="Helvetica, Arial, sans-serif" fill="${colors.text}" text-anchor="middle">${text}</text>`;
}

function legend(x: number, y: number): string {
  const key = (dx: number, fill: string, text: string) =>
    `<rect x="${dx}" y="${y - 8}" width="9" height="9" fill="${fill}"/><text x="${dx + 13}" y="${y}" font-size="9" font-family="Helvetica, Arial, sans-serif" fill="${colors.text}">${text}</text>`;
  return key(x, colors.forecast, 'Forecast') + key(x + 70, colors.produced, 'Produced');
}

/** `1.2M`, `210k`, `950`: a bar's label, not a figure to read money from. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return String(Math.round(value));
}

const trim = (n: number) => (Math.round(n * 10) / 10).toString();
const r = (n: number) => Math.round(n * 10) / 10;
