import { describe, expect, it } from 'vitest';
import { chartLegend } from './legend.js';
import { motionTrendChart, motionTrendRows } from './motion-trend.js';
import { renderChart, texts } from './__fixtures__/render.js';

const context = { currency: 'EUR', width: 600 };
const trend = [
  { quarter: '2026-Q1', forecast: 200_000, produced: 100_000, attainment: 0.5 },
  { quarter: '2026-Q2', forecast: null, produced: 0, attainment: null },
];

describe('motionTrendChart', () => {
  it('has no forecast bar for a quarter without a forecast', () => {
    expect(motionTrendRows(trend).map((r) => `${r.quarter} ${r.series}`)).toEqual(['2026-Q1 Forecast', '2026-Q1 Produced', '2026-Q2 Produced']);
  });

  it('draws forecast and produced to one scale, labelled in short form', () => {
    const chart = renderChart(motionTrendChart(trend, context));
    const bars = [...chart.querySelectorAll('g.motion-trend-bars rect')];
    const height = (i: number) => Number(bars[i].getAttribute('height'));
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual(['#d5d9df', '#0072B2', '#0072B2']);
    // Produced is half the forecast: half its height, on the same base line.
    expect(height(1) / height(0)).toBeCloseTo(0.5, 3);
    expect(Number(bars[1].getAttribute('y')) + height(1)).toBeCloseTo(Number(bars[0].getAttribute('y')) + height(0), 3);
    expect(texts(chart, 'g.motion-trend-labels text')).toEqual(['€200K', '€100K', '€0']);
    expect(chart.outerHTML).not.toMatch(/NaN|Infinity/);
  });

  it('draws an empty frame, without NaN, for a motion with nothing yet', () => {
    const chart = renderChart(motionTrendChart([trend[1]], context));
    expect(chart.outerHTML).not.toMatch(/NaN|Infinity/);
  });

  it('gives its legend as data, in the series order, for a document to draw', () => {
    expect(chartLegend(motionTrendChart(trend, context))).toEqual([
      { label: 'Forecast', color: '#d5d9df' },
      { label: 'Produced', color: '#0072B2' },
    ]);
  });
});
