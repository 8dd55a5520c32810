import * as Plot from '@observablehq/plot';
import type { MotionAttainment } from '@alignboard/contracts';
import { palette } from '../palette.js';
import { formatRatio } from '../ratio.js';
import { motionStanding, type MotionStanding } from '../views/motion-standing.js';
import { baseStyle, type ChartContext } from './chart-options.js';

export interface AttainmentRow {
  motion: string;
  attainment: number;
  standing: MotionStanding;
  label: string;
}

export function attainmentRows(motions: MotionAttainment[]): AttainmentRow[] {
  return motions.map((m) => {
    const standing = motionStanding(m);
    return {
      motion: m.name,
      attainment: m.attainment ?? 0,
      standing,
      label: m.attainment === null ? 'no forecast' : `${formatRatio(m.attainment)}${standing === 'kill' ? ' · kill' : standing === 'at risk' ? ' · at risk' : ''}`,
    };
  });
}

/**
 * Attainment (produced / forecast) per motion against the kill threshold, drawn as a dashed
 * vermilion rule, and 100 % of forecast as a solid one. Bars are coloured by standing, and the
 * standing is also written on each bar's label.
 */
export function motionAttainmentChart(
  motions: MotionAttainment[],
  killThreshold: number,
  context: Pick<ChartContext, 'width'>,
): Plot.PlotOptions {
  const rows = attainmentRows(motions);
  const max = Math.max(1.1, ...rows.map((r) => r.attainment));
  // Room for the longest motion name at the chart's 15px type, up to 40% of the width.
  const longest = Math.max(0, ...rows.map((r) => r.motion.length));
  const marginLeft = Math.min(Math.round(context.width * 0.4), Math.max(120, Math.round(longest * 8.6) + 24));
  return {
    width: context.width,
    height: 70 + rows.length * 52,
    marginLeft,
    marginRight: 150,
    marginTop: 40,
    style: baseStyle,
    y: { label: null, domain: rows.map((r) => r.motion), padding: 0.3 },
    x: { label: null, domain: [0, max], grid: true, tickFormat: (v: number) => formatRatio(v, 0), ticks: 6 },
    color: {
      domain: ['kill', 'at risk', 'on track', 'no forecast'],
      range: [palette.kill, palette.atRisk, palette.onTrack, palette.grid],
    },
    marks: [
      Plot.barX(rows, { y: 'motion', x: 'attainment', fill: 'standing', className: 'attainment-bars' }),
      // Labels start past the kill threshold's dashes; a white halo keeps them readable over the 100% rule.
      Plot.text(rows, { y: 'motion', x: (r: AttainmentRow) => Math.max(r.attainment, killThreshold), text: 'label', textAnchor: 'start', dx: 8, fontWeight: 600, fill: palette.ink, stroke: 'white', strokeWidth: 5 }),
      Plot.ruleX([1], { stroke: palette.forecast, strokeWidth: 2, className: 'forecast-rule' }),
      Plot.ruleX([killThreshold], { stroke: palette.kill, strokeWidth: 3, strokeDasharray: '6 4', className: 'kill-threshold' }),
      Plot.text([{ x: killThreshold, text: `Kill threshold ${formatRatio(killThreshold)}` }], {
        x: 'x',
        text: 'text',
        frameAnchor: 'top',
        dy: -24,
        textAnchor: 'start',
        fill: palette.kill,
        fontWeight: 700,
      }),
      Plot.text([{ x: 1, text: '100% of forecast' }], { x: 'x', text: 'text', frameAnchor: 'top', dy: -24, textAnchor: 'middle', fill: palette.ink }),
    ],
  };
}
