import type { MotionAttainment } from '@alignboard/contracts';
import { ratio } from './codes.js';
import type { QuarterBounds } from './fiscal-calendar.js';

export interface MotionPlan {
  key: string;
  name: string;
  status: 'active' | 'killed';
  /** The queried quarter's forecast and stretch, null when none is set. */
  forecast: number | null;
  stretch: number | null;
}

/** Per motion (by code): produced amount and groups, closed-won amount, for one quarter. */
export interface MotionSums {
  produced: Float64Array;
  deals: Int32Array;
  closedWon: Float64Array;
}

/** Attainment, stretch, kill and at-risk from a quarter's motion sums. */
export function judgeMotions(
  sums: MotionSums,
  motions: MotionPlan[],
  quarter: QuarterBounds,
  asOfMs: number,
  killThreshold: number,
): MotionAttainment[] {
  const { produced, deals, closedWon } = sums;
  const ended = asOfMs >= quarter.endMs;
  const elapsed = Math.min(1, Math.max(0, (asOfMs - quarter.startMs) / (quarter.endMs - quarter.startMs)));
  return motions.map((plan, m) => {
    const attainment = ratio(produced[m], plan.forecast);
    const flags = judge(plan, produced[m], attainment, ended, elapsed, killThreshold);
    return {
      key: plan.key,
      name: plan.name,
      status: plan.status,
      forecast: plan.forecast,
      stretch: plan.stretch,
      produced: produced[m],
      attainment,
      stretchAttainment: ratio(produced[m], plan.stretch),
      closedWon: closedWon[m],
      deals: deals[m],
      ...flags,
    };
  });
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Kill candidate once the quarter has ended; at risk while it runs, from half-way (SPEC §5). */
function judge(plan: MotionPlan, produced: number, attainment: number | null, ended: boolean, elapsed: number, threshold: number) {
  const none = { killCandidate: false, atRisk: false, reason: null };
  if (plan.status !== 'active') return none;
  if (ended) {
    if (attainment === null || produced / plan.forecast! >= threshold) return none;
    return {
      killCandidate: true,
      atRisk: false,
      reason: `produced ${percent(produced / plan.forecast!)} of forecast in an ended quarter, under the ${percent(threshold)} kill threshold`,
    };
  }
  if (elapsed < 0.5 || !plan.forecast) return none;
  const pace = produced / (plan.forecast * elapsed);
  if (pace >= threshold) return none;
  return {
    killCandidate: false,
    atRisk: true,
    reason: `${percent(elapsed)} of the quarter gone and ${percent(produced / plan.forecast)} of forecast produced: ${percent(pace)} of pace, under the ${percent(threshold)} threshold`,
  };
}
