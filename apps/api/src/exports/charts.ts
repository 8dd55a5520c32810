import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { BoardPack } from './board-pack.js';

/** Series of the revenue chart, stacked bottom to top, with their colours (legend drawn by the PDF). */
export const revenueSeries = [
  { key: 'sourcedWon', label: 'Partner-sourced, closed won', color: '#1f4e79' },
  { key: 'influencedWon', label: 'Partner-influenced, closed won', color: '#2e8b57' },
  { key: 'sourcedOpen', label: 'Partner-sourced, open', color: '#8fb3d9' },
  { key: 'influencedOpen', label: 'Partner-influenced, open', color: '#9fd5b4' },
  { key: 'unattributed', label: 'No attribution (joint motion)', color: '#bdbdbd' },
] as const;

export const callSeries = [
  { label: 'Closed won', color: '#1f4e79' },
  { label: 'Commit at quarter start', color: '#c0392b' },
  { label: 'Commit + upside at start', color: '#e67e22' },
] as const;

interface ChartSize {
  width: number;
  height: number;
}

/** Plot renders into this document: a DOM of its own on the server (Plot's `document` option). */
function plotSvg(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({ ...options, document: document as unknown as Document });
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // PDF text needs a font the PDF has: Helvetica, one of the standard 14.
  svg.setAttribute('font-family', 'Helvetica');
  return svg.outerHTML;
}

const axes = (size: ChartSize) => ({
  width: size.width,
  height: size.height,
  marginLeft: 52,
  style: { fontSize: '9px' },
  x: { label: null, padding: 0.25 },
  y: { label: null, grid: true, tickFormat: '~s' },
});

/** Partner revenue by quarter: closed won and open pipeline, sourced and influenced, stacked. */
export function revenueChart(pack: BoardPack, size: ChartSize): string {
  const rows = pack.quarters.flatMap((m) => {
    const unattributed = Math.max(
      0,
      m.joint.total - m.split.sourced.total - m.split.influenced.total,
    );
    const values: Record<(typeof revenueSeries)[number]['key'], number> = {
      sourcedWon: m.split.sourced.closedWon,
      influencedWon: m.split.influenced.closedWon,
      sourcedOpen: m.split.sourced.open,
      influencedOpen: m.split.influenced.open,
      unattributed,
    };
    return revenueSeries.map((s, order) => ({
      quarter: m.quarter,
      series: s.label,
      order,
      value: values[s.key],
    }));
  });
  return plotSvg({
    ...axes(size),
    color: { domain: revenueSeries.map((s) => s.label), range: revenueSeries.map((s) => s.color) },
    marks: [
      Plot.barY(rows, {
        x: 'quarter',
        y: 'value',
        fill: 'series',
        order: revenueSeries.map((s) => s.label),
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** How each quarter came in: closed won against commit and commit + upside as they stood at its start. */
export function callChart(pack: BoardPack, size: ChartSize): string {
  const rows = pack.quarters.map((m) => ({
    quarter: m.quarter,
    closedWon: m.call.closedWon,
    commit: m.call.commitAtStart,
    commitUpside:
      m.call.commitAtStart === null || m.call.upsideAtStart === null
        ? null
        : m.call.commitAtStart + m.call.upsideAtStart,
  }));
  const started = rows.filter((r) => r.commit !== null);
  return plotSvg({
    ...axes(size),
    marks: [
      Plot.barY(rows, { x: 'quarter', y: 'closedWon', fill: callSeries[0].color }),
      Plot.tickY(started, {
        x: 'quarter',
        y: 'commitUpside',
        stroke: callSeries[2].color,
        strokeWidth: 2.5,
      }),
      Plot.tickY(started, {
        x: 'quarter',
        y: 'commit',
        stroke: callSeries[1].color,
        strokeWidth: 2.5,
      }),
      Plot.ruleY([0]),
    ],
  });
}
