import type { SideKey } from '@alignboard/contracts';
import { groupDeals, type DealColumns, type DealGroups, type GroupOverride } from '@alignboard/metrics';

const otherSide = (side: SideKey): SideKey => (side === 'A' ? 'B' : 'A');

/**
 * The sharing rule for overrides (ADR 003): a side brings only its own
 * business into a shared group. Its people may name the other side's record
 * only when they see it already, and an override they make or remove may not
 * put in scope any record of the other side that is out of scope now — the
 * heuristic match can pull in a record the override does not name. Judged on
 * the current state: scope at a past instant follows from the same groups.
 * An admin or the CLI (`viewer` null) stands on neither side and may do
 * anything.
 */
export class OverrideSharing {
  private readonly index = new Map<string, number>();

  constructor(
    readonly viewer: SideKey | null,
    private readonly records: DealColumns,
    private readonly groups: DealGroups,
    private readonly overrides: readonly GroupOverride[],
    private readonly bookingSide: SideKey,
  ) {
    for (let i = 0; i < records.length; i++) this.index.set(key(sideOf(records, i), records.crmId[i]!), i);
  }

  /** The side whose records the rule protects from the caller; null for an operator. */
  get protectedSide(): SideKey | null {
    return this.viewer === null ? null : otherSide(this.viewer);
  }

  /** Whether the caller sees this stored record now: their own side's, or one in an in-scope group. */
  sees(side: SideKey, crmId: string): boolean {
    if (this.viewer === null || side === this.viewer) return true;
    const i = this.index.get(key(side, crmId));
    return i !== undefined && inScope(this.groups, i);
  }

  /** The overrides as they would stand after replacing (or adding) the pair's override. */
  withOverride(next: GroupOverride): GroupOverride[] {
    return [...this.withoutPair(next.a, next.b), next];
  }

  withoutPair(a: string, b: string): GroupOverride[] {
    return this.overrides.filter((o) => o.a !== a || o.b !== b);
  }

  /** How many of the protected side's records these overrides would put in scope that are out of scope now. */
  newlyShared(proposed: GroupOverride[]): number {
    const side = this.protectedSide;
    if (side === null) return 0;
    const after = groupDeals(this.records, { bookingSide: this.bookingSide, overrides: proposed });
    let count = 0;
    for (let i = 0; i < this.records.length; i++) {
      if (sideOf(this.records, i) === side && !inScope(this.groups, i) && inScope(after, i)) count++;
    }
    return count;
  }
}

function sideOf(records: DealColumns, i: number): SideKey {
  return records.side[i] ? 'B' : 'A';
}

function inScope(groups: DealGroups, i: number): boolean {
  const g = groups.groupOf[i];
  return g >= 0 && groups.inScope[g] === 1;
}

const key = (side: SideKey, crmId: string) => `${side}:${crmId}`;
