import { describe, expect, it } from 'vitest';
import { byQuarterChart, categoryRows } from './by-quarter.js';
import { renderChart, texts } from './__fixtures__/render.js';
import { trendFixture } from './__fixtures__/trend.js';

const context = { currency: 'USD', width: 800 };

describe('categoryRows', () => {
  it('gives four parts per quarter that add up to the joint number', () => {
    const rows = categoryRows(trendFixture);
    expect(rows).toHaveLength(12);
    for (const point of trendFixture) {
      const sum = rows.filter((r) => r.quarter === point.quarter).reduce((s, r) => s + r.amount, 0);
      expect(sum).toBeCloseTo(point.joint.total, 6);
    }
    expect(rows.filter((r) => r.quarter === '2026-Q4')).toEqual([
      { quarter: '2026-Q4', series: 'Closed won', amount: 600_000.25 },
      { quarter: '2026-Q4', series: 'Commit', amount: 500_000 },
      { quarter: '2026-Q4', series: 'Upside', amount: 250_000 },
      { quarter: '2026-Q4', series: 'Pipeline', amount: 125_000.5 },
    ]);
  });

  it('is empty for no quarters', () => {
    expect(categoryRows([])).toEqual([]);
  });
});

describe('byQuarterChart', () => {
  it('stacks the parts of each quarter, closed won at the bottom, up to the joint number', () => {
    const chart = renderChart(byQuarterChart(trendFixture, '2026-Q4', context));
    const bars = [...chart.querySelectorAll('g.category-bars rect')].filter((r) => Number(r.getAttribute('height')) > 0);
    // 2026-Q3: closed won only; 2026-Q4: all four parts; 2027-Q1: pipeline only.
    expect(bars.map((r) => r.getAttribute('fill'))).toEqual(['#009E73', '#009E73', '#0072B2', '#E69F00', '#56B4E9', '#56B4E9']);
    const q4 = bars.slice(1, 5).map((r) => ({ y: Number(r.getAttribute('y')), h: Number(r.getAttribute('height')) }));
    for (let i = 1; i < q4.length; i++) expect(q4[i].y + q4[i].h).toBeCloseTo(q4[i - 1].y, 6);
  });

  it('writes each quarter’s joint number on top and outlines the chosen quarter', () => {
    const chart = renderChart(byQuarterChart(trendFixture, '2026-Q4', context));
    expect(texts(chart, 'g.total-labels text')).toEqual(['$900K', '$1.5M', '$50K']);
    expect(chart.querySelectorAll('g.chosen-quarter rect')).toHaveLength(1);
    expect(texts(chart, 'g[aria-label="x-axis tick label"] text')).toEqual(['2026-Q3', '2026-Q4', '2027-Q1']);
  });

  it('gives every part its amount to the cent in a tooltip', () => {
    const chart = renderChart(byQuarterChart(trendFixture, '2026-Q4', context));
    expect(texts(chart, 'g.category-bars title')).toContain('2026-Q4 · Pipeline: $125,000.50');
  });

  it('keeps the legend in the fixed order of the parts, whatever the data', () => {
    const chart = renderChart(byQuarterChart(trendFixture.slice(2), '2027-Q1', context));
    expect(chart.textContent).toContain('Closed wonCommitUpsidePipeline');
  });

  it('draws an empty frame, no bars and no labels, for a quarter with nothing', () => {
    const empty = [{ ...trendFixture[2], joint: { ...trendFixture[2].joint, pipeline: 0, open: 0, total: 0 } }];
    const chart = renderChart(byQuarterChart(empty, '2027-Q1', context));
    expect([...chart.querySelectorAll('g.category-bars rect')].every((r) => Number(r.getAttribute('height')) === 0)).toBe(true);
    expect(texts(chart, 'g.total-labels text')).toEqual([]);
  });
});
