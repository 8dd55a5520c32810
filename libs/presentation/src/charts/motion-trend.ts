import * as Plot from '@observablehq/plot';
import type { MotionTrendPoint } from '@alignboard/contracts';
import { formatMoney, formatMoneyCompact } from '../money.js';
import { palette } from '../palette.js';
import { baseStyle, moneyAxis, type ChartContext } from './chart-options.js';

export interface MotionTrendRow {
  quarter: string;
  series: 'Forecast' | 'Produced';
  amount: number;
}

/** Forecast beside produced: the target pale, what came in in the on-track blue. */
export const motionTrendSeries = [
  { label: 'Forecast', color: palette.grid },
  { label: 'Produced', color: palette.onTrack },
] as const;

/** A quarter without a forecast has no forecast bar, rather than one drawn at 0. */
export function motionTrendRows(trend: MotionTrendPoint[]): MotionTrendRow[] {
  return trend.flatMap((p): MotionTrendRow[] => [
    ...(p.forecast === null ? [] : [{ quarter: p.quarter, series: 'Forecast' as const, amount: p.forecast }]),
    { quarter: p.quarter, series: 'Produced', amount: p.produced },
  ]);
}

/** Produced vs forecast per quarter of one motion (the prework packet's motion pages), each bar labelled in short form. */
export function motionTrendChart(trend: MotionTrendPoint[], context: ChartContext): Plot.PlotOptions {
  const { currency } = context;
  const rows = motionTrendRows(trend);
  return {
    width: context.width,
    height: 260,
    marginLeft: 70,
    marginTop: 30,
    style: baseStyle,
    fx: { label: null, domain: trend.map((p) => p.quarter), padding: 0.2 },
    x: { axis: null, domain: motionTrendSeries.map((s) => s.label), padding: 0.1 },
    y: moneyAxis(currency, rows.map((r) => r.amount), 4),
    color: { legend: true, domain: motionTrendSeries.map((s) => s.label), range: motionTrendSeries.map((s) => s.color) },
    marks: [
      Plot.barY(rows, {
        fx: 'quarter',
        x: 'series',
        y: 'amount',
        fill: 'series',
        title: (d: MotionTrendRow) => `${d.quarter} · ${d.series}: ${formatMoney(d.amount, currency)}`,
        className: 'motion-trend-bars',
      }),
      Plot.text(rows, {
        fx: 'quarter',
        x: 'series',
        y: 'amount',
        text: (d: MotionTrendRow) => formatMoneyCompact(d.amount, currency),
        dy: -10,
        fill: palette.ink,
        className: 'motion-trend-labels',
      }),
      Plot.ruleY([0], { stroke: palette.muted }),
    ],
  };
}
