import type { PlotOptions, ScaleOptions } from '@observablehq/plot';
import { formatMoneyCompact } from '../money.js';
import { palette } from '../palette.js';

/** What every chart builder takes besides its data. */
export interface ChartContext {
  currency: string;
  /** Pixels; the page passes its column's width. */
  width: number;
}

/** Large type for the projector; the axis labels are read from the back of the room. */
export const baseStyle: PlotOptions['style'] = {
  fontSize: '15px',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  color: palette.ink,
  background: 'transparent',
  overflow: 'visible',
};

/**
 * A money axis from zero, its ticks in short form. With nothing to draw, a [0, 0] domain would put
 * the zero line mid-chart, so an empty chart gets an empty frame instead.
 */
export function moneyAxis(currency: string, amounts: number[], ticks: number): ScaleOptions {
  const empty = amounts.every((a) => a <= 0);
  return { label: null, grid: true, domain: empty ? [0, 1] : undefined, tickFormat: (v: number) => formatMoneyCompact(v, currency), ticks };
}
