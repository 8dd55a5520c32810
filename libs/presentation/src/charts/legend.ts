import type { PlotOptions } from '@observablehq/plot';

export interface LegendItem {
  label: string;
  color: string;
}

/**
 * A chart's colour legend as data: Plot draws its legends in HTML, which a PDF cannot hold, so a
 * document draws these swatches itself, with the labels and colours the chart uses.
 */
export function chartLegend(options: PlotOptions): LegendItem[] {
  const color = options.color;
  if (!color?.legend || !Array.isArray(color.domain) || !Array.isArray(color.range)) return [];
  const range = color.range as string[];
  return (color.domain as unknown[]).map((label, i) => ({ label: String(label), color: range[i] }));
}
