import { NO_DAY } from './codes.js';
import type { DealColumns } from './deal-records.js';

const MAX_DAYS = 45;
const MAX_AMOUNT_GAP = 0.2;

/**
 * SPEC §4 rule 3: same normalized domain, close dates within 45 days, amounts
 * within 20% of the larger, and exactly one candidate both ways. Candidates
 * that see more than one are left apart and returned as clusters (connected
 * candidates), one entry per cluster.
 */
export function heuristicMatches(
  records: DealColumns,
  linked: Uint8Array,
  unlinked: Set<string>,
  pair: (a: number, b: number) => string,
): { matches: [number, number][]; clusters: number[][] } {
  const byDomain = new Map<string, [number[], number[]]>();
  for (let i = 0; i < records.length; i++) {
    const domain = records.domain[i];
    if (records.deleted[i] || linked[i] || !domain || !records.amountKnown[i] || records.closeDay[i] === NO_DAY) continue;
    let bucket = byDomain.get(domain);
    if (!bucket) byDomain.set(domain, (bucket = [[], []]));
    bucket[records.side[i]].push(i);
  }
  const edges: [number, number][] = [];
  for (const [sideA, sideB] of byDomain.values()) {
    if (!sideA.length || !sideB.length) continue;
    sideB.sort((x, y) => records.closeDay[x] - records.closeDay[y]);
    for (const a of sideA) {
      const day = records.closeDay[a];
      // Close dates sorted: skip B records more than 45 days earlier, stop past 45 days later.
      let lo = 0;
      let hi = sideB.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (records.closeDay[sideB[mid]] < day - MAX_DAYS) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < sideB.length && records.closeDay[sideB[k]] <= day + MAX_DAYS; k++) {
        const b = sideB[k];
        const [x, y] = [records.amount[a], records.amount[b]];
        if (Math.abs(x - y) <= MAX_AMOUNT_GAP * Math.max(x, y) && !unlinked.has(pair(a, b))) edges.push([a, b]);
      }
    }
  }
  const degree = new Map<number, number>();
  for (const [a, b] of edges) {
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const matches: [number, number][] = [];
  const ambiguous: [number, number][] = [];
  for (const edge of edges) (degree.get(edge[0]) === 1 && degree.get(edge[1]) === 1 ? matches : ambiguous).push(edge);
  return { matches, clusters: clustersOf(ambiguous) };
}

/** Connected candidates, each cluster sorted, clusters in order of their first record. */
function clustersOf(edges: [number, number][]): number[][] {
  const parent = new Map<number, number>();
  const find = (i: number): number => {
    let p = parent.get(i) ?? i;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(i, p);
    return p;
  };
  for (const [a, b] of edges) {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent.set(Math.max(x, y), Math.min(x, y));
  }
  const clusters = new Map<number, number[]>();
  for (const node of new Set(edges.flat())) {
    const root = find(node);
    (clusters.get(root) ?? clusters.set(root, []).get(root)!).push(node);
  }
  return [...clusters.values()].map((c) => c.sort((x, y) => x - y)).sort((x, y) => x[0] - y[0]);
}
