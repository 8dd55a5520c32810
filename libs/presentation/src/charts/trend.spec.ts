import { describe, expect, it } from 'vitest';
import { trendChart, trendRows } from './trend.js';
import { renderChart } from './__fixtures__/render.js';
import { trendFixture } from './__fixtures__/trend.js';

const context = { currency: 'USD', width: 800 };

describe('trendRows', () => {
  it('has a point per quarter and series, leaving out the call of a quarter not started', () => {
    const rows = trendRows(trendFixture);
    expect(rows.filter((r) => r.series === 'Joint number').map((r) => r.amount)).toEqual([900_000, 1_475_000.75, 50_000]);
    expect(rows.filter((r) => r.series === 'Commit at start').map((r) => r.quarter)).toEqual(['2026-Q3', '2026-Q4']);
    expect(rows.filter((r) => r.series === 'Partner sourced').map((r) => r.amount)).toEqual([400_000, 575_000, 50_000]);
    expect(rows).toHaveLength(3 + 3 + 2 + 3);
  });
});

describe('trendChart', () => {
  it('draws one line per series, dashed where colour alone would not tell them apart', () => {
    const chart = renderChart(trendChart(trendFixture, '2026-Q4', context));
    const joint = chart.querySelector('g.trend-joint-number path')!;
    const commit = chart.querySelector('g.trend-commit-at-start')!;
    expect(joint.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(commit.getAttribute('stroke-dasharray')).toBe('7 4');
    expect(chart.querySelectorAll('circle')).toHaveLength(11);
  });

  it('marks the chosen quarter', () => {
    const chart = renderChart(trendChart(trendFixture, '2026-Q4', context));
    const rule = chart.querySelector('g.chosen-quarter line')!;
    const ticks = [...chart.querySelectorAll('g[aria-label="x-axis tick"] path')];
    expect(ticks).toHaveLength(3);
    expect(rule.getAttribute('x1')).toBe(rule.getAttribute('x2'));
  });
});
