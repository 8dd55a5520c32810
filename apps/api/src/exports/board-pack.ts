import type {
  DealGroupMemberView,
  GroupConflict,
  MotionAttainment,
  QuarterMetrics,
  SideKey,
  SplitPart,
} from '@alignboard/contracts';
import {
  money,
  quarterBounds,
  type DealColumns,
  type DealGroups,
  type PartnershipFigures,
  type QuarterBounds,
} from '@alignboard/metrics';
import { RecordVisibility } from '../metrics/data-sharing.js';
import { dealGroupViews } from '../metrics/deal-group-views.js';
import { currencyWarnings, quarterMetricsFor } from '../metrics/metrics-views.js';
import type { EncodedPartnership } from '../metrics/partnership-data.js';
import type { PartnershipSnapshot } from '../metrics/partnership-snapshot.js';
import { dealRows, type DealRows } from './deal-rows.js';
import { ratesUsed, type RateUsed } from './rates-used.js';

const DAY_MS = 86_400_000;
/** The figures' category codes (the contract's order): pipeline, upside, commit, closed won, closed lost. */
const COMMIT = 2;
const CLOSED_WON = 3;
const CLOSED_LOST = 4;

/** Partner revenue of one motion (null: groups with no motion) in one quarter, by attribution. */
export interface MotionRevenue {
  quarter: string;
  motion: string | null;
  name: string;
  sourced: SplitPart;
  influenced: SplitPart;
  /** In scope through the motion alone: in the joint number, in neither split. */
  unattributed: SplitPart;
  total: SplitPart;
  /** The motion's attainment of the quarter (SPEC §5 `motions[]`); null for the no-motion row. */
  attainment: MotionAttainment | null;
}

/** From CRM records to deal groups to the joint number, for one quarter. */
export interface QuarterReconciliation {
  quarter: string;
  /** CRM records in the groups of the joint number, per side. */
  records: { A: number; B: number };
  duplicatesRemoved: number;
  /** Groups with records in both CRMs. */
  sharedDeals: number;
  deals: number;
  open: number;
  closedWon: number;
  total: number;
  sourced: number;
  influenced: number;
  unattributed: number;
  closedLost: { deals: number; amount: number };
  nullAmounts: number;
  unknownCurrency: number;
  conflicts: number;
  possibleDuplicates: number;
}

/** A member record of a deal row, with the fields the caller may see (SPEC §2). */
export interface RecordRow extends DealGroupMemberView {
  quarter: string;
  groupId: string;
}

export interface BoardPack {
  partnership: {
    key: string;
    name: string;
    currency: string;
    companies: { A: string; B: string };
    bookingSide: SideKey;
    fiscalYearStartMonth: number;
    fiscalYearNamedBy: 'start' | 'end';
  };
  /** Whose view: a side's people see the other side's records only in partner deals; null is the operator. */
  viewer: SideKey | null;
  from: string;
  to: string;
  asOf: string;
  /** The SPEC §5 object of each quarter, exactly as the metrics API gives it to the same caller. */
  quarters: QuarterMetrics[];
  byMotion: MotionRevenue[];
  reconciliation: QuarterReconciliation[];
  deals: DealRows;
  records: RecordRow[];
  rates: RateUsed[];
  conflicts: (GroupConflict & { quarter: string })[];
}

export interface BoardPackInput {
  snapshot: PartnershipSnapshot;
  encoded: EncodedPartnership;
  figures: PartnershipFigures;
  names: { partnership: string; companies: { A: string; B: string } };
  viewer: SideKey | null;
  quarters: string[];
  asOfMs: number;
}

const emptyPart = (): SplitPart => ({ open: 0, closedWon: 0, total: 0, deals: 0 });

/**
 * Everything a board pack shows, from one consistent read of the
 * partnership, by the rules the metrics API uses (the same functions):
 * each quarter's figures as that caller gets them, revenue by motion and
 * attribution, the bridge from CRM records to figures, and the deal and
 * record rows behind them under the data-sharing rule.
 */
export function buildBoardPack(input: BoardPackInput): BoardPack {
  const { snapshot, encoded, figures, viewer, asOfMs } = input;
  const { settings } = snapshot;
  const state = figures.stateAt(asOfMs);
  const visibility = new RecordVisibility(
    viewer,
    settings.sharedFields,
    state.records,
    state.groups,
  );
  const bounds = input.quarters.map((q) => quarterBounds(q, settings.calendar));
  const motionKeys = settings.motions.map((m) => m.key);

  const quarters = bounds.map((b) => {
    const range = dayRange(b);
    return quarterMetricsFor(
      figures.quarterMetrics(b.quarter, asOfMs),
      visibility,
      currencyWarnings(encoded.currencyIssues, range, state.groups, visibility),
    );
  });
  const records = bounds.flatMap((b) =>
    dealGroupViews(
      {
        ...state,
        stored: encoded.records,
        history: snapshot.history,
        motionKeys,
        visibility,
        bounds: b,
        range: dayRange(b),
        asOfMs,
        stateAtMs: encoded.data.stateAtMs,
      },
      { quarter: b.quarter },
      null,
    ).flatMap((g) => g.members.map((m) => ({ quarter: b.quarter, groupId: g.groupId, ...m }))),
  );

  return {
    partnership: {
      key: settings.key,
      name: input.names.partnership,
      currency: settings.currency,
      companies: input.names.companies,
      bookingSide: settings.bookingSide,
      fiscalYearStartMonth: settings.calendar.startMonth,
      fiscalYearNamedBy: settings.calendar.namedBy,
    },
    viewer,
    from: input.quarters[0],
    to: input.quarters.at(-1)!,
    asOf: new Date(asOfMs).toISOString(),
    quarters,
    byMotion: bounds.flatMap((b, q) =>
      motionRevenue(state.groups, b, quarters[q], settings.motions),
    ),
    reconciliation: bounds.map((b, q) => reconcile(state, b, quarters[q])),
    deals: dealRows(figures, state, bounds, motionKeys),
    records,
    rates: ratesUsed(settings, encoded.records, records),
    conflicts: quarters.flatMap((m) => m.conflicts.map((c) => ({ quarter: m.quarter, ...c }))),
  };
}

