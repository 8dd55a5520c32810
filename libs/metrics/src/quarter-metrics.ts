import type { GroupConflict, MetricWarning, PossibleDuplicate, QuarterMetrics, SideKey, TrendPoint } from '@alignboard/contracts';
import type { Table } from 'apache-arrow';
import { CLOSED_LOST, DAY_MS, NO_DAY, attributionName, dateOfDay } from './codes.js';
import { groupDeals, type DealGroups, type GroupOverride } from './deal-groups.js';
import { dealColumns, historyColumns, type DealColumns, type HistoryColumns, type RecordWarning } from './deal-records.js';
import { quarterBounds, type DayRange, type FiscalCalendar } from './fiscal-calendar.js';
import { buildFigureCube, jointAndSplitFromCube, motionSumsFromCube, type FigureCube } from './figure-cube.js';
import { judgeMotions, type MotionPlan } from './motion-attainment.js';
import { partnershipHealth, type HealthInput } from './partnership-health.js';
import { quarterCall } from './quarter-call.js';
import { roundMetrics } from './rounding.js';
import { dealColumnsAsOf, historyOffsets } from './state-as-of.js';

export interface MotionDefinition {
  key: string;
  name: string;
  status: 'active' | 'killed';
  /** Per quarter: `{ "2026-Q2": { forecast: 500000, stretch: 650000 } }`. */
  forecasts: Record<string, { forecast: number; stretch: number | null }>;
}

/** Everything the figures of one partnership are computed from; motions in the records' motion-code order. */
export interface PartnershipData {
  key: string;
  currency: string;
  calendar: FiscalCalendar;
  bookingSide: SideKey;
  killThreshold: number;
  motions: MotionDefinition[];
  records: Table;
  history: Table;
  overrides: GroupOverride[];
  health: HealthInput;
  warnings: RecordWarning[];
  /** The instant the records table reflects: an asOf at or after it uses the current state. */
  stateAtMs: number;
}

/**
 * One partnership's figures, with its deal groups computed once per state
 * (the current one, and each past instant asked for) and reused by every
 * quarter and figure read from them.
 */
export class PartnershipFigures {
  readonly records: DealColumns;
  private readonly history: HistoryColumns;
  private offsets: Int32Array | null = null;
  private currentGroups: DealGroups | null = null;
  private readonly pastGroups = new Map<number, { records: DealColumns; groups: DealGroups }>();
  private readonly cubes = new WeakMap<DealGroups, FigureCube>();

  constructor(readonly data: PartnershipData) {
    this.records = dealColumns(data.records);
    this.history = historyColumns(data.history);
  }

  /** The records and their groups as they stood at `atMs`. */
  stateAt(atMs: number): { records: DealColumns; groups: DealGroups } {
    const rules = { bookingSide: this.data.bookingSide, overrides: this.data.overrides };
    if (atMs >= this.data.stateAtMs) {
      this.currentGroups ??= groupDeals(this.records, rules);
      return { records: this.records, groups: this.currentGroups };
    }
    let past = this.pastGroups.get(atMs);
    if (!past) {
      this.offsets ??= historyOffsets(this.history, this.records.length);
      const records = dealColumnsAsOf(this.records, this.history, this.offsets, atMs);
      past = { records, groups: groupDeals(records, rules) };
      if (this.pastGroups.size >= 64) this.pastGroups.delete(this.pastGroups.keys().next().value!);
      this.pastGroups.set(atMs, past);
    }
    return past;
  }

  /** A state's figures summed per day, built once per state. */
  cubeOf(groups: DealGroups): FigureCube {
    let cube = this.cubes.get(groups);
    if (!cube) this.cubes.set(groups, (cube = buildFigureCube(groups, this.data.motions.length)));
    return cube;
  }

  /** The quarter's joint number, split, call and motions (unrounded): the part of §5 a board defends. */
  quarterFigures(quarter: string, asOfMs: number) {
    const bounds = quarterBounds(quarter, this.data.calendar);
    const range: DayRange = { startDay: bounds.startMs / DAY_MS, endDay: bounds.endMs / DAY_MS };
    const { joint, split } = jointAndSplitFromCube(this.cubeOf(this.stateAt(asOfMs).groups), range);
    const atStart = asOfMs >= bounds.startMs ? jointAndSplitFromCube(this.cubeOf(this.stateAt(bounds.startMs).groups), range).joint : null;
    const plans: MotionPlan[] = this.data.motions.map((m) => ({ key: m.key, name: m.name, status: m.status, forecast: m.forecasts[quarter]?.forecast ?? null, stretch: m.forecasts[quarter]?.stretch ?? null }));
    const motions = judgeMotions(motionSumsFromCube(this.cubeOf(this.stateAt(asOfMs).groups), range), plans, bounds, asOfMs, this.data.killThreshold);
    return { bounds, range, joint, split, call: quarterCall(atStart, joint), motions };
  }

