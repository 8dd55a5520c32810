import type { DealHistoryRow, DealRecord, RecordEncoding } from '../deal-records.js';
import { dealColumns, dealHistoryTable, dealRecordsTable, dealRecordWarnings } from '../deal-records.js';
import type { PartnershipData } from '../quarter-metrics.js';

/** A record with every field empty unless the test says otherwise. */
export function deal(over: Partial<DealRecord> & Pick<DealRecord, 'side' | 'crmId'>): DealRecord {
  return {
    id: `${over.side}:${over.crmId}`,
    partnerRecordId: null,
    domain: null,
    amount: 0,
    closeDate: null,
    category: null,
    attribution: null,
    motion: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    deleted: false,
    ...over,
  };
}

export function state(recordId: string, validFrom: string, over: Partial<DealHistoryRow>): DealHistoryRow {
  return { recordId, validFrom, amount: 0, closeDate: null, category: null, attribution: null, motion: null, deleted: false, ...over };
}

export const encoding: RecordEncoding = { providers: { A: 'salesforce', B: 'hubspot' }, motionKeys: [] };

export const columnsOf = (records: DealRecord[], motionKeys: string[] = []) =>
  dealColumns(dealRecordsTable(records, { ...encoding, motionKeys }));

export function partnershipData(
  records: DealRecord[],
  history: DealHistoryRow[],
  over: Partial<Omit<PartnershipData, 'records' | 'history'>> & Pick<PartnershipData, 'motions' | 'stateAtMs'>,
): PartnershipData {
  const motionKeys = over.motions.map((m) => m.key);
  return {
    key: 'cobalt-northgate',
    currency: 'USD',
    calendar: { startMonth: 1, namedBy: 'start' },
    bookingSide: 'A',
    killThreshold: 0.05,
    overrides: [],
    health: { meetings: [], asks: [], decisions: [], artifacts: [] },
    warnings: dealRecordWarnings(records, { motionKeys }),
    ...over,
    records: dealRecordsTable(records, { ...encoding, motionKeys }),
    history: dealHistoryTable(history, records, { motionKeys }),
  };
}
