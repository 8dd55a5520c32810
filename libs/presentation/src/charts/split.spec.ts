import { describe, expect, it } from 'vitest';
import { splitChart, splitSegments } from './split.js';
import { renderChart, texts } from './__fixtures__/render.js';
import { trendFixture } from './__fixtures__/trend.js';

const context = { currency: 'USD', width: 800 };
const { split, joint } = trendFixture[1];

describe('splitSegments', () => {
  it('gives closed won and open for each attribution', () => {
    expect(splitSegments(split)).toEqual([
      { attribution: 'Partner sourced', part: 'Closed won', amount: 200_000 },
      { attribution: 'Partner sourced', part: 'Open', amount: 375_000 },
      { attribution: 'Partner influenced', part: 'Closed won', amount: 400_000.25 },
      { attribution: 'Partner influenced', part: 'Open', amount: 500_000.5 },
    ]);
  });
});

describe('splitChart', () => {
  it('writes each attribution’s total and its share of the joint number', () => {
    const chart = renderChart(splitChart(split, joint.total, context)!);
    // sourcedShare comes from the API (0.389831); influenced = 900,000.75 / 1,475,000.75.
    expect(texts(chart, 'text')).toEqual(expect.arrayContaining(['$575K · 39.0%', '$900K · 61.0%']));
    expect(chart.querySelectorAll('g.split-bars rect')).toHaveLength(4);
  });

  it('draws nothing when neither attribution has an amount', () => {
    const zero = { sourced: { open: 0, closedWon: 0, total: 0, deals: 0 }, influenced: { open: 0, closedWon: 0, total: 0, deals: 0 }, sourcedShare: null };
    expect(splitChart(zero, 0, context)).toBeNull();
  });

  it('draws one attribution alone, the other at zero with a zero share', () => {
    const onlySourced = { sourced: { open: 50_000, closedWon: 0, total: 50_000, deals: 1 }, influenced: { open: 0, closedWon: 0, total: 0, deals: 0 }, sourcedShare: 1 };
    const chart = renderChart(splitChart(onlySourced, 50_000, context)!);
    expect(texts(chart, 'text')).toEqual(expect.arrayContaining(['$50K · 100.0%', '$0 · 0.0%']));
  });
});
