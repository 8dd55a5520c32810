import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** Renders a chart builder's options as the browser would, into linkedom's DOM. */
export function renderChart(options: Plot.PlotOptions): Element {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return Plot.plot({ ...options, document }) as unknown as Element;
}

export const texts = (root: Element, selector: string) => [...root.querySelectorAll(selector)].map((t) => t.textContent);
