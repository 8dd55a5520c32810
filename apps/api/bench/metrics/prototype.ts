/**
 * NOT the lib: a prototype kept in the bench to show where the lib's time
 * goes and what would fix it (docs/benchmarks.md). The bench's targets are
 * judged on the real lib functions; these lines are printed as "(prototype)"
 * and checked against the lib's figures like the references are.
 *
 * The lib computes one partnership-quarter with three passes over all the
 * partnership's groups (`jointNumber`, `attributionSplit`, `motionAttainment`),
 * each with several data-dependent branches per group, and a trend or a
 * group-by repeats that per quarter (12 quarters: 36 passes). Here:
 *
 *   - `oneQuarterPass`: the three figures in one pass over the groups;
 *   - `allQuartersPass`: every quarter in one pass, a close day or creation
 *     day mapped to its quarter by a day → quarter table;
 *   - `DayCube`: built once per state next to the groups (one pass), the
 *     sums per day (close day × category × attribution, close day × motion
 *     for closed-won, creation day × motion for produced); a quarter's figures
 *     then add up its ~91 days, whatever the number of groups.
 */
import type { DealGroups, QuarterBounds } from '@alignboard/metrics';
import type { QuarterFigures } from './figures.js';

const DAY_MS = 86_400_000;
/** Accumulator slots per quarter: 5 category sums, deals, duplicates, sourced and influenced (open, won, deals), then per motion (produced, deals, won). */
const MOTIONS_AT = 13;

export function oneQuarterPass(
  groups: DealGroups,
  bounds: QuarterBounds,
  motionCount: number,
): QuarterFigures {
  const acc = new Float64Array(MOTIONS_AT + 3 * motionCount);
  const startDay = (bounds.startMs / DAY_MS) | 0;
  const endDay = (bounds.endMs / DAY_MS) | 0;
  const { startMs, endMs } = bounds;
  const { closeDay, category, amount, inScope, attribution, motion, createdMs, memberCount } =
    groups;
  for (let g = 0; g < groups.count; g++) {
    const c = category[g];
    if (c > 4) continue; // omitted or no category: in no figure
    const x = amount[g];
    const m = motion[g];
    const day = closeDay[g];
    if (day >= startDay && day < endDay) {
      if (inScope[g]) {
        acc[c] += x;
        if (c <= 3) {
          acc[5]++;
          acc[6] += memberCount[g] - 1;
          const a = attribution[g];
          if (a >= 0) {
            acc[7 + 3 * a + (c === 3 ? 1 : 0)] += x;
            acc[9 + 3 * a]++;
          }
        }
      }
      if (m >= 0 && c === 3) acc[MOTIONS_AT + 3 * m + 2] += x;
    }
    if (m >= 0 && createdMs[g] >= startMs && createdMs[g] < endMs) {
      acc[MOTIONS_AT + 3 * m] += x;
      acc[MOTIONS_AT + 3 * m + 1]++;
    }
  }
  return figuresFrom(acc, 0, motionCount);
}

export function allQuartersPass(
  groups: DealGroups,
  quarters: QuarterBounds[],
  motionCount: number,
): QuarterFigures[] {
  const first = (quarters[0].startMs / DAY_MS) | 0;
  const span = ((quarters[quarters.length - 1].endMs / DAY_MS) | 0) - first;
  // Per partnership and calendar, not per call, in a product; built here inside the timed call.
  const quarterOfDay = new Int8Array(span).fill(-1);
  quarters.forEach((q, i) =>
    quarterOfDay.fill(i, q.startMs / DAY_MS - first, q.endMs / DAY_MS - first),
  );
  const width = MOTIONS_AT + 3 * motionCount;
  const acc = new Float64Array(width * quarters.length);
  const { closeDay, category, amount, inScope, attribution, motion, createdMs, memberCount } =
    groups;
  for (let g = 0; g < groups.count; g++) {
    const c = category[g];
    if (c > 4) continue;
    const x = amount[g];
    const m = motion[g];
    const d = closeDay[g] - first;
    const q = d >= 0 && d < span ? quarterOfDay[d] : -1;
    if (q >= 0) {
      const base = q * width;
      if (inScope[g]) {
        acc[base + c] += x;
        if (c <= 3) {
          acc[base + 5]++;
          acc[base + 6] += memberCount[g] - 1;
          const a = attribution[g];
          if (a >= 0) {
            acc[base + 7 + 3 * a + (c === 3 ? 1 : 0)] += x;
            acc[base + 9 + 3 * a]++;
          }
        }
      }
      if (m >= 0 && c === 3) acc[base + MOTIONS_AT + 3 * m + 2] += x;
    }
    if (m >= 0) {
      // Quarters start at UTC midnight: created in Q exactly when its creation day is.
      const cd = Math.floor(createdMs[g] / DAY_MS) - first; // NaN (unknown) fails both tests below
      const cq = cd >= 0 && cd < span ? quarterOfDay[cd] : -1;
      if (cq >= 0) {
        const at = cq * width + MOTIONS_AT + 3 * m;
        acc[at] += x;
        acc[at + 1]++;
      }
    }
  }
  return quarters.map((_, q) => figuresFrom(acc, q * width, motionCount));
}

