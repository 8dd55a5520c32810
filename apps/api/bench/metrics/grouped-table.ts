/**
 * The deal groups of every partnership as one flat table, the input both SQL
 * references load: one row per group, "none" codes as null, rows in
 * partnership then close-day order (what a warehouse would cluster on).
 */
import type { BuiltPartnership } from './ours.js';

export interface GroupedTable {
  length: number;
  partnership: Int32Array;
  closeDay: Int32Array;
  closeDayNull: Uint8Array;
  category: Int16Array;
  categoryNull: Uint8Array;
  amount: Float64Array;
  attribution: Int16Array;
  attributionNull: Uint8Array;
  motion: Int16Array;
  motionNull: Uint8Array;
  createdMs: Float64Array;
  createdNull: Uint8Array;
  memberCount: Int32Array;
  inScope: Uint8Array;
}

export interface QuarterDays {
  length: number;
  partnership: Int32Array;
  day: Int32Array;
  quarter: Int16Array;
}

const DAY_MS = 86_400_000;
const NO_DAY = -2147483648;
const NO_CATEGORY = 255;

export function groupedTable(parts: BuiltPartnership[]): GroupedTable {
  const length = parts.reduce((n, p) => n + p.groups.count, 0);
  const t: GroupedTable = {
    length,
    partnership: new Int32Array(length),
    closeDay: new Int32Array(length),
    closeDayNull: new Uint8Array(length),
    category: new Int16Array(length),
    categoryNull: new Uint8Array(length),
    amount: new Float64Array(length),
    attribution: new Int16Array(length),
    attributionNull: new Uint8Array(length),
    motion: new Int16Array(length),
    motionNull: new Uint8Array(length),
    createdMs: new Float64Array(length),
    createdNull: new Uint8Array(length),
    memberCount: new Int32Array(length),
    inScope: new Uint8Array(length),
  };
  let row = 0;
  for (const p of parts) {
    const g = p.groups;
    const order = Int32Array.from({ length: g.count }, (_, i) => i).sort(
      (x, y) => g.closeDay[x] - g.closeDay[y],
    );
    for (const i of order) {
      t.partnership[row] = p.index;
      t.closeDay[row] = g.closeDay[i];
      t.closeDayNull[row] = g.closeDay[i] === NO_DAY ? 1 : 0;
      t.category[row] = g.category[i];
      t.categoryNull[row] = g.category[i] === NO_CATEGORY ? 1 : 0;
      t.amount[row] = g.amount[i];
      t.attribution[row] = g.attribution[i];
      t.attributionNull[row] = g.attribution[i] < 0 ? 1 : 0;
      t.motion[row] = g.motion[i];
      t.motionNull[row] = g.motion[i] < 0 ? 1 : 0;
      t.createdMs[row] = g.createdMs[i];
      t.createdNull[row] = Number.isNaN(g.createdMs[i]) ? 1 : 0;
      t.memberCount[row] = g.memberCount[i];
      t.inScope[row] = g.inScope[i];
      row++;
    }
  }
  return t;
}

export function quarterDays(parts: BuiltPartnership[]): QuarterDays {
  const rows: [number, number, number][] = [];
  for (const p of parts) {
    p.quarters.forEach((q, quarter) => {
      for (let day = q.startMs / DAY_MS; day < q.endMs / DAY_MS; day++)
        rows.push([p.index, day, quarter]);
    });
  }
  return {
    length: rows.length,
    partnership: Int32Array.from(rows, (r) => r[0]),
    day: Int32Array.from(rows, (r) => r[1]),
    quarter: Int16Array.from(rows, (r) => r[2]),
  };
}
