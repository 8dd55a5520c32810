import type {
  ForecastCategory,
  PacketDeal,
  PacketDealChange,
  SharedField,
  SideKey,
} from '@alignboard/contracts';
import {
  categoryName,
  dateOfDay,
  money,
  type DealColumns,
  type DealGroups,
  type PartnershipFigures,
} from '@alignboard/metrics';

/** The records and their groups at one instant (`PartnershipFigures.stateAt`). */
export interface DealState {
  records: DealColumns;
  groups: DealGroups;
}

/** What the figures do not carry of a record: its names, in the records table's order. */
export interface RecordNames {
  name: string | null;
  accountName: string | null;
}

/** libs/metrics marks a group whose records have no close date with the smallest Int32. */
const noCloseDay = -(2 ** 31);
const openCategories: ReadonlySet<ForecastCategory | null> = new Set([
  'pipeline',
  'upside',
  'commit',
]);

export const categoryOf = (s: DealState, g: number): ForecastCategory | null =>
  categoryName(s.groups.category[g]);
export const isOpen = (s: DealState, g: number) => openCategories.has(categoryOf(s, g));
export const closeDateOf = (s: DealState, g: number) =>
  s.groups.closeDay[g] === noCloseDay ? null : dateOfDay(s.groups.closeDay[g]);

/**
 * Describes deal groups to both sides at once (the packet goes to each
 * side's attendees): the group's figures, which are shared, plus a name and
 * an account name only from a member whose side shares that field (SPEC §2).
 * The booking side's largest member speaks first.
 */
export class DealDescriber {
  constructor(
    private readonly figures: PartnershipFigures,
    private readonly names: RecordNames[],
    private readonly sharedFields: Record<SideKey, SharedField[]>,
  ) {}

  deal(s: DealState, g: number): PacketDeal {
    const members = this.membersBySpeakingOrder(s, g);
    return {
      groupId: this.figures.groupId(s.records, s.groups, g),
      name: this.sharedValue(s, members, 'name', (n) => n.name),
      accountName: this.sharedValue(s, members, 'accountName', (n) => n.accountName),
      amount: money(s.groups.amount[g]),
      closeDate: closeDateOf(s, g),
      category: categoryOf(s, g),
    };
  }

  /** The deal now, with its values at the earlier state (`then` group -1: it did not exist). */
  change(now: DealState, g: number, then: DealState, tg: number): PacketDealChange {
    return {
      ...this.deal(now, g),
      before:
        tg < 0
          ? null
          : {
              amount: money(then.groups.amount[tg]),
              closeDate: closeDateOf(then, tg),
              category: categoryOf(then, tg),
            },
    };
  }

  private membersBySpeakingOrder(s: DealState, g: number): number[] {
    const { records, groups } = s;
    const booking = this.figures.data.bookingSide === 'A' ? 0 : 1;
    const members = Array.from(
      groups.members.subarray(groups.memberStart[g], groups.memberStart[g + 1]),
    );
    return members.sort(
      (i, j) =>
        Number(records.side[i] !== booking) - Number(records.side[j] !== booking) ||
        records.amount[j] - records.amount[i] ||
        (records.crmId[i]! < records.crmId[j]! ? -1 : 1),
    );
  }

  private sharedValue(
    s: DealState,
    members: number[],
    field: SharedField,
    pick: (n: RecordNames) => string | null,
  ): string | null {
    for (const i of members) {
      const side: SideKey = s.records.side[i] ? 'B' : 'A';
      const value = this.names[i] ? pick(this.names[i]) : null;
      if (value && this.sharedFields[side].includes(field)) return value;
    }
    return null;
  }
}

/**
 * The group that held a record of `g` at the earlier state: records keep
 * their position in the table across states, so a group is followed by its
 * members even when a member joined or left (which would change its id).
 */
export function groupBefore(now: DealState, g: number, then: DealState): number {
  for (let k = now.groups.memberStart[g]; k < now.groups.memberStart[g + 1]; k++) {
    const tg = then.groups.groupOf[now.groups.members[k]];
    if (tg >= 0) return tg;
  }
  return -1;
}