function figuresFrom(acc: Float64Array, base: number, motionCount: number): QuarterFigures {
  const open = acc[base] + acc[base + 1] + acc[base + 2];
  const part = (at: number) => ({
    open: acc[at],
    closedWon: acc[at + 1],
    total: acc[at] + acc[at + 1],
    deals: acc[at + 2],
  });
  return {
    joint: {
      open,
      commit: acc[base + 2],
      upside: acc[base + 1],
      pipeline: acc[base],
      closedWon: acc[base + 3],
      closedLost: acc[base + 4],
      total: open + acc[base + 3],
      deals: acc[base + 5],
      duplicatesRemoved: acc[base + 6],
    },
    sourced: part(base + 7),
    influenced: part(base + 10),
    motions: Array.from({ length: motionCount }, (_, m) => {
      const at = base + MOTIONS_AT + 3 * m;
      return { produced: acc[at], deals: acc[at + 1], closedWon: acc[at + 2] };
    }),
  };
}

/** Cells per day of the close-day cube: category (0–4) × attribution (none, sourced, influenced). */
const CELLS = 15;

export class DayCube {
  readonly firstDay: number;
  readonly days: number;
  /** Per close day and cell: amount, group count, duplicates (members − 1). */
  private readonly amount: Float64Array;
  private readonly count: Float64Array;
  private readonly duplicates: Float64Array;
  /** Per day and motion: closed-won amount by close day; produced amount and count by creation day. */
  private readonly won: Float64Array;
  private readonly produced: Float64Array;
  private readonly producedCount: Float64Array;

  constructor(
    groups: DealGroups,
    readonly motionCount: number,
  ) {
    const { closeDay, category, amount, inScope, attribution, motion, createdMs, memberCount } =
      groups;
    let first = Infinity;
    let last = -Infinity;
    for (let g = 0; g < groups.count; g++) {
      if (category[g] > 4) continue;
      const day = closeDay[g];
      if (day !== -2147483648) {
        if (day < first) first = day;
        if (day > last) last = day;
      }
      if (motion[g] >= 0 && createdMs[g] === createdMs[g]) {
        const created = Math.floor(createdMs[g] / DAY_MS);
        if (created < first) first = created;
        if (created > last) last = created;
      }
    }
    this.firstDay = first === Infinity ? 0 : first;
    this.days = first === Infinity ? 0 : last - first + 1;
    const m = motionCount;
    const firstDay = this.firstDay;
    const sums = (this.amount = new Float64Array(this.days * CELLS));
    const counts = (this.count = new Float64Array(this.days * CELLS));
    const duplicates = (this.duplicates = new Float64Array(this.days * CELLS));
    const won = (this.won = new Float64Array(this.days * m));
    const produced = (this.produced = new Float64Array(this.days * m));
    const producedCount = (this.producedCount = new Float64Array(this.days * m));
    for (let g = 0; g < groups.count; g++) {
      const c = category[g];
      if (c > 4) continue;
      const x = amount[g];
      const mo = motion[g];
      const day = closeDay[g];
      if (day !== -2147483648) {
        if (inScope[g]) {
          const cell = (day - firstDay) * CELLS + c * 3 + attribution[g] + 1;
          sums[cell] += x;
          counts[cell]++;
          duplicates[cell] += memberCount[g] - 1;
        }
        if (mo >= 0 && c === 3) won[(day - firstDay) * m + mo] += x;
      }
      const created = createdMs[g];
      if (mo >= 0 && created === created) {
        const at = (Math.floor(created / DAY_MS) - firstDay) * m + mo;
        produced[at] += x;
        producedCount[at]++;
      }
    }
  }

  /** A quarter's figures: [startDay, endDay) by close day, the same days by creation day (quarters start at UTC midnight). */
  figures(bounds: QuarterBounds): QuarterFigures {
    const m = this.motionCount;
    const from = Math.max(0, bounds.startMs / DAY_MS - this.firstDay);
    const to = Math.min(this.days, bounds.endMs / DAY_MS - this.firstDay);
    const cells = new Float64Array(3 * CELLS);
    const motions = new Float64Array(3 * m);
    for (let d = from; d < to; d++) {
      for (let k = 0, at = d * CELLS; k < CELLS; k++, at++) {
        cells[k] += this.amount[at];
        cells[CELLS + k] += this.count[at];
        cells[2 * CELLS + k] += this.duplicates[at];
      }
      for (let k = 0, at = d * m; k < m; k++, at++) {
        motions[3 * k] += this.produced[at];
        motions[3 * k + 1] += this.producedCount[at];
        motions[3 * k + 2] += this.won[at];
      }
    }
    const acc = new Float64Array(MOTIONS_AT + 3 * m);
    for (let c = 0; c <= 4; c++) {
      for (let a = -1; a <= 1; a++) {
        const k = c * 3 + a + 1;
        acc[c] += cells[k];
        if (c > 3) continue;
        acc[5] += cells[CELLS + k];
        acc[6] += cells[2 * CELLS + k];
        if (a < 0) continue;
        acc[7 + 3 * a + (c === 3 ? 1 : 0)] += cells[k];
        acc[9 + 3 * a] += cells[CELLS + k];
      }
    }
    acc.set(motions, MOTIONS_AT);
    return figuresFrom(acc, 0, m);
  }
}
