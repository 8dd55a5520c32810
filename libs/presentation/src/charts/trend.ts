import * as Plot from '@observablehq/plot';
import type { TrendPoint } from '@alignboard/contracts';
import { formatMoney, formatMoneyCompact } from '../money.js';
import { baseStyle, type ChartContext } from './chart-options.js';
import { palette } from '../palette.js';

export interface TrendRow {
  quarter: string;
  series: string;
  amount: number;
}

/** Each series has a colour and a dash pattern, so it reads in greyscale too. */
export const trendSeries = [
  { label: 'Joint number', color: palette.ink, dash: 'none', value: (p: TrendPoint) => p.joint.total },
  { label: 'Closed won', color: palette.closedWon, dash: 'none', value: (p: TrendPoint) => p.joint.closedWon },
  { label: 'Commit at start', color: palette.commit, dash: '7 4', value: (p: TrendPoint) => p.call.commitAtStart },
  { label: 'Partner sourced', color: palette.upside, dash: '2 4', value: (p: TrendPoint) => p.split.sourced.total },
] as const;

/** A quarter that has not started has no call: its point is left out rather than drawn at 0. */
export function trendRows(trend: TrendPoint[]): TrendRow[] {
  return trendSeries.flatMap((s) =>
    trend.flatMap((p) => {
      const amount = s.value(p);
      return amount === null ? [] : [{ quarter: p.quarter, series: s.label, amount }];
    }),
  );
}

/** The joint number over the quarters, with closed won, the call at each start and the sourced part. */
export function trendChart(trend: TrendPoint[], chosen: string, context: ChartContext): Plot.PlotOptions {
  const { currency } = context;
  const rows = trendRows(trend);
  return {
    width: context.width,
    height: 320,
    marginLeft: 70,
    marginRight: 20,
    style: baseStyle,
    x: { type: 'point', label: null, domain: trend.map((p) => p.quarter), padding: 0.3 },
    y: { label: null, grid: true, zero: true, tickFormat: (v: number) => formatMoneyCompact(v, currency), ticks: 5 },
    color: { legend: true, domain: trendSeries.map((s) => s.label), range: trendSeries.map((s) => s.color) },
    marks: [
      Plot.ruleX([chosen], { stroke: palette.grid, strokeWidth: 28, className: 'chosen-quarter' }),
      ...trendSeries.map((s) =>
        Plot.lineY(
          rows.filter((r) => r.series === s.label),
          { x: 'quarter', y: 'amount', stroke: 'series', strokeWidth: 3, strokeDasharray: s.dash === 'none' ? undefined : s.dash, className: `trend-${s.label.toLowerCase().replace(/ /g, '-')}` },
        ),
      ),
      Plot.dot(rows, {
        x: 'quarter',
        y: 'amount',
        fill: 'series',
        r: 4,
        title: (d: TrendRow) => `${d.quarter} · ${d.series}: ${formatMoney(d.amount, currency)}`,
      }),
    ],
  };
}