  /** The SPEC §5 object for a quarter, as of an instant (money rounded at this output only). */
  quarterMetrics(quarter: string, asOfMs: number): QuarterMetrics {
    const { bounds, range, joint, split, call, motions } = this.quarterFigures(quarter, asOfMs);
    const { records, groups } = this.stateAt(asOfMs);
    return roundMetrics({
      partnership: this.data.key,
      quarter,
      currency: this.data.currency,
      asOf: new Date(asOfMs).toISOString(),
      quarterStart: new Date(bounds.startMs).toISOString(),
      quarterEnd: new Date(bounds.endMs).toISOString(),
      joint,
      split,
      call,
      motions,
      conflicts: this.conflicts(records, groups, range),
      possibleDuplicates: this.possibleDuplicates(records, groups, range),
      health: partnershipHealth(this.data.health, quarter, asOfMs),
      warnings: this.warnings(records, groups, range),
    });
  }

  trend(quarters: string[], asOfMs: number): TrendPoint[] {
    return quarters.map((quarter) => {
      const m = this.quarterMetrics(quarter, asOfMs);
      return { quarter, joint: m.joint, split: m.split, call: m.call };
    });
  }

  /** `A:0061…` of a group's first member by side and id: stable while its members are. */
  groupId(records: DealColumns, groups: DealGroups, g: number): string {
    let best = '';
    for (let k = groups.memberStart[g]; k < groups.memberStart[g + 1]; k++) {
      const i = groups.members[k];
      const id = `${records.side[i] ? 'B' : 'A'}:${records.crmId[i]}`;
      if (!best || id < best) best = id;
    }
    return best;
  }

  private membersOf(records: DealColumns, groups: DealGroups, g: number) {
    const out: { side: SideKey; crmId: string }[] = [];
    for (let k = groups.memberStart[g]; k < groups.memberStart[g + 1]; k++) {
      const i = groups.members[k];
      out.push({ side: records.side[i] ? 'B' : 'A', crmId: records.crmId[i]! });
    }
    return out;
  }

  private conflicts(records: DealColumns, groups: DealGroups, range: DayRange): GroupConflict[] {
    const name = (field: GroupConflict['field'], code: number) => (field === 'attribution' ? attributionName(code) : this.data.motions[code].key);
    return groups.conflicts
      .filter((c) => groups.inScope[c.group] && groups.closeDay[c.group] >= range.startDay && groups.closeDay[c.group] < range.endDay)
      .map((c) => ({
        groupId: this.groupId(records, groups, c.group),
        field: c.field,
        values: { A: c.values[0].map((v) => name(c.field, v)), B: c.values[1].map((v) => name(c.field, v)) },
        used: name(c.field, c.used),
        members: this.membersOf(records, groups, c.group),
      }));
  }

  /** A cluster belongs to the quarter when any of its records closes in it and any is in scope. */
  private possibleDuplicates(records: DealColumns, groups: DealGroups, range: DayRange): PossibleDuplicate[] {
    return groups.possibleDuplicates
      .filter((cluster) => cluster.some((i) => records.closeDay[i] >= range.startDay && records.closeDay[i] < range.endDay))
      .filter((cluster) => cluster.some((i) => groups.inScope[groups.groupOf[i]]))
      .map((cluster) => ({
        members: cluster.map((i) => ({
          side: (records.side[i] ? 'B' : 'A') as SideKey,
          crmId: records.crmId[i]!,
          domain: records.domain[i]!,
          amount: records.amount[i],
          closeDate: dateOfDay(records.closeDay[i]),
        })),
      }));
  }

  /** Warnings of records in the quarter's counted groups. */
  private warnings(records: DealColumns, groups: DealGroups, range: DayRange): MetricWarning[] {
    return this.data.warnings
      .filter((w) => {
        const g = groups.groupOf[w.record];
        return g >= 0 && groups.inScope[g] && groups.closeDay[g] !== NO_DAY && groups.closeDay[g] >= range.startDay && groups.closeDay[g] < range.endDay && groups.category[g] <= CLOSED_LOST;
      })
      .map((w) => ({ side: records.side[w.record] ? 'B' : 'A', crmId: records.crmId[w.record]!, kind: w.kind, message: w.message }));
  }
}


