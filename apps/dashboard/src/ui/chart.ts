import type { PlotOptions } from '@observablehq/plot';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';

type Charts = typeof import('../charts/index.js');

let chartsModule: Promise<Charts> | undefined;
/** Observable Plot and the builders arrive in their own chunk, after the numbers. */
export const loadCharts = (): Promise<Charts> => (chartsModule ??= import('../charts/index.js'));

export interface ChartProps {
  testid: string;
  title: string;
  /** What the chart shows, in words: read by screen readers and by anyone who cannot see colour. */
  summary: string;
  /** The chart builder call; null draws nothing and shows `emptyText`. */
  build: (charts: Charts, width: number) => PlotOptions | null;
  /** Changes when the data changes (the builder closure is new on every render). */
  dataKey: unknown;
  emptyText?: string;
  onDrawn?: () => void;
}

/** Mounts a chart builder's Plot options into the page at the width of its column, and redraws on resize. */
export function Chart({ testid, title, summary, build, dataKey, emptyText, onDrawn }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [state, setState] = useState<'drawing' | 'drawn' | 'empty' | 'failed'>('drawing');
  const buildRef = useRef(build);
  buildRef.current = build;
  const drawnRef = useRef(onDrawn);
  drawnRef.current = onDrawn;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(280, Math.floor(element.clientWidth)));
    measure();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(measure, 120);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    const element = box.current;
    if (!element || width === 0) return;
    let cancelled = false;
    loadCharts().then(
      (charts) => {
        if (cancelled) return;
        const options = buildRef.current(charts, width);
        if (!options) {
          element.replaceChildren();
          setState('empty');
        } else {
          element.replaceChildren(charts.plot(options));
          setState('drawn');
        }
        drawnRef.current?.();
      },
      () => {
        if (!cancelled) setState('failed');
        drawnRef.current?.();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [width, dataKey]);

  return html`<figure class="chart" data-testid=${testid} data-state=${state}>
    <figcaption>
      <span class="chart-title">${title}</span>
      <span class="chart-summary">${summary}</span>
    </figcaption>
    <div class="chart-canvas" ref=${box} role="img" aria-label=${`${title}. ${summary}`}></div>
    ${state === 'empty' && emptyText ? html`<p class="chart-empty">${emptyText}</p>` : null}
    ${state === 'failed' ? html`<p class="chart-empty">The chart could not be drawn; reload the page to try again.</p>` : null}
  </figure>`;
}
