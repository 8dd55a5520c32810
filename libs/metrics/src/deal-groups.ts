import type { SideKey } from '@alignboard/contracts';
import { NO_ATTRIBUTION, NO_CATEGORY, NO_DAY, NO_MOTION, SIDE_A } from './codes.js';
import type { DealColumns } from './deal-records.js';
import { heuristicMatches } from './heuristic-match.js';

/** A manual override (SPEC §4 rule 1), by the CRM ids of side A's and side B's record. */
export interface GroupOverride {
  kind: 'link' | 'unlink';
  a: string;
  b: string;
}

export interface GroupingRules {
  bookingSide: SideKey;
  overrides: GroupOverride[];
}

/** Fields a group took from disagreeing members (SPEC §4). */
export interface FieldConflict {
  group: number;
  field: 'attribution' | 'motion';
  /** The codes each side's members hold (no value left out). */
  values: [number[], number[]];
  used: number;
}

/**
 * Deal groups in typed columns, one entry per group; `memberStart`/`members`
 * list each group's records (compressed rows) so every figure traces back.
 */
export interface DealGroups {
  count: number;
  /** Group of each record, -1 for a deleted record. */
  groupOf: Int32Array;
  memberStart: Int32Array;
  members: Int32Array;
  amount: Float64Array;
  closeDay: Int32Array;
  category: Uint8Array;
  attribution: Int8Array;
  motion: Int16Array;
  createdMs: Float64Array;
  memberCount: Int32Array;
  inScope: Uint8Array;
  conflicts: FieldConflict[];
  /** Clusters of heuristic candidates that could not be matched one to one (record indices). */
  possibleDuplicates: number[][];
}

/** SPEC §4: overrides, then cross-references, then the unique heuristic match. */
export function groupDeals(records: DealColumns, rules: GroupingRules): DealGroups {
  const n = records.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (i: number, j: number) => {
    const [a, b] = [find(i), find(j)];
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };

  // Live records by side and id key.
  const byKey: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  for (let i = 0; i < n; i++) if (!records.deleted[i] && records.idKey[i] !== null) byKey[records.side[i]].set(records.idKey[i]!, i);
  // An override may name a Salesforce record by its 18-character id; the key holds 15.
  const lookup = (side: number, id: string) => byKey[side].get(id) ?? (id.length === 18 ? byKey[side].get(id.slice(0, 15)) : undefined);

  const unlinked = new Set<string>();
  const linked = new Uint8Array(n);
  const pair = (a: number, b: number) => (records.side[a] === SIDE_A ? `${a}:${b}` : `${b}:${a}`);
  const overrides = rules.overrides.map((o) => ({ kind: o.kind, a: lookup(0, o.a.trim()), b: lookup(1, o.b.trim()) }));
  for (const o of overrides) if (o.kind === 'unlink' && o.a !== undefined && o.b !== undefined) unlinked.add(pair(o.a, o.b));
  for (const o of overrides) {
    if (o.kind !== 'link' || o.a === undefined || o.b === undefined) continue;
    union(o.a, o.b);
    linked[o.a] = linked[o.b] = 1;
  }
  for (let i = 0; i < n; i++) {
    const ref = records.partnerKey[i];
    if (records.deleted[i] || ref === null) continue;
    const j = lookup(1 - records.side[i], ref); // a reference to a deleted or unknown record is ignored
    if (j === undefined || unlinked.has(pair(i, j))) continue;
    union(i, j);
    linked[i] = linked[j] = 1;
  }
  const { matches, clusters } = heuristicMatches(records, linked, unlinked, pair);
  for (const [a, b] of matches) union(a, b);

  return assembleGroups(records, rules.bookingSide === 'A' ? 0 : 1, find, clusters);
}

