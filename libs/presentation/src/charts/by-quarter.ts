import * as Plot from '@observablehq/plot';
import type { TrendPoint } from '@alignboard/contracts';
import { formatMoney, formatMoneyCompact } from '../money.js';
import { baseStyle, moneyAxis, type ChartContext } from './chart-options.js';
import { categorySeries, palette } from '../palette.js';

export interface CategoryRow {
  quarter: string;
  series: string;
  amount: number;
}

/** One row per quarter and part of the joint number (closed won, commit, upside, pipeline). */
export function categoryRows(trend: TrendPoint[]): CategoryRow[] {
  return trend.flatMap((point) =>
    categorySeries.map((s) => ({ quarter: point.quarter, series: s.label, amount: point.joint[s.key] })),
  );
}

/**
 * Commit vs upside vs closed won by quarter: stacked bars that add up to each quarter's joint
 * number (open + closed won), its value written on top; the chosen quarter is outlined.
 */
export function byQuarterChart(trend: TrendPoint[], chosen: string, context: ChartContext): Plot.PlotOptions {
  const { currency } = context;
  const totals = trend.map((p) => ({ quarter: p.quarter, total: p.joint.total }));
  return {
    width: context.width,
    height: 340,
    marginLeft: 70,
    marginTop: 30,
    style: baseStyle,
    x: { label: null, domain: trend.map((p) => p.quarter), padding: 0.25 },
    y: moneyAxis(currency, totals.map((t) => t.total), 5),
    color: {
      legend: true,
      domain: categorySeries.map((s) => s.label),
      range: categorySeries.map((s) => s.color),
    },
    marks: [
      Plot.barY(categoryRows(trend), {
        x: 'quarter',
        y: 'amount',
        fill: 'series',
        order: categorySeries.map((s) => s.label),
        title: (d: CategoryRow) => `${d.quarter} · ${d.series}: ${formatMoney(d.amount, currency)}`,
        className: 'category-bars',
      }),
      Plot.barY(
        totals.filter((t) => t.quarter === chosen),
        { x: 'quarter', y: 'total', fill: 'none', stroke: palette.ink, strokeWidth: 2.5, inset: -3, className: 'chosen-quarter' },
      ),
      Plot.text(totals, {
        x: 'quarter',
        y: 'total',
        text: (d: { total: number }) => (d.total ? formatMoneyCompact(d.total, currency) : ''),
        dy: -12,
        fontWeight: 600,
        fill: palette.ink,
        className: 'total-labels',
      }),
      Plot.ruleY([0], { stroke: palette.muted }),
    ],
  };
}
