import type { JointNumber } from '@alignboard/contracts';
import { CLOSED_LOST, CLOSED_WON, COMMIT, PIPELINE, UPSIDE } from './codes.js';
import type { DealGroups } from './deal-groups.js';

/** Close dates as day numbers: [startDay, endDay). */
export interface DayRange {
  startDay: number;
  endDay: number;
}

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
