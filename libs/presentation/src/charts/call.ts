import * as Plot from '@observablehq/plot';
import type { QuarterCall } from '@alignboard/contracts';
import { formatMoney, formatMoneyCompact } from '../money.js';
import { formatRatio } from '../ratio.js';
import { baseStyle, type ChartContext } from './chart-options.js';
import { palette } from '../palette.js';

export interface CallSegment {
  row: string;
  part: string;
  amount: number;
  color: string;
}

const CALLED = 'Called at start';
const CAME_IN = 'Closed won';

/** The call (commit and upside at the quarter's first instant) and what closed won since. */
export function callSegments(call: QuarterCall): CallSegment[] {
  return [
    { row: CALLED, part: 'Commit at start', amount: call.commitAtStart ?? 0, color: palette.commit },
    { row: CALLED, part: 'Upside at start', amount: call.upsideAtStart ?? 0, color: palette.upside },
    { row: CAME_IN, part: 'Closed won', amount: call.closedWon, color: palette.closedWon },
  ];
}

/**
 * How the quarter came in against the call at its start: the called commit + upside as one
 * stacked bar, closed won under it, and a rule at the commit so "above or below the call" reads
 * without numbers. Null when the quarter has not started (there is no call yet).
 */
export function callChart(call: QuarterCall, context: ChartContext): Plot.PlotOptions | null {
  if (call.commitAtStart === null) return null;
  const { currency } = context;
  const segments = callSegments(call);
  const labels = [
    { row: CALLED, x: (call.commitAtStart ?? 0) + (call.upsideAtStart ?? 0), text: formatMoneyCompact((call.commitAtStart ?? 0) + (call.upsideAtStart ?? 0), currency) },
    {
      row: CAME_IN,
      // Past the dashed commit rule when closed won is under it: the label never sits on the dashes.
      x: Math.max(call.closedWon, call.commitAtStart ?? 0),
      text: `${formatMoneyCompact(call.closedWon, currency)} · ${formatRatio(call.vsCommit)} of commit`,
    },
  ];
  return {
    width: context.width,
    height: 190,
    marginLeft: 130,
    marginRight: 200,
    style: baseStyle,
    y: { label: null, domain: [CALLED, CAME_IN], padding: 0.3 },
    x: { label: null, grid: true, tickFormat: (v: number) => formatMoneyCompact(v, currency), ticks: 4 },
    color: { legend: true, domain: segments.map((s) => s.part), range: segments.map((s) => s.color) },
    marks: [
      Plot.barX(segments, {
        y: 'row',
        x: 'amount',
        fill: 'part',
        title: (d: CallSegment) => `${d.part}: ${formatMoney(d.amount, currency)}`,
        className: 'call-bars',
      }),
      Plot.ruleX([call.commitAtStart], { stroke: palette.ink, strokeWidth: 2, strokeDasharray: '6 4', className: 'commit-rule' }),
      Plot.text(labels, { y: 'row', x: 'x', text: 'text', textAnchor: 'start', dx: 8, fontWeight: 600, fill: palette.ink, stroke: 'white', strokeWidth: 5 }),
      Plot.ruleX([0], { stroke: palette.muted }),
    ],
  };
}
