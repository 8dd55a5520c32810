import { describe, expect, it } from 'vitest';
import { quarterBounds } from './fiscal-calendar.js';
import { judgeMotions, type MotionPlan } from './motion-attainment.js';

/**
 * SPEC §5: a kill candidate is an active motion whose attainment is *strictly
 * below* the kill threshold once Q has ended; while Q runs it is at risk when
 * *at least half* of Q has elapsed and produced / (forecast × elapsed) is
 * *below* the threshold. Each boundary is tested on both sides. Quarter
 * 2026-Q2 (1 April – 1 July 2026, 91 days; half-way is 16 May 12:00 UTC),
 * threshold 5%, forecast 1,000 unless said otherwise.
 */
const Q = quarterBounds('2026-Q2', { startMonth: 1, namedBy: 'start' });
const HALF_WAY = Date.parse('2026-05-16T12:00:00Z');
const THRESHOLD = 0.05;

const plan = (over: Partial<MotionPlan> = {}): MotionPlan => ({ key: 'edge', name: 'Edge', status: 'active', forecast: 1000, stretch: null, ...over });

/** One motion's judgement from its quarter's sums. */
function judged(produced: number, asOfMs: number, over: Partial<MotionPlan> = {}, sums: { deals?: number; closedWon?: number } = {}) {
  const [m] = judgeMotions(
    { produced: Float64Array.of(produced), deals: Int32Array.of(sums.deals ?? 0), closedWon: Float64Array.of(sums.closedWon ?? 0) },
    [plan(over)],
    Q,
    asOfMs,
    THRESHOLD,
  );
  return m;
}

describe('kill candidates: strictly below the threshold, once the quarter has ended', () => {
  it('exactly at the threshold (50 of 1,000 = 5%) is not a kill candidate', () => {
    expect(judged(50, Q.endMs)).toMatchObject({ attainment: 0.05, killCandidate: false, atRisk: false, reason: null });
  });

  it('just under it (49 of 1,000 = 4.9%) is one, and says why', () => {
    expect(judged(49, Q.endMs)).toMatchObject({
      attainment: 0.049,
      killCandidate: true,
      atRisk: false,
      reason: 'produced 4.9% of forecast in an ended quarter, under the 5.0% kill threshold',
    });
  });

  it('the quarter ends at its exclusive end: one millisecond before, nothing produced is at risk, not a kill candidate', () => {
    expect(judged(0, Q.endMs - 1)).toMatchObject({ killCandidate: false, atRisk: true });
    expect(judged(0, Q.endMs)).toMatchObject({ killCandidate: true, atRisk: false });
  });

  it('a null attainment (no forecast, or a forecast of 0) is never a candidate', () => {
    expect(judged(0, Q.endMs, { forecast: null })).toMatchObject({ attainment: null, killCandidate: false, atRisk: false, reason: null });
    expect(judged(0, Q.endMs, { forecast: 0 })).toMatchObject({ attainment: null, killCandidate: false, atRisk: false, reason: null });
  });

  it('a killed motion is judged no more', () => {
    expect(judged(0, Q.endMs, { status: 'killed' })).toMatchObject({ killCandidate: false, atRisk: false, reason: null });
    expect(judged(0, HALF_WAY, { status: 'killed' })).toMatchObject({ killCandidate: false, atRisk: false, reason: null });
  });
});

describe('at risk: from half of the quarter on, under the threshold pace', () => {
  it('exactly half-way, 24 of 1,000 produced: pace 24 / 500 = 4.8% is at risk, and says why', () => {
    expect(judged(24, HALF_WAY)).toMatchObject({
      killCandidate: false,
      atRisk: true,
      reason: '50.0% of the quarter gone and 2.4% of forecast produced: 4.8% of pace, under the 5.0% threshold',
    });
  });

  it('one millisecond before half-way, nothing produced is not at risk yet', () => {
    expect(judged(0, HALF_WAY - 1)).toMatchObject({ killCandidate: false, atRisk: false, reason: null });
  });

  it('at 45% of the quarter, nothing produced is not at risk yet', () => {
    const at45 = Q.startMs + 0.45 * (Q.endMs - Q.startMs);
    expect(judged(0, at45)).toMatchObject({ atRisk: false, reason: null });
  });

  it('a pace exactly at the threshold (25 / 500 = 5%) is not at risk', () => {
    expect(judged(25, HALF_WAY)).toMatchObject({ atRisk: false, reason: null });
  });

  it('three quarters in, 30 of 1,000: pace 30 / 750 = 4% is at risk', () => {
    const at75 = Q.startMs + 0.75 * (Q.endMs - Q.startMs);
    expect(judged(30, at75)).toMatchObject({
      atRisk: true,
      reason: '75.0% of the quarter gone and 3.0% of forecast produced: 4.0% of pace, under the 5.0% threshold',
    });
  });

  it('no forecast, or a forecast of 0, is never at risk', () => {
    expect(judged(0, HALF_WAY, { forecast: null })).toMatchObject({ atRisk: false, reason: null });
    expect(judged(0, HALF_WAY, { forecast: 0 })).toMatchObject({ atRisk: false, reason: null });
  });
});

describe('attainment from the sums', () => {
  it('produced over forecast and stretch, closed won and deals as summed', () => {
    expect(judged(300, HALF_WAY, { stretch: 2000 }, { deals: 3, closedWon: 120 })).toEqual({
      key: 'edge', name: 'Edge', status: 'active', forecast: 1000, stretch: 2000,
      produced: 300, attainment: 0.3, stretchAttainment: 0.15, closedWon: 120, deals: 3,
      killCandidate: false, atRisk: false, reason: null,
    });
  });

  it('each motion is judged from its own sums, in plan order', () => {
    const motions = judgeMotions(
      { produced: Float64Array.of(0, 900), deals: Int32Array.of(0, 2), closedWon: Float64Array.of(0, 0) },
      [plan({ key: 'low' }), plan({ key: 'high' })],
      Q,
      Q.endMs,
      THRESHOLD,
    );
    expect(motions.map((m) => [m.key, m.produced, m.deals, m.killCandidate])).toEqual([['low', 0, 0, true], ['high', 900, 2, false]]);
  });
});
