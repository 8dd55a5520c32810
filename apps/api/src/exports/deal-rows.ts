import { attributions, forecastCategories } from '@alignboard/contracts';
import type {
  DealColumns,
  DealGroups,
  PartnershipFigures,
  QuarterBounds,
} from '@alignboard/metrics';
import { figuresOf } from '../metrics/deal-group-views.js';
import { textColumn, type TextColumn } from './text-column.js';

/** Codes of the figures' typed columns, kept as they are in the deal table. */
export const NO_DAY = -2147483648;
export const NO_CATEGORY = 255;
export const NO_CODE = -1;

/**
 * The deal-level table in columns: one row per deal group and quarter it
 * counts in (a group created in one quarter and closing in another counts
 * in both: in `produced` there, in the joint number here). Amounts are the
 * group's in the base currency, unrounded. Categories and attributions are
 * codes into the contract's lists; motions and quarters into the lists
 * below; NO_DAY, NaN, NO_CATEGORY and NO_CODE are "none".
 */
export interface DealRows {
  length: number;
  quarters: string[];
  motionKeys: string[];
  quarter: Int32Array;
  groupId: TextColumn;
  amount: Float64Array;
  closeDay: Int32Array;
  createdMs: Float64Array;
  category: Uint8Array;
  attribution: Int8Array;
  motion: Int16Array;
  inJointTotal: Uint8Array;
  inClosedLost: Uint8Array;
  inMotionProduced: Uint8Array;
  /** Member CRM ids per side, space-separated, in id order. */
  recordsA: TextColumn;
  recordsB: TextColumn;
}

export const categoryNames = forecastCategories;
export const attributionNames = attributions;

/**
 * The groups behind each quarter's figures, by the same rule as the groups
 * endpoint (`figuresOf`): in scope, and counting in a figure of the quarter.
 * Every such group is in scope, so the caller sees all its members (SPEC §2).
 * Rows are ordered by quarter, then amount (largest first), then group id.
 */
export function dealRows(
  figures: PartnershipFigures,
  state: { records: DealColumns; groups: DealGroups },
  bounds: QuarterBounds[],
  motionKeys: string[],
): DealRows {
  const { records, groups } = state;
  const picked: { q: number; g: number; id: string; flags: number }[] = [];
  bounds.forEach((b, q) => {
    const range = { startDay: b.startMs / 86_400_000, endDay: b.endMs / 86_400_000 };
    const rows: typeof picked = [];
    for (let g = 0; g < groups.count; g++) {
      if (!groups.inScope[g]) continue;
      const counted = figuresOf({ groups, bounds: b, range }, g);
      if (!counted.length) continue;
      const flags =
        (counted.includes('joint.total') ? 1 : 0) |
        (counted.includes('joint.closedLost') ? 2 : 0) |
        (counted.includes('motion.produced') ? 4 : 0);
      rows.push({ q, g, id: figures.groupId(records, groups, g), flags });
    }
    rows.sort((x, y) => groups.amount[y.g] - groups.amount[x.g] || (x.id < y.id ? -1 : 1));
    picked.push(...rows);
  });

  const n = picked.length;
  const out: DealRows = {
    length: n,
    quarters: bounds.map((b) => b.quarter),
    motionKeys,
    quarter: new Int32Array(n),
    groupId: textColumn(picked.map((p) => p.id)),
    amount: new Float64Array(n),
    closeDay: new Int32Array(n),
    createdMs: new Float64Array(n),
    category: new Uint8Array(n),
    attribution: new Int8Array(n),
    motion: new Int16Array(n),
    inJointTotal: new Uint8Array(n),
    inClosedLost: new Uint8Array(n),
    inMotionProduced: new Uint8Array(n),
    recordsA: textColumn([]),
    recordsB: textColumn([]),
  };
  const recordsA = new Array<string>(n);
  const recordsB = new Array<string>(n);
  picked.forEach(({ q, g, flags }, r) => {
    out.quarter[r] = q;
    out.amount[r] = groups.amount[g];
    out.closeDay[r] = groups.closeDay[g];
    out.createdMs[r] = groups.createdMs[g];
    out.category[r] = groups.category[g];
    out.attribution[r] = groups.attribution[g];
    out.motion[r] = groups.motion[g];
    out.inJointTotal[r] = flags & 1;
    out.inClosedLost[r] = (flags >> 1) & 1;
    out.inMotionProduced[r] = (flags >> 2) & 1;
    const sides: [string[], string[]] = [[], []];
    for (let k = groups.memberStart[g]; k < groups.memberStart[g + 1]; k++) {
      const i = groups.members[k];
      sides[records.side[i]].push(records.crmId[i]!);
    }
    recordsA[r] = sides[0].sort().join(' ');
    recordsB[r] = sides[1].sort().join(' ');
  });
  out.recordsA = textColumn(recordsA);
  out.recordsB = textColumn(recordsB);
  return out;
}