function dayRange(b: QuarterBounds) {
  return { startDay: b.startMs / DAY_MS, endDay: b.endMs / DAY_MS };
}

/** Whether a group counts in the quarter's joint number: in scope, closing in it, open or closed won. */
function inJointTotal(groups: DealGroups, g: number, b: QuarterBounds): boolean {
  const { startDay, endDay } = dayRange(b);
  return (
    groups.inScope[g] === 1 &&
    groups.closeDay[g] >= startDay &&
    groups.closeDay[g] < endDay &&
    groups.category[g] <= CLOSED_WON
  );
}

function add(part: SplitPart, amount: number, open: boolean) {
  if (open) part.open += amount;
  else part.closedWon += amount;
  part.total += amount;
  part.deals++;
}

const rounded = (p: SplitPart): SplitPart => ({
  open: money(p.open),
  closedWon: money(p.closedWon),
  total: money(p.total),
  deals: p.deals,
});

/** Each motion's rows, then the no-motion row; sums unrounded, rounded here at output (SPEC §5). */
function motionRevenue(
  groups: DealGroups,
  b: QuarterBounds,
  metrics: QuarterMetrics,
  motions: { key: string; name: string }[],
): MotionRevenue[] {
  const rows = [
    ...motions.map((m) => ({ key: m.key as string | null, name: m.name })),
    { key: null, name: 'No motion' },
  ].map((m) => ({ m, parts: [emptyPart(), emptyPart(), emptyPart()], total: emptyPart() }));
  for (let g = 0; g < groups.count; g++) {
    if (!inJointTotal(groups, g, b)) continue;
    const row = rows[groups.motion[g] >= 0 ? groups.motion[g] : motions.length];
    const open = groups.category[g] <= COMMIT;
    const a = groups.attribution[g];
    add(row.parts[a >= 0 ? a : 2], groups.amount[g], open);
    add(row.total, groups.amount[g], open);
  }
  return rows.map(({ m, parts, total }) => ({
    quarter: b.quarter,
    motion: m.key,
    name: m.name,
    sourced: rounded(parts[0]),
    influenced: rounded(parts[1]),
    unattributed: rounded(parts[2]),
    total: rounded(total),
    attainment: metrics.motions.find((x) => x.key === m.key) ?? null,
  }));
}

function reconcile(
  state: { records: DealColumns; groups: DealGroups },
  b: QuarterBounds,
  metrics: QuarterMetrics,
): QuarterReconciliation {
  const { records, groups } = state;
  const { startDay, endDay } = dayRange(b);
  const count = { A: 0, B: 0 };
  let shared = 0;
  const sums = { open: 0, closedWon: 0, sourced: 0, influenced: 0, unattributed: 0 };
  const lost = { deals: 0, amount: 0 };
  for (let g = 0; g < groups.count; g++) {
    if (!groups.inScope[g] || groups.closeDay[g] < startDay || groups.closeDay[g] >= endDay)
      continue;
    if (groups.category[g] === CLOSED_LOST) {
      lost.deals++;
      lost.amount += groups.amount[g];
    }
    if (groups.category[g] > CLOSED_WON) continue;
    const sides = [0, 0];
    for (let k = groups.memberStart[g]; k < groups.memberStart[g + 1]; k++)
      sides[records.side[groups.members[k]]]++;
    count.A += sides[0];
    count.B += sides[1];
    if (sides[0] && sides[1]) shared++;
    if (groups.category[g] <= COMMIT) sums.open += groups.amount[g];
    else sums.closedWon += groups.amount[g];
    const a = groups.attribution[g];
    sums[a === 0 ? 'sourced' : a === 1 ? 'influenced' : 'unattributed'] += groups.amount[g];
  }
  return {
    quarter: b.quarter,
    records: count,
    duplicatesRemoved: metrics.joint.duplicatesRemoved,
    sharedDeals: shared,
    deals: metrics.joint.deals,
    open: money(sums.open),
    closedWon: money(sums.closedWon),
    total: money(sums.open + sums.closedWon),
    sourced: money(sums.sourced),
    influenced: money(sums.influenced),
    unattributed: money(sums.unattributed),
    closedLost: { deals: lost.deals, amount: money(lost.amount) },
    nullAmounts: metrics.warnings.filter((w) => w.kind === 'null_amount').length,
    unknownCurrency: metrics.warnings.filter((w) => w.kind === 'unknown_currency').length,
    conflicts: metrics.conflicts.length,
    possibleDuplicates: metrics.possibleDuplicates.length,
  };
}

/** Range totals: the sum of the quarters' rounded figures, so a column adds up on paper. */
export function sumOf(values: number[]): number {
  return money(values.reduce((s, v) => s + v, 0));
}
