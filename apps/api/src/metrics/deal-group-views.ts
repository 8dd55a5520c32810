import {
  forecastCategories,
  type DealGroupMemberView,
  type DealGroupsQuery,
  type DealGroupView,
  type MetricFigure,
} from '@alignboard/contracts';
import {
  attributionName,
  categoryName,
  dateOfDay,
  money,
  type DealColumns,
  type DealGroups,
  type QuarterBounds,
} from '@alignboard/metrics';
import type { RecordVisibility } from './data-sharing.js';
import type { DayRange } from './metrics-views.js';
import type { StoredHistoryRow, StoredOpportunity } from './partnership-snapshot.js';

/** The figures' category codes follow the contract's list; no category is 255. */
const code = (c: (typeof forecastCategories)[number]) => forecastCategories.indexOf(c);
const [PIPELINE, UPSIDE, COMMIT, CLOSED_WON, CLOSED_LOST, OMITTED] = [
  code('pipeline'),
  code('upside'),
  code('commit'),
  code('closed_won'),
  code('closed_lost'),
  code('omitted'),
];
const openFigure: Record<number, MetricFigure> = {
  [PIPELINE]: 'joint.pipeline',
  [UPSIDE]: 'joint.upside',
  [COMMIT]: 'joint.commit',
};

export interface GroupListing {
  records: DealColumns;
  groups: DealGroups;
  /** The stored rows in table order, and their history, for the fields the figures do not carry. */
  stored: StoredOpportunity[];
  history: Map<string, StoredHistoryRow[]>;
  motionKeys: string[];
  visibility: RecordVisibility;
  bounds: QuarterBounds;
  range: DayRange;
  asOfMs: number;
  stateAtMs: number;
}

/** The quarter's figures a group counts in, by the same rules as libs/metrics (SPEC §5). */
export function figuresOf(
  l: Pick<GroupListing, 'groups' | 'bounds' | 'range'>,
  g: number,
): MetricFigure[] {
  const { groups, bounds, range } = l;
  if (!groups.inScope[g]) return [];
  const out: MetricFigure[] = [];
  const c = groups.category[g];
  if (
    groups.closeDay[g] >= range.startDay &&
    groups.closeDay[g] < range.endDay &&
    c <= CLOSED_LOST
  ) {
    if (c <= COMMIT) out.push('joint.total', 'joint.open', openFigure[c]);
    else if (c === CLOSED_WON) out.push('joint.total', 'joint.closedWon');
    else out.push('joint.closedLost');
    if (groups.attribution[g] >= 0 && c <= CLOSED_WON)
      out.push(groups.attribution[g] === 0 ? 'split.sourced' : 'split.influenced');
    if (groups.motion[g] >= 0 && c === CLOSED_WON) out.push('motion.closedWon');
  }
  const created = groups.createdMs[g];
  // Produced: any category but omitted (or none), whatever the close date.
  if (groups.motion[g] >= 0 && created >= bounds.startMs && created < bounds.endMs && c < OMITTED)
    out.push('motion.produced');
  return out;
}

/**
 * The groups behind the quarter's figures (or one figure), each with the
 * members the caller may see. An out-of-scope group (listed with
 * `scope=all`) shows the caller's own members only, and its amount, close
 * date and category are then those members', so nothing of the other side's
 * direct business shows through the group either.
 */
