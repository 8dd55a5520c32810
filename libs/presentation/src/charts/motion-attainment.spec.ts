import type { MotionAttainment } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import { motionStanding } from '../views/motion-standing.js';
import { attainmentRows, motionAttainmentChart } from './motion-attainment.js';
import { renderChart, texts } from './__fixtures__/render.js';

const motion = (m: Partial<MotionAttainment>): MotionAttainment => ({
  key: 'm',
  name: 'M',
  status: 'active',
  forecast: 100_000,
  stretch: null,
  produced: 0,
  attainment: 0,
  stretchAttainment: null,
  closedWon: 0,
  deals: 0,
  killCandidate: false,
  atRisk: false,
  reason: null,
  ...m,
});

const motions = [
  motion({ key: 'mssp', name: 'MSSP upsell', produced: 120_000, attainment: 1.2 }),
  motion({ key: 'smb', name: 'SMB bundle', produced: 2_000, attainment: 0.02, killCandidate: true, reason: 'under 5%' }),
  motion({ key: 'cloud', name: 'Cloud', produced: 0, attainment: 0, atRisk: true, reason: 'behind pace' }),
  motion({ key: 'new', name: 'New motion', forecast: null, attainment: null }),
];

describe('motionStanding', () => {
  it('ranks kill over at risk, and a motion without a forecast apart', () => {
    expect(motions.map(motionStanding)).toEqual(['on track', 'kill', 'at risk', 'no forecast']);
    expect(motionStanding(motion({ killCandidate: true, atRisk: true }))).toBe('kill');
  });
});

describe('attainmentRows', () => {
  it('labels each bar with its attainment and standing in words', () => {
    expect(attainmentRows(motions).map((r) => r.label)).toEqual(['120.0%', '2.0% · kill', '0.0% · at risk', 'no forecast']);
  });
});

describe('motionAttainmentChart', () => {
  it('draws the kill threshold and 100% of forecast where they belong on the axis', () => {
    const chart = renderChart(motionAttainmentChart(motions, 0.05, { width: 900 }));
    const x = (selector: string) => Number(chart.querySelector(`${selector} line`)!.getAttribute('x1'));
    const bars = [...chart.querySelectorAll('g.attainment-bars rect')];
    const left = Number(bars[0].getAttribute('x'));
    const perUnit = Number(bars[0].getAttribute('width')) / 1.2;
    expect(x('g.kill-threshold')).toBeCloseTo(left + 0.05 * perUnit, 3);
    expect(x('g.forecast-rule')).toBeCloseTo(left + 1 * perUnit, 3);
    expect(texts(chart, 'text')).toEqual(expect.arrayContaining(['Kill threshold 5.0%', '100% of forecast']));
  });

  it('colours a kill candidate vermilion and an at-risk motion orange', () => {
    const chart = renderChart(motionAttainmentChart(motions, 0.05, { width: 900 }));
    const fills = [...chart.querySelectorAll('g.attainment-bars rect')].map((r) => r.getAttribute('fill'));
    expect(fills).toEqual(['#0072B2', '#D55E00', '#E69F00', '#d5d9df']);
  });

  it('keeps 100% of forecast on the axis when every motion is far below it', () => {
    const low = [motion({ attainment: 0.01 })];
    const options = motionAttainmentChart(low, 0.05, { width: 900 });
    expect(options.x?.domain).toEqual([0, 1.1]);
  });
});
