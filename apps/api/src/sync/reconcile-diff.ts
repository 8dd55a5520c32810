import type { InventoryEntry } from '@alignboard/connectors';
import { driftKinds, type DriftKind } from '@alignboard/contracts';

/**
 * How a stored record differs from the CRM's:
 * - `missing`: the CRM holds it, the store does not;
 * - `changed`: both hold it, under different stamps (a later one, or an
 *   earlier one: a portal restored from a backup);
 * - `deleted`: the CRM deleted it, the store has it live;
 * - `merged`: deleted by a HubSpot merge (a surviving deal names it);
 * - `restored`: the CRM has it live, the store deleted (or purged);
 * - `purged`: the store has it, the CRM holds no trace of it (hard delete,
 *   an emptied recycle bin, a GDPR deletion).
 */
export type DifferenceKind = DriftKind;
const differenceKinds = driftKinds;

export interface StoredEntry {
  crmId: string;
  modifiedMs: number;
  isDeleted: boolean;
  /** Gone from the CRM altogether, as an earlier reconciliation found. */
  purged: boolean;
}

export interface Difference {
  crmId: string;
  kind: DifferenceKind;
}

/**
 * The records whose stored version is not the CRM's, by kind. `listsAll`:
 * the CRM's entries are every record it holds (else only those of the store
 * it was asked about, and `missing` cannot be told). Ids compare whole: the
 * store's came from the same API, in the same form.
 */
export function differences(
  stored: Iterable<StoredEntry>,
  crm: Iterable<InventoryEntry>,
  options: { listsAll: boolean; mergedAway?: Set<string> },
): Difference[] {
  const byKey = new Map<string, StoredEntry>();
  for (const s of stored) byKey.set(s.crmId, s);
  const seen = new Set<string>();
  const out: Difference[] = [];
  for (const c of crm) {
    const key = c.crmId;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = byKey.get(key);
    if (!s) {
      if (options.listsAll) out.push({ crmId: c.crmId, kind: 'missing' });
      continue;
    }
    if (!c.isDeleted && (s.isDeleted || s.purged)) out.push({ crmId: s.crmId, kind: 'restored' });
    else if (c.isDeleted && !s.isDeleted) out.push({ crmId: s.crmId, kind: options.mergedAway?.has(c.crmId) ? 'merged' : 'deleted' });
    else if (Date.parse(c.modifiedAt) !== s.modifiedMs || s.purged) out.push({ crmId: s.crmId, kind: 'changed' });
  }
  for (const [key, s] of byKey) if (!seen.has(key) && !s.purged) out.push({ crmId: s.crmId, kind: 'purged' });
  return out;
}

/** Counts per kind, every kind present (0 when none). */
export function countByKind(found: Difference[]): Record<DifferenceKind, number> {
  const counts = Object.fromEntries(differenceKinds.map((k) => [k, 0])) as Record<DifferenceKind, number>;
  for (const d of found) counts[d.kind]++;
  return counts;
}
