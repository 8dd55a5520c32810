import type { PlotOptions } from '@observablehq/plot';
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
