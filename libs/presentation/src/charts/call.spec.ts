import { describe, expect, it } from 'vitest';
import { callChart, callSegments } from './call.js';
import { renderChart, texts } from './__fixtures__/render.js';
import { trendFixture } from './__fixtures__/trend.js';

const context = { currency: 'USD', width: 800 };
const q4 = trendFixture[1].call;

describe('callSegments', () => {
  it('puts commit and upside at the start on one row and closed won on the other', () => {
    expect(callSegments(q4).map(({ row, part, amount }) => ({ row, part, amount }))).toEqual([
      { row: 'Called at start', part: 'Commit at start', amount: 1_000_000 },
      { row: 'Called at start', part: 'Upside at start', amount: 400_000 },
      { row: 'Closed won', part: 'Closed won', amount: 600_000.25 },
    ]);
  });
});

describe('callChart', () => {
  it('draws the call, what came in, and a rule at the commit', () => {
    const chart = renderChart(callChart(q4, context)!);
    const bars = [...chart.querySelectorAll('g.call-bars rect')];
    expect(bars).toHaveLength(3);
    const width = (i: number) => Number(bars[i].getAttribute('width'));
    // Upside is 40% of commit, closed won 60%: widths follow the amounts.
    expect(width(1) / width(0)).toBeCloseTo(0.4, 3);
    expect(width(2) / width(0)).toBeCloseTo(0.60000025, 3);
    const rule = chart.querySelector('g.commit-rule line')!;
    expect(Number(rule.getAttribute('x1'))).toBeCloseTo(Number(bars[0].getAttribute('x')) + width(0), 3);
  });

  it('says how the quarter came in against commit in words', () => {
    const chart = renderChart(callChart(q4, context)!);
    expect(texts(chart, 'text')).toEqual(expect.arrayContaining(['$1.4M', '$600K · 60.0% of commit']));
  });

  it('has no chart before the quarter starts: there is no call yet', () => {
    expect(callChart(trendFixture[2].call, context)).toBeNull();
  });

  it('writes a ratio with a zero commit as a dash, not Infinity', () => {
    const chart = renderChart(callChart({ commitAtStart: 0, upsideAtStart: 0, closedWon: 5, vsCommit: null, vsCommitPlusUpside: null }, context)!);
    expect(texts(chart, 'text')).toContain('$5 · — of commit');
  });
});
