import { chartLegend, plot, type LegendItem, type PlotOptions } from '@alignboard/presentation/charts';
import { parseHTML } from 'linkedom';

export interface ChartSvg {
  svg: string;
  /** Plot draws legends in HTML, which a PDF cannot hold: the document draws these swatches. */
  legend: LegendItem[];
}

/**
 * A chart builder's options (the dashboard's, from @alignboard/presentation) rendered on the
 * server: Plot draws into linkedom's DOM (Plot's `document` option) and gives an SVG that pdfmake
 * draws and an HTML page inlines. `font` is a font the PDF has; the dashboard's system-ui stack is
 * not one.
 */
export function chartSvg(options: PlotOptions, font: string): ChartSvg {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = plot({
    ...options,
    color: { ...options.color, legend: false },
    style: { ...(typeof options.style === 'object' ? options.style : {}), fontFamily: font },
    document: document as unknown as Document,
  });
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.setAttribute('font-family', font);
  return { svg: svg.outerHTML, legend: chartLegend(options) };
}
