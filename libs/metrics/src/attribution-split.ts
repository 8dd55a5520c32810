import type { AttributionSplit, SplitPart } from '@alignboard/contracts';
import { CLOSED_WON, COMMIT, INFLUENCED, SOURCED } from './codes.js';
import type { DealGroups } from './deal-groups.js';
import type { DayRange } from './joint-number.js';

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
