import * as Plot from '@observablehq/plot';
import type { AttributionSplit } from '@alignboard/contracts';
import { formatMoney, formatMoneyCompact } from '../money.js';
import { formatRatio } from '../ratio.js';
import { baseStyle, type ChartContext } from './chart-options.js';
import { palette } from '../palette.js';

export interface SplitSegment {
  attribution: string;
  part: string;
  amount: number;
}

const SOURCED = 'Partner sourced';
const INFLUENCED = 'Partner influenced';

export function splitSegments(split: AttributionSplit): SplitSegment[] {
  return [
    { attribution: SOURCED, part: 'Closed won', amount: split.sourced.closedWon },
    { attribution: SOURCED, part: 'Open', amount: split.sourced.open },
    { attribution: INFLUENCED, part: 'Closed won', amount: split.influenced.closedWon },
    { attribution: INFLUENCED, part: 'Open', amount: split.influenced.open },
  ];
}

/**
 * Sourced vs influenced: closed won and open per attribution, each bar's total and share written
 * beside it. Null when neither has any amount: there is nothing to compare.
 */
export function splitChart(split: AttributionSplit, jointTotal: number, context: ChartContext): Plot.PlotOptions | null {
  if (split.sourced.total === 0 && split.influenced.total === 0) return null;
  const { currency } = context;
  const share = (total: number) => (jointTotal > 0 ? total / jointTotal : null);
  const labels = [
    { attribution: SOURCED, total: split.sourced.total, share: split.sourcedShare },
    { attribution: INFLUENCED, total: split.influenced.total, share: share(split.influenced.total) },
  ];
  return {
    width: context.width,
    height: 190,
    marginLeft: 150,
    marginRight: 170,
    style: baseStyle,
    y: { label: null, domain: [SOURCED, INFLUENCED], padding: 0.3 },
    x: { label: null, grid: true, tickFormat: (v: number) => formatMoneyCompact(v, currency), ticks: 4 },
    color: { legend: true, domain: ['Closed won', 'Open'], range: [palette.closedWon, palette.pipeline] },
    marks: [
      Plot.barX(splitSegments(split), {
        y: 'attribution',
        x: 'amount',
        fill: 'part',
        title: (d: SplitSegment) => `${d.attribution} · ${d.part}: ${formatMoney(d.amount, currency)}`,
        className: 'split-bars',
      }),
      Plot.text(labels, {
        y: 'attribution',
        x: 'total',
        text: (d: (typeof labels)[number]) => `${formatMoneyCompact(d.total, currency)} · ${formatRatio(d.share)}`,
        textAnchor: 'start',
        dx: 8,
        fontWeight: 600,
        fill: palette.ink,
      }),
      Plot.ruleX([0], { stroke: palette.muted }),
    ],
  };
}
