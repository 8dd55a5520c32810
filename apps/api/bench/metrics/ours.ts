/**
 * Our side of `bench:metrics`: the partnerships built through the real lib
 * (records → Arrow → `PartnershipFigures` → `stateAt` → deal groups), then
 * the figure functions timed over the cached groups.
 */
import {
  PartnershipFigures,
  dealHistoryTable,
  dealRecordWarnings,
  dealRecordsTable,
  jointAndSplitFromCube,
  judgeMotions,
  motionSumsFromCube,
  type DayRange,
  type DealGroups,
  type FigureCube,
  type DealHistoryRow,
  type MotionPlan,
  type PartnershipData,
  type QuarterBounds,
} from '@alignboard/metrics';
import { figuresOf, type QuarterFigures } from './figures.js';
import { AS_OF_MS, PARTNERSHIPS, QUARTERS, syntheticPartnership } from './synthetic.js';
import { now } from './timing.js';

const DAY_MS = 86_400_000;
export const KILL_THRESHOLD = 0.5;

export interface BuiltPartnership {
  index: number;
  quarters: QuarterBounds[];
  ranges: DayRange[];
  plans: MotionPlan[][];
  motionCount: number;
  records: number;
  /** The cached deal groups of the current state (what the product keeps per partnership). */
  groups: DealGroups;
  /** Their per-day sums, cached with them (`PartnershipFigures.cubeOf`). */
  cube: FigureCube;
}

export interface BuildResult {
  parts: BuiltPartnership[];
  /** Partnership 0 whole, with a one-row-per-record history, for the `quarterMetrics` line. */
  first: PartnershipFigures;
  records: number;
  /** Time in each step, summed over the partnerships. */
  ms: { generate: number; arrow: number; columns: number; grouping: number };
  stats: {
    groups: number;
    inScope: number;
    duplicatesRemoved: number;
    conflicts: number;
    possibleDuplicates: number;
  };
}

const emptyHealth = { meetings: [], asks: [], decisions: [], artifacts: [] };

export function buildPartnerships(size: number, progress: (line: string) => void): BuildResult {
  const parts: BuiltPartnership[] = [];
  const ms = { generate: 0, arrow: 0, columns: 0, grouping: 0 };
  const stats = {
    groups: 0,
    inScope: 0,
    duplicatesRemoved: 0,
    conflicts: 0,
    possibleDuplicates: 0,
  };
  let first: PartnershipFigures | null = null;
  let records = 0;
  for (let p = 0; p < PARTNERSHIPS; p++) {
    let started = now();
    const s = syntheticPartnership(size, p);
    ms.generate += now() - started;

    started = now();
    const table = dealRecordsTable(s.records, s.encoding);
    ms.arrow += now() - started;

    // History: one row per record (its state since creation) for partnership 0, whose past states
    // `quarterMetrics` rebuilds; none elsewhere (only the current state is asked for there).
    const rows: DealHistoryRow[] =
      p === 0
        ? s.records.map((r) => ({
            recordId: r.id,
            validFrom: r.createdAt!,
            amount: r.amount,
            closeDate: r.closeDate,
            category: r.category,
            attribution: r.attribution,
            motion: r.motion,
            deleted: false,
          }))
        : [];
    const data: PartnershipData = {
      key: s.key,
      currency: 'USD',
      calendar: s.calendar,
      bookingSide: s.bookingSide,
      killThreshold: KILL_THRESHOLD,
      motions: s.motions,
      records: table,
      history: dealHistoryTable(rows, s.records, s.encoding),
      overrides: [],
      health: emptyHealth,
      warnings: dealRecordWarnings(s.records, s.encoding),
      stateAtMs: AS_OF_MS,
    };

    started = now();
    const figures = new PartnershipFigures(data);
    ms.columns += now() - started;

    started = now();
    const { groups } = figures.stateAt(AS_OF_MS);
    const cube = figures.cubeOf(groups);
    ms.grouping += now() - started;

    if (p === 0) first = figures;
    records += s.records.length;
    stats.groups += groups.count;
    for (let g = 0; g < groups.count; g++) {
      stats.inScope += groups.inScope[g];
      stats.duplicatesRemoved += groups.memberCount[g] - 1;
    }
    stats.conflicts += groups.conflicts.length;
    stats.possibleDuplicates += groups.possibleDuplicates.length;
    parts.push({
      index: p,
      quarters: s.quarters,
      ranges: s.quarters.map((q) => ({ startDay: q.startMs / DAY_MS, endDay: q.endMs / DAY_MS })),
      plans: s.plans,
      motionCount: s.motions.length,
      records: s.records.length,
      groups,
      cube,
    });
    if ((p + 1) % 10 === 0)
      progress(
        `  ${p + 1}/${PARTNERSHIPS} partnerships built (${records.toLocaleString('en-US')} records)`,
      );
  }
  return { parts, first: first!, records, ms, stats };
}

/** (a) One partnership-quarter figure set from the cached groups and their day sums: the real lib functions, as `quarterMetrics` calls them. */
export function figureSet(part: BuiltPartnership, q: number) {
  const range = part.ranges[q];
  const { joint, split } = jointAndSplitFromCube(part.cube, range);
  const motions = judgeMotions(motionSumsFromCube(part.cube, range), part.plans[q], part.quarters[q], AS_OF_MS, KILL_THRESHOLD);
  return { joint, split, motions };
}

/** (b) Every partnership × quarter. */
export function allFigureSets(parts: BuiltPartnership[]): QuarterFigures[][] {
  return parts.map((part) =>
    Array.from({ length: QUARTERS }, (_, q) => {
      const { joint, split, motions } = figureSet(part, q);
      return figuresOf(joint, split, motions);
    }),
  );
}