export function dealGroupViews(
  l: GroupListing,
  query: DealGroupsQuery,
  motionCode: number | null,
): DealGroupView[] {
  const { groups, records, visibility, range } = l;
  const views: DealGroupView[] = [];
  for (let g = 0; g < groups.count; g++) {
    if (motionCode !== null && groups.motion[g] !== motionCode) continue;
    const figures = figuresOf(l, g);
    const closes = groups.closeDay[g] >= range.startDay && groups.closeDay[g] < range.endDay;
    if (
      query.figure
        ? !figures.includes(query.figure)
        : !figures.length && !(query.scope === 'all' && closes)
    )
      continue;
    const all = Array.from(
      groups.members.subarray(groups.memberStart[g], groups.memberStart[g + 1]),
    );
    const visible = all.filter((i) => visibility.sees(i));
    if (!visible.length) continue;
    const whole = visible.length === all.length;
    let largest = visible[0];
    for (const i of visible) if (records.amount[i] > records.amount[largest]) largest = i;
    const createdMs = whole
      ? groups.createdMs[g]
      : Math.min(...visible.map((i) => records.createdMs[i]).filter((ms) => !Number.isNaN(ms)));
    views.push({
      groupId: visible.map((i) => `${visibility.sideOf(i)}:${records.crmId[i]}`).sort()[0],
      amount: money(
        whole ? groups.amount[g] : visible.reduce((sum, i) => sum + records.amount[i], 0),
      ),
      closeDate: day(whole ? groups.closeDay[g] : records.closeDay[largest]),
      category: categoryName(whole ? groups.category[g] : records.category[largest]),
      attribution:
        whole && groups.attribution[g] >= 0 ? attributionName(groups.attribution[g]) : null,
      motion: whole && groups.motion[g] >= 0 ? l.motionKeys[groups.motion[g]] : null,
      createdAt: Number.isFinite(createdMs) ? new Date(createdMs).toISOString() : null,
      inScope: groups.inScope[g] === 1,
      figures,
      members: visible.map((i) => memberView(l, i)),
    });
  }
  return views.sort((x, y) => y.amount - x.amount || (x.groupId < y.groupId ? -1 : 1));
}

/** A member with the fields the caller may see, values as of asOf (current for those without history). */
function memberView(l: GroupListing, i: number): DealGroupMemberView {
  const { records, visibility } = l;
  const stored = l.stored[i];
  const state = storedStateAt(stored, l.history.get(stored.id), l.asOfMs, l.stateAtMs);
  const view: DealGroupMemberView = { side: visibility.sideOf(i), crmId: stored.crmId };
  const shared = (field: Parameters<RecordVisibility['shares']>[1]) => visibility.shares(i, field);
  if (shared('name')) view.name = stored.name;
  if (shared('accountName')) view.accountName = stored.accountName;
  if (shared('accountDomain')) view.accountDomain = stored.accountDomain;
  if (shared('amount')) {
    view.amount = state.amount === null ? null : Number(state.amount);
    view.currency = state.currency;
    view.baseAmount = records.amountKnown[i] ? money(records.amount[i]) : null;
  }
  if (shared('closeDate')) view.closeDate = state.closeDate;
  if (shared('stage')) view.stage = state.stage;
  if (shared('forecastCategory')) view.forecastCategory = state.forecastCategory;
  if (shared('attribution')) view.attribution = state.attribution;
  if (shared('motion')) view.motion = state.motionKey;
  if (shared('probability'))
    view.probability = stored.probability === null ? null : Number(stored.probability);
  return view;
}

type StoredState = Pick<
  StoredOpportunity,
  'amount' | 'currency' | 'closeDate' | 'stage' | 'forecastCategory' | 'attribution' | 'motionKey'
>;

/** The stored values in force at `atMs`, by the rule libs/metrics rebuilds past states with. */
export function storedStateAt(
  o: StoredOpportunity,
  rows: StoredHistoryRow[] | undefined,
  atMs: number,
  stateAtMs: number,
): StoredState {
  if (atMs >= stateAtMs || !rows?.length) return o;
  let row: StoredHistoryRow | undefined;
  for (const r of rows) {
    if (Date.parse(r.validFrom) > atMs) break;
    row = r;
  }
  if (!row && o.createdAt && Date.parse(o.createdAt) <= atMs) row = rows[0];
  if (!row) return o;
  return { ...row, currency: row.currency ?? o.currency };
}

const day = (d: number) => (d === -2147483648 ? null : dateOfDay(d));
