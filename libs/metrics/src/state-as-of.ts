import type { DealColumns, HistoryColumns } from './deal-records.js';

/** Where each record's history rows start: rows are sorted by record, then instant. */
export function historyOffsets(history: HistoryColumns, records: number): Int32Array {
  const offsets = new Int32Array(records + 1);
  for (let i = 0; i < history.length; i++) offsets[history.record[i] + 1]++;
  for (let r = 0; r < records; r++) offsets[r + 1] += offsets[r];
  return offsets;
}

/**
 * The records as they stood at `atMs` (SPEC §5 `call`): a record alive then
 * counts with its values then, even if deleted since; a record created later,
 * or deleted by then, is marked deleted. A change stamped exactly at `atMs`
 * is part of that state. Before a record's first history row but after its
 * creation, its oldest known values stand in (the CRM's history starts there).
 * Ids, domains and cross-references have no history: they keep their current value.
 */
export function dealColumnsAsOf(current: DealColumns, history: HistoryColumns, offsets: Int32Array, atMs: number): DealColumns {
  const n = current.length;
  const amount = new Float64Array(n);
  const amountKnown = new Uint8Array(n);
  const closeDay = new Int32Array(n);
  const category = new Uint8Array(n);
  const attribution = new Int8Array(n);
  const motion = new Int16Array(n);
  const deleted = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const created = current.createdMs[r];
    const createdBy = created <= atMs; // false for an unknown creation time (NaN)
    const from = offsets[r];
    const to = offsets[r + 1];
    let row = -1;
    for (let h = from; h < to && history.validFromMs[h] <= atMs; h++) row = h;
    if (row === -1 && to > from && createdBy) row = from;
    if (row >= 0) {
      amount[r] = history.amount[row];
      amountKnown[r] = history.amountKnown[row];
      closeDay[r] = history.closeDay[row];
      category[r] = history.category[row];
      attribution[r] = history.attribution[row];
      motion[r] = history.motion[row];
      deleted[r] = history.deleted[row] || (created > atMs ? 1 : 0);
    } else {
      amount[r] = current.amount[r];
      amountKnown[r] = current.amountKnown[r];
      closeDay[r] = current.closeDay[r];
      category[r] = current.category[r];
      attribution[r] = current.attribution[r];
      motion[r] = current.motion[r];
      // No history at or before the instant: alive only if created by then and not deleted now.
      deleted[r] = to > from || !createdBy || current.deleted[r] ? 1 : 0;
    }
  }
  return { ...current, amount, amountKnown, closeDay, category, attribution, motion, deleted };
}
