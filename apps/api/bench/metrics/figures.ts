/**
 * The figures compared between our lib and the SQL references, per
 * partnership × quarter: SPEC §5 joint, split and per-motion produced /
 * closed-won / deals. Ratios (sourcedShare, attainment) are left out: they are
 * these figures divided by each other or by the plan, not another aggregate.
 */
import type { AttributionSplit, JointNumber, MotionAttainment } from '@alignboard/contracts';

export interface MotionFigures {
  produced: number;
  closedWon: number;
  deals: number;
}

export interface SplitFigures {
  open: number;
  closedWon: number;
  total: number;
  deals: number;
}

export interface QuarterFigures {
  joint: JointNumber;
  sourced: SplitFigures;
  influenced: SplitFigures;
  /** By motion code. */
  motions: MotionFigures[];
}

export const figuresOf = (
  joint: JointNumber,
  split: AttributionSplit,
  motions: MotionAttainment[],
): QuarterFigures => ({
  joint,
  sourced: split.sourced,
  influenced: split.influenced,
  motions: motions.map((m) => ({ produced: m.produced, closedWon: m.closedWon, deals: m.deals })),
});

/** A SQL value: null (an empty sum) is 0; BIGINT/HUGEINT come back as bigint or string. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export const emptyFigures = (motionCount: number): QuarterFigures => ({
  joint: {
    open: 0,
    commit: 0,
    upside: 0,
    pipeline: 0,
    closedWon: 0,
    closedLost: 0,
    total: 0,
    deals: 0,
    duplicatesRemoved: 0,
  },
  sourced: { open: 0, closedWon: 0, total: 0, deals: 0 },
  influenced: { open: 0, closedWon: 0, total: 0, deals: 0 },
  motions: Array.from({ length: motionCount }, () => ({ produced: 0, closedWon: 0, deals: 0 })),
});

const categoryField = ['pipeline', 'upside', 'commit', 'closedWon', 'closedLost'] as const;

/**
 * Adds the partial sums of sql.ts (kind, category, key, n, amount, dup from
 * `offset` on) into `into`: the SQL side's last step, timed with its query.
 */
export function foldRow(into: QuarterFigures, row: unknown[], offset: number) {
  const kind = num(row[offset]);
  const key = row[offset + 2];
  const n = num(row[offset + 3]);
  const amount = num(row[offset + 4]);
  if (kind === 0) {
    const c = num(row[offset + 1]);
    const j = into.joint;
    j[categoryField[c]] += amount;
    if (c > 3) return; // closed lost: in no total
    j.total += amount;
    j.deals += n;
    j.duplicatesRemoved += num(row[offset + 5]);
    if (c <= 2) j.open += amount;
    if (key === null) return;
    const part = num(key) === 0 ? into.sourced : into.influenced;
    if (c <= 2) part.open += amount;
    else part.closedWon += amount;
    part.total += amount;
    part.deals += n;
  } else if (kind === 1) {
    const m = into.motions[num(key)];
    m.produced += amount;
    m.deals += n;
  } else {
    into.motions[num(key)].closedWon += amount;
  }
}

/** (a): the rows of one partnership-quarter. */
export function foldOne(rows: unknown[][], motionCount: number): QuarterFigures {
  const figures = emptyFigures(motionCount);
  for (const row of rows) foldRow(figures, row, 0);
  return figures;
}

/** (b): the rows of every partnership × quarter (partnership and quarter after the kind). */
export function foldAll(
  rows: unknown[][],
  motionCounts: number[],
  quarters: number,
): QuarterFigures[][] {
  const figures = motionCounts.map((m) => Array.from({ length: quarters }, () => emptyFigures(m)));
  for (const row of rows) {
    const kind = row[0];
    const at = figures[num(row[1])][num(row[2])];
    row[2] = kind; // the same layout as one partnership-quarter's row from here on
    foldRow(at, row, 2);
  }
  return figures;
}

const cents = (x: number) => Math.round(x * 100);

/** Differences between two figure sets (money to the cent, counts exactly); `compared` counts the figures looked at. */
export function compareFigures(
  ours: QuarterFigures,
  theirs: QuarterFigures,
  where: string,
  out: { compared: number; mismatches: string[] },
) {
  const money = (name: string, x: number, y: number) => {
    out.compared++;
    if (cents(x) !== cents(y))
      out.mismatches.push(`${where} ${name}: ours ${x.toFixed(2)}, reference ${y.toFixed(2)}`);
  };
  const exact = (name: string, x: number, y: number) => {
    out.compared++;
    if (x !== y) out.mismatches.push(`${where} ${name}: ours ${x}, reference ${y}`);
  };
  const j = ours.joint;
  const k = theirs.joint;
  for (const f of [
    'open',
    'commit',
    'upside',
    'pipeline',
    'closedWon',
    'closedLost',
    'total',
  ] as const)
    money(`joint.${f}`, j[f], k[f]);
  exact('joint.deals', j.deals, k.deals);
  exact('joint.duplicatesRemoved', j.duplicatesRemoved, k.duplicatesRemoved);
  for (const part of ['sourced', 'influenced'] as const) {
    for (const f of ['open', 'closedWon', 'total'] as const)
      money(`split.${part}.${f}`, ours[part][f], theirs[part][f]);
    exact(`split.${part}.deals`, ours[part].deals, theirs[part].deals);
  }
  ours.motions.forEach((m, i) => {
    const t = theirs.motions[i] ?? { produced: 0, closedWon: 0, deals: 0 };
    money(`motions[${i}].produced`, m.produced, t.produced);
    money(`motions[${i}].closedWon`, m.closedWon, t.closedWon);
    exact(`motions[${i}].deals`, m.deals, t.deals);
  });
  if (theirs.motions.length > ours.motions.length)
    out.mismatches.push(`${where}: the reference has motions beyond ours`);
}