function assembleGroups(records: DealColumns, booking: number, find: (i: number) => number, possibleDuplicates: number[][]): DealGroups {
  const n = records.length;
  const groupOf = new Int32Array(n).fill(-1);
  const groupOfRoot = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (records.deleted[i]) continue;
    const root = find(i);
    if (groupOfRoot[root] === -1) groupOfRoot[root] = count++;
    groupOf[i] = groupOfRoot[root];
  }
  const memberStart = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0) memberStart[groupOf[i] + 1]++;
  for (let g = 0; g < count; g++) memberStart[g + 1] += memberStart[g];
  const members = new Int32Array(memberStart[count]);
  const fill = memberStart.slice(0, count);
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0) members[fill[groupOf[i]]++] = i;

  const groups: DealGroups = {
    count, groupOf, memberStart, members,
    amount: new Float64Array(count),
    closeDay: new Int32Array(count).fill(NO_DAY),
    category: new Uint8Array(count).fill(NO_CATEGORY),
    attribution: new Int8Array(count).fill(NO_ATTRIBUTION),
    motion: new Int16Array(count).fill(NO_MOTION),
    createdMs: new Float64Array(count).fill(Number.NaN),
    memberCount: new Int32Array(count),
    inScope: new Uint8Array(count),
    conflicts: [],
    possibleDuplicates,
  };
  for (let g = 0; g < count; g++) fillGroup(records, groups, g, booking);
  return groups;
}

/** Amount, close date and category from the booking side's members when it has any (SPEC §4). */
function fillGroup(records: DealColumns, groups: DealGroups, g: number, booking: number) {
  const from = groups.memberStart[g];
  const to = groups.memberStart[g + 1];
  let source = 1 - booking;
  for (let k = from; k < to; k++) if (records.side[groups.members[k]] === booking) source = booking;
  let amount = 0;
  let largest = -1;
  let created = Number.NaN;
  for (let k = from; k < to; k++) {
    const i = groups.members[k];
    const c = records.createdMs[i];
    if (!Number.isNaN(c) && (Number.isNaN(created) || c < created)) created = c;
    if (records.side[i] !== source) continue;
    amount += records.amount[i];
    if (largest === -1 || records.amount[i] > records.amount[largest]) largest = i;
  }
  groups.amount[g] = amount;
  groups.closeDay[g] = records.closeDay[largest];
  groups.category[g] = records.category[largest];
  groups.createdMs[g] = created;
  groups.memberCount[g] = to - from;
  groups.attribution[g] = agreedValue(records, groups, g, booking, records.attribution, NO_ATTRIBUTION, 'attribution');
  groups.motion[g] = agreedValue(records, groups, g, booking, records.motion, NO_MOTION, 'motion');
  groups.inScope[g] = groups.attribution[g] !== NO_ATTRIBUTION || groups.motion[g] !== NO_MOTION ? 1 : 0;
}

/**
 * The members' value: a member without one does not disagree; when values
 * differ the booking side's wins (its largest member with a value) and the
 * group is listed as a conflict.
 */
function agreedValue(
  records: DealColumns,
  groups: DealGroups,
  g: number,
  booking: number,
  values: Int8Array | Int16Array,
  none: number,
  field: FieldConflict['field'],
): number {
  const from = groups.memberStart[g];
  const to = groups.memberStart[g + 1];
  let first = none;
  let differ = false;
  for (let k = from; k < to; k++) {
    const v = values[groups.members[k]];
    if (v === none) continue;
    if (first === none) first = v;
    else if (v !== first) differ = true;
  }
  if (!differ) return first;
  const bySide: [number[], number[]] = [[], []];
  let used = none;
  let usedAmount = -Infinity;
  let usedSide = -1;
  for (let k = from; k < to; k++) {
    const i = groups.members[k];
    const v = values[i];
    if (v === none) continue;
    const side = records.side[i];
    if (!bySide[side].includes(v)) bySide[side].push(v);
    const better = side === booking ? usedSide !== booking || records.amount[i] > usedAmount : usedSide === -1 || (usedSide !== booking && records.amount[i] > usedAmount);
    if (better) [used, usedAmount, usedSide] = [v, records.amount[i], side];
  }
  groups.conflicts.push({ group: g, field, values: bySide, used });
  return used;
}
