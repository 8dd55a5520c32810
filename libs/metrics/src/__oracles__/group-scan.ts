/**
 * TEST ORACLE, not the lib: the SPEC §5 sums computed the plainest way, one
 * pass over every deal group per figure. Production sums a per-day cube
 * instead (`figure-cube.ts`, through `PartnershipFigures`), which is fast but
 * harder to read; the property test beside this file checks on random
 * partnerships that both give the same figures. Nothing outside tests may
 * import this folder, and `index.ts` does not export it. The judgement of a
 * motion (kill candidate, at risk) is not repeated here: both paths call
 * `judgeMotions`, the one rule.
 */
import type { AttributionSplit, JointNumber, MotionAttainment, SplitPart } from '@alignboard/contracts';
import { CLOSED_LOST, CLOSED_WON, COMMIT, INFLUENCED, NO_CATEGORY, OMITTED, PIPELINE, SOURCED, UPSIDE } from '../codes.js';
import type { DealGroups } from '../deal-groups.js';
import type { DayRange, QuarterBounds } from '../fiscal-calendar.js';
import { judgeMotions, type MotionPlan } from '../motion-attainment.js';

/** Groups in scope closing in the range, each once (SPEC §5 `joint`); money unrounded. */
export function jointNumber(groups: DealGroups, range: DayRange): JointNumber {
  const sums = new Float64Array(6);
  let deals = 0;
  let duplicatesRemoved = 0;
  const { closeDay, category, amount, inScope, memberCount } = groups;
  for (let g = 0; g < groups.count; g++) {
    if (!inScope[g] || closeDay[g] < range.startDay || closeDay[g] >= range.endDay) continue;
    const c = category[g];
    if (c > CLOSED_LOST) continue; // omitted, or no category
    sums[c] += amount[g];
    if (c !== CLOSED_LOST) {
      deals++;
      duplicatesRemoved += memberCount[g] - 1;
    }
  }
  const open = sums[PIPELINE] + sums[UPSIDE] + sums[COMMIT];
  return {
    open,
    commit: sums[COMMIT],
    upside: sums[UPSIDE],
    pipeline: sums[PIPELINE],
    closedWon: sums[CLOSED_WON],
    closedLost: sums[CLOSED_LOST],
    total: open + sums[CLOSED_WON],
    deals,
    duplicatesRemoved,
  };
}

/** Partner-sourced vs partner-influenced, by group attribution (SPEC §5 `split`); money unrounded. */
export function attributionSplit(groups: DealGroups, range: DayRange, jointTotal: number): AttributionSplit {
  const parts: [SplitPart, SplitPart] = [
    { open: 0, closedWon: 0, total: 0, deals: 0 },
    { open: 0, closedWon: 0, total: 0, deals: 0 },
  ];
  const { closeDay, category, amount, inScope, attribution } = groups;
  for (let g = 0; g < groups.count; g++) {
    const a = attribution[g];
    if (a < 0 || !inScope[g] || closeDay[g] < range.startDay || closeDay[g] >= range.endDay) continue;
    const c = category[g];
    if (c > CLOSED_WON) continue; // lost, omitted, or no category: not in the total
    const part = parts[a];
    if (c <= COMMIT) part.open += amount[g];
    else part.closedWon += amount[g];
    part.total += amount[g];
    part.deals++;
  }
  const sourced = parts[SOURCED];
  return {
    sourced,
    influenced: parts[INFLUENCED],
    sourcedShare: jointTotal === 0 ? null : Math.round((sourced.total / jointTotal) * 1e6) / 1e6,
  };
}

/**
 * Each motion's attainment (SPEC §5 `motions`): `produced` is the amount of
 * its groups created in the quarter, whatever their close date, in any
 * category but omitted; `closedWon` its closed-won groups closing in the
 * quarter. Motions are indexed as in the records table's motion codes.
 */
export function motionAttainment(
  groups: DealGroups,
  motions: MotionPlan[],
  quarter: QuarterBounds,
  range: DayRange,
  asOfMs: number,
  killThreshold: number,
): MotionAttainment[] {
  const produced = new Float64Array(motions.length);
  const deals = new Int32Array(motions.length);
  const closedWon = new Float64Array(motions.length);
  const { motion, createdMs, category, closeDay, amount } = groups;
  for (let g = 0; g < groups.count; g++) {
    const m = motion[g];
    if (m < 0) continue;
    const c = category[g];
    if (createdMs[g] >= quarter.startMs && createdMs[g] < quarter.endMs && c !== OMITTED && c !== NO_CATEGORY) {
      produced[m] += amount[g];
      deals[m]++;
    }
    if (c === CLOSED_WON && closeDay[g] >= range.startDay && closeDay[g] < range.endDay) closedWon[m] += amount[g];
  }
  return judgeMotions({ produced, deals, closedWon }, motions, quarter, asOfMs, killThreshold);
}
