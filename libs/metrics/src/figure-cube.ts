import type { AttributionSplit, JointNumber } from '@alignboard/contracts';
import { CLOSED_LOST, CLOSED_WON, COMMIT, DAY_MS, NO_CATEGORY, NO_DAY, OMITTED, PIPELINE, UPSIDE } from './codes.js';
import type { DealGroups } from './deal-groups.js';
import type { DayRange } from './fiscal-calendar.js';
import type { MotionSums } from './motion-attainment.js';

/** Category × attribution slots per day: 6 categories × (none, sourced, influenced). */
const SLOTS = 18;

/**
 * The in-scope groups summed per day, once per state: by close day ×
 * category × attribution (amount, groups, duplicate records), by close day ×
 * motion (closed won) and by creation day × motion (produced). A quarter's
 * figures then add up its days instead of scanning every group, which is
 * what makes one partnership-quarter cost microseconds. Only days that have
 * groups are kept (sorted), so a stray close date in 9999 costs one entry.
 * Quarters start at UTC midnight, so day sums give exactly what a scan would.
 */
export interface FigureCube {
  closeDays: Int32Array;
  amount: Float64Array;
  deals: Int32Array;
  duplicates: Int32Array;
  motions: number;
  wonByMotion: Float64Array;
  createdDays: Int32Array;
  producedByMotion: Float64Array;
  producedDeals: Int32Array;
}

/** Sorted distinct days, and each day's position among them. */
function dayIndex(days: number[]): { sorted: Int32Array; position: Map<number, number> } {
  const sorted = Int32Array.from(new Set(days)).sort();
  return { sorted, position: new Map(Array.from(sorted, (d, i) => [d, i])) };
}

export function buildFigureCube(groups: DealGroups, motionCount: number): FigureCube {
  const closing: number[] = [];
  const creating: number[] = [];
  const createdDay = new Int32Array(groups.count).fill(NO_DAY);
  for (let g = 0; g < groups.count; g++) {
    if (!groups.inScope[g] || groups.category[g] === NO_CATEGORY) continue;
    if (groups.closeDay[g] !== NO_DAY) closing.push(groups.closeDay[g]);
    if (groups.motion[g] >= 0 && !Number.isNaN(groups.createdMs[g])) creating.push((createdDay[g] = Math.floor(groups.createdMs[g] / DAY_MS)));
  }
  const close = dayIndex(closing);
  const created = dayIndex(creating);
  const cube: FigureCube = {
    closeDays: close.sorted,
    amount: new Float64Array(close.sorted.length * SLOTS),
    deals: new Int32Array(close.sorted.length * SLOTS),
    duplicates: new Int32Array(close.sorted.length * SLOTS),
    motions: motionCount,
    wonByMotion: new Float64Array(close.sorted.length * motionCount),
    createdDays: created.sorted,
    producedByMotion: new Float64Array(created.sorted.length * motionCount),
    producedDeals: new Int32Array(created.sorted.length * motionCount),
  };
  for (let g = 0; g < groups.count; g++) {
    const c = groups.category[g];
    if (!groups.inScope[g] || c === NO_CATEGORY) continue;
    const m = groups.motion[g];
    if (groups.closeDay[g] !== NO_DAY) {
      const d = close.position.get(groups.closeDay[g])!;
      const slot = d * SLOTS + c * 3 + groups.attribution[g] + 1;
      cube.amount[slot] += groups.amount[g];
      cube.deals[slot]++;
      cube.duplicates[slot] += groups.memberCount[g] - 1;
      if (m >= 0 && c === CLOSED_WON) cube.wonByMotion[d * motionCount + m] += groups.amount[g];
    }
    if (m >= 0 && c !== OMITTED && createdDay[g] !== NO_DAY) {
      const at = created.position.get(createdDay[g])! * motionCount + m;
      cube.producedByMotion[at] += groups.amount[g];
      cube.producedDeals[at]++;
    }
  }
  return cube;
}

/** Positions [from, to) of the sorted days that fall in the range. */
function days(sorted: Int32Array, range: DayRange): [number, number] {
  return [lowerBound(sorted, range.startDay), lowerBound(sorted, range.endDay)];
}

function lowerBound(sorted: Int32Array, day: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `jointNumber` and `attributionSplit` of a quarter from the cube. */
export function jointAndSplitFromCube(cube: FigureCube, range: DayRange): { joint: JointNumber; split: AttributionSplit } {
  const sums = new Float64Array(SLOTS);
  const deals = new Int32Array(SLOTS);
  const duplicates = new Int32Array(SLOTS);
  const [from, to] = days(cube.closeDays, range);
  for (let d = from; d < to; d++) {
    const base = d * SLOTS;
    for (let s = 0; s < SLOTS; s++) {
      sums[s] += cube.amount[base + s];
      deals[s] += cube.deals[base + s];
      duplicates[s] += cube.duplicates[base + s];
    }
  }
  const byCategory = (c: number) => sums[c * 3] + sums[c * 3 + 1] + sums[c * 3 + 2];
  const countOf = (c: number, of: Int32Array) => of[c * 3] + of[c * 3 + 1] + of[c * 3 + 2];
  const counted = [PIPELINE, UPSIDE, COMMIT, CLOSED_WON];
  const open = byCategory(PIPELINE) + byCategory(UPSIDE) + byCategory(COMMIT);
  const joint: JointNumber = {
    open,
    commit: byCategory(COMMIT),
    upside: byCategory(UPSIDE),
    pipeline: byCategory(PIPELINE),
    closedWon: byCategory(CLOSED_WON),
    closedLost: byCategory(CLOSED_LOST),
    total: open + byCategory(CLOSED_WON),
    deals: counted.reduce((n, c) => n + countOf(c, deals), 0),
    duplicatesRemoved: counted.reduce((n, c) => n + countOf(c, duplicates), 0),
  };
  const part = (a: number) => {
    const openPart = sums[PIPELINE * 3 + a + 1] + sums[UPSIDE * 3 + a + 1] + sums[COMMIT * 3 + a + 1];
    const won = sums[CLOSED_WON * 3 + a + 1];
    return { open: openPart, closedWon: won, total: openPart + won, deals: counted.reduce((n, c) => n + deals[c * 3 + a + 1], 0) };
  };
  const sourced = part(0);
  return {
    joint,
    split: {
      sourced,
      influenced: part(1),
      sourcedShare: joint.total === 0 ? null : Math.round((sourced.total / joint.total) * 1e6) / 1e6,
    },
  };
}

/** Produced (by creation day) and closed won (by close day) per motion for a quarter, from the cube. */
export function motionSumsFromCube(cube: FigureCube, range: DayRange): MotionSums {
  const m = cube.motions;
  const sums: MotionSums = { produced: new Float64Array(m), deals: new Int32Array(m), closedWon: new Float64Array(m) };
  const [cFrom, cTo] = days(cube.createdDays, range);
  for (let d = cFrom; d < cTo; d++) {
    for (let k = 0; k < m; k++) {
      sums.produced[k] += cube.producedByMotion[d * m + k];
      sums.deals[k] += cube.producedDeals[d * m + k];
    }
  }
  const [wFrom, wTo] = days(cube.closeDays, range);
  for (let d = wFrom; d < wTo; d++) for (let k = 0; k < m; k++) sums.closedWon[k] += cube.wonByMotion[d * m + k];
  return sums;
}
