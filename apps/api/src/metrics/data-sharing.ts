import type { SharedField, SideKey } from '@alignboard/contracts';
import type { DealColumns, DealGroups } from '@alignboard/metrics';

/**
 * What a caller may see of the records behind the figures (SPEC §2): their
 * own side's records in full; the other side's only when they belong to an
 * in-scope deal group (at the instant asked about), and then only the fields
 * the owning side shares. `viewer` null is an admin or the CLI: the
 * operator, who stands on neither side, sees everything.
 */
/** Record positions by side and CRM id, built once per records table (not per request). */
const indexes = new WeakMap<DealColumns, Map<string, number>>();

export class RecordVisibility {
  constructor(
    readonly viewer: SideKey | null,
    private readonly sharedFields: { A: SharedField[]; B: SharedField[] },
    private readonly records: DealColumns,
    private readonly groups: DealGroups,
  ) {}

  sideOf(i: number): SideKey {
    return this.records.side[i] ? 'B' : 'A';
  }

  own(i: number): boolean {
    return this.viewer === null || this.sideOf(i) === this.viewer;
  }

  sees(i: number): boolean {
    if (this.own(i)) return true;
    const g = this.groups.groupOf[i];
    return g >= 0 && this.groups.inScope[g] === 1;
  }

  /** A field of a record the caller sees. */
  shares(i: number, field: SharedField): boolean {
    return this.own(i) || this.sideShares(this.sideOf(i), field);
  }

  /** Whether a side's records show this field to the caller. */
  sideShares(side: SideKey, field: SharedField): boolean {
    return this.viewer === null || side === this.viewer || this.sharedFields[side].includes(field);
  }

  /** A record's position by side and CRM id, -1 when unknown. */
  find(side: SideKey, crmId: string): number {
    let index = indexes.get(this.records);
    if (!index) {
      index = new Map();
      for (let i = 0; i < this.records.length; i++)
        index.set(`${this.sideOf(i)}:${this.records.crmId[i]}`, i);
      indexes.set(this.records, index);
    }
    return index.get(`${side}:${crmId}`) ?? -1;
  }
}
