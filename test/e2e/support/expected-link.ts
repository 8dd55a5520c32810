import type { DealGroupsView, ForecastCategory, PossibleDuplicate } from '@alignboard/contracts';

type ClusterMember = PossibleDuplicate['members'][number];

/** A record of a possible-duplicate cluster, as its own group stands before any link. */
export interface ClusterRecord {
  member: ClusterMember;
  /** What its group adds to `joint.total` now, in cents (0 when it does not count). */
  countedCents: number;
  /** Its group has an attribution or a motion. */
  inScope: boolean;
  /** The record's own values (known for the caller's side, A: the booking side). */
  category: ForecastCategory | null;
  closeDate: string | null;
  baseAmount: number | null;
}

const countedCategories: ForecastCategory[] = ['pipeline', 'upside', 'commit', 'closed_won'];

/**
 * A heuristic candidate is never part of a link or a cross-reference (SPEC §4),
 * so each record of a cluster is alone in its group: the group's amount is the
 * record's, and `figures` says whether it counts in the joint number.
 */
export function clusterRecords(cluster: PossibleDuplicate, view: DealGroupsView): ClusterRecord[] {
  return cluster.members.map((member) => {
    const group = view.groups.find((g) =>
      g.members.some((m) => m.side === member.side && m.crmId === member.crmId),
    );
    const own = group?.members.find((m) => m.side === member.side && m.crmId === member.crmId);
    if (group && group.members.length !== 1) {
      throw new Error(
        `${member.side}:${member.crmId} is listed as a possible duplicate but already shares group ${group.groupId}`,
      );
    }
    return {
      member,
      // The other side's record is visible only in an in-scope group; an invisible one counts in nothing.
      countedCents: group?.figures.includes('joint.total') ? cents(group.amount) : 0,
      inScope: group?.inScope ?? false,
      category: own?.forecastCategory ?? null,
      closeDate: own?.closeDate ?? null,
      baseAmount: own?.baseAmount ?? null,
    };
  });
}

/**
 * The change of `joint.total`, in cents, when side A's record `a` and side B's
 * record `b` of one cluster are linked by hand (SPEC §4): the pair becomes one
 * group whose amount, close date and category are the booking side A's record's,
 * in scope when either was; and the cluster's other records are matched again,
 * since the pair no longer competes for them.
 */
export function expectedLinkChangeCents(
  records: ClusterRecord[],
  a: ClusterRecord,
  b: ClusterRecord,
  quarter: { start: string; end: string },
): number {
  const before = records.reduce((sum, r) => sum + r.countedCents, 0);
  const rest = records.filter((r) => r !== a && r !== b);
  const pairs: [ClusterRecord, ClusterRecord][] = [[a, b], ...heuristicPairs(rest)];
  const paired = new Set(pairs.flat());
  const after =
    pairs.reduce((sum, [x, y]) => sum + pairCents(x, y, quarter), 0) +
    rest.filter((r) => !paired.has(r)).reduce((sum, r) => sum + r.countedCents, 0);
  return after - before;
}

function pairCents(
  a: ClusterRecord,
  b: ClusterRecord,
  quarter: { start: string; end: string },
): number {
  // The pair's group closes on A's date (A books). A record of a cluster can close outside the
  // quarter (a cluster belongs to every quarter one of its records closes in): the groups view of
  // the quarter then does not hold it, and the cluster's own copy of its close date decides.
  const closeDate = a.closeDate ?? a.member.closeDate;
  const closes = `${closeDate}T00:00:00.000Z`;
  const inQuarter =
    closes >= new Date(quarter.start).toISOString() && closes < new Date(quarter.end).toISOString();
  if (!inQuarter || !(a.inScope || b.inScope)) return 0;
  if (a.baseAmount === null || a.category === null) {
    throw new Error(
      `side A's record ${a.member.crmId} closes in the quarter but has no amount or category in the groups view`,
    );
  }
  return countedCategories.includes(a.category) ? cents(a.baseAmount) : 0;
}

/** SPEC §4 rule 3 within what is left of the cluster: candidates both ways, exactly one each. */
export function heuristicPairs(records: ClusterRecord[]): [ClusterRecord, ClusterRecord][] {
  const candidates = (r: ClusterRecord) =>
    records.filter((o) => o.member.side !== r.member.side && isCandidate(r.member, o.member));
  return records
    .filter((r) => r.member.side === 'A')
    .flatMap((r): [ClusterRecord, ClusterRecord][] => {
      const mine = candidates(r);
      return mine.length === 1 && candidates(mine[0]).length === 1 ? [[r, mine[0]]] : [];
    });
}

function isCandidate(x: ClusterMember, y: ClusterMember): boolean {
  const days = Math.abs(Date.parse(x.closeDate) - Date.parse(y.closeDate)) / 86_400_000;
  return (
    x.domain === y.domain &&
    days <= 45 &&
    Math.abs(x.amount - y.amount) <= 0.2 * Math.max(x.amount, y.amount)
  );
}

export const cents = (amount: number) => Math.round(amount * 100);
