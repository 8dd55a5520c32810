import type { Attribution, ForecastCategory, SideKey } from '@alignboard/contracts';
import { tableFromArrays, type Table } from 'apache-arrow';
import { categoryCode, dayOf, NO_ATTRIBUTION, NO_CATEGORY, NO_DAY, NO_MOTION, SIDE_A, SIDE_B, SOURCED, INFLUENCED } from './codes.js';

/** One CRM opportunity as the figures need it: amounts already in the base currency. */
export interface DealRecord {
  /** Alignboard's id of the record (traces a figure back to it). */
  id: string;
  side: SideKey;
  crmId: string;
  /** The other side's record this one names (cross-reference), as stored. */
  partnerRecordId: string | null;
  domain: string | null;
  /** Base currency; null counts as 0 and is never a match candidate. */
  amount: number | null;
  closeDate: string | null;
  category: ForecastCategory | null;
  attribution: Attribution | null;
  /** The motion value as the CRM holds it; matched to the motions' keys trimmed, case-insensitive. */
  motion: string | null;
  /** ISO instant. */
  createdAt: string | null;
  deleted: boolean;
}

/** One state of a record from `validFrom` on (SPEC §2 history). */
export interface DealHistoryRow {
  recordId: string;
  validFrom: string;
  amount: number | null;
  closeDate: string | null;
  category: ForecastCategory | null;
  attribution: Attribution | null;
  motion: string | null;
  deleted: boolean;
}

export interface RecordEncoding {
  providers: { A: 'salesforce' | 'hubspot'; B: 'salesforce' | 'hubspot' };
  motionKeys: string[];
}

/** Salesforce ids compare by their first 15 characters (SPEC §4). */
export function idKey(provider: 'salesforce' | 'hubspot', id: string): string {
  const trimmed = id.trim();
  return provider === 'salesforce' ? trimmed.slice(0, 15) : trimmed;
}

export function motionIndex(motionKeys: string[]): (value: string | null) => number {
  const index = new Map(motionKeys.map((k, i) => [k.trim().toLowerCase(), i]));
  return (value) => (value === null ? NO_MOTION : (index.get(value.trim().toLowerCase()) ?? NO_MOTION));
}

const attributionCode = (a: Attribution | null) => (a === 'sourced' ? SOURCED : a === 'influenced' ? INFLUENCED : NO_ATTRIBUTION);

/** The records table every figure is computed from. */
export function dealRecordsTable(records: DealRecord[], encoding: RecordEncoding): Table {
  const motion = motionIndex(encoding.motionKeys);
  const other = (side: SideKey) => encoding.providers[side === 'A' ? 'B' : 'A'];
  return tableFromArrays({
    id: records.map((r) => r.id),
    side: Uint8Array.from(records, (r) => (r.side === 'A' ? SIDE_A : SIDE_B)),
    crmId: records.map((r) => r.crmId),
    idKey: records.map((r) => idKey(encoding.providers[r.side], r.crmId)),
    partnerKey: records.map((r) => (r.partnerRecordId ? idKey(other(r.side), r.partnerRecordId) : null)),
    domain: records.map((r) => r.domain),
    amount: Float64Array.from(records, (r) => r.amount ?? 0),
    amountKnown: Uint8Array.from(records, (r) => (r.amount === null ? 0 : 1)),
    closeDay: Int32Array.from(records, (r) => (r.closeDate ? dayOf(r.closeDate) : NO_DAY)),
    category: Uint8Array.from(records, (r) => (r.category ? categoryCode[r.category] : NO_CATEGORY)),
    attribution: Int8Array.from(records, (r) => attributionCode(r.attribution)),
    motion: Int16Array.from(records, (r) => motion(r.motion)),
    createdMs: Float64Array.from(records, (r) => (r.createdAt ? Date.parse(r.createdAt) : Number.NaN)),
    deleted: Uint8Array.from(records, (r) => (r.deleted ? 1 : 0)),
  });
}

/** History rows by record and instant; a row for a record not in `records` is dropped. */
export function dealHistoryTable(rows: DealHistoryRow[], records: DealRecord[], encoding: Pick<RecordEncoding, 'motionKeys'>): Table {
  const position = new Map(records.map((r, i) => [r.id, i]));
  const motion = motionIndex(encoding.motionKeys);
  const kept = rows
    .filter((h) => position.has(h.recordId))
    .map((h) => ({ h, record: position.get(h.recordId)!, at: Date.parse(h.validFrom) }))
    .sort((x, y) => x.record - y.record || x.at - y.at);
  return tableFromArrays({
    record: Int32Array.from(kept, (k) => k.record),
    validFromMs: Float64Array.from(kept, (k) => k.at),
    amount: Float64Array.from(kept, (k) => k.h.amount ?? 0),
    amountKnown: Uint8Array.from(kept, (k) => (k.h.amount === null ? 0 : 1)),
    closeDay: Int32Array.from(kept, (k) => (k.h.closeDate ? dayOf(k.h.closeDate) : NO_DAY)),
    category: Uint8Array.from(kept, (k) => (k.h.category ? categoryCode[k.h.category] : NO_CATEGORY)),
    attribution: Int8Array.from(kept, (k) => attributionCode(k.h.attribution)),
    motion: Int16Array.from(kept, (k) => motion(k.h.motion)),
    deleted: Uint8Array.from(kept, (k) => (k.h.deleted ? 1 : 0)),
  });
}

/** The typed columns of a records table: every figure loops over these, never per-value `get`. */
export interface DealColumns {
  length: number;
  id: (string | null)[];
  side: Uint8Array;
  crmId: (string | null)[];
  idKey: (string | null)[];
  partnerKey: (string | null)[];
  domain: (string | null)[];
  amount: Float64Array;
  amountKnown: Uint8Array;
  closeDay: Int32Array;
  category: Uint8Array;
  attribution: Int8Array;
  motion: Int16Array;
  createdMs: Float64Array;
  deleted: Uint8Array;
}

export interface HistoryColumns {
  length: number;
  record: Int32Array;
  validFromMs: Float64Array;
  amount: Float64Array;
  amountKnown: Uint8Array;
  closeDay: Int32Array;
  category: Uint8Array;
  attribution: Int8Array;
  motion: Int16Array;
  deleted: Uint8Array;
}

function column<T>(table: Table, name: string): T {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`the table has no column ${name}`);
  return vector.toArray() as T;
}

/** Strings come out of dictionary columns as plain arrays (once per load, not per figure). */
function strings(table: Table, name: string): (string | null)[] {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`the table has no column ${name}`);
  return Array.from(vector as Iterable<string | null>);
}

export function dealColumns(table: Table): DealColumns {
  return {
    length: table.numRows,
    id: strings(table, 'id'),
    side: column(table, 'side'),
    crmId: strings(table, 'crmId'),
    idKey: strings(table, 'idKey'),
    partnerKey: strings(table, 'partnerKey'),
    domain: strings(table, 'domain'),
    amount: column(table, 'amount'),
    amountKnown: column(table, 'amountKnown'),
    closeDay: column(table, 'closeDay'),
    category: column(table, 'category'),
    attribution: column(table, 'attribution'),
    motion: column(table, 'motion'),
    createdMs: column(table, 'createdMs'),
    deleted: column(table, 'deleted'),
  };
}

export function historyColumns(table: Table): HistoryColumns {
  return {
    length: table.numRows,
    record: column(table, 'record'),
    validFromMs: column(table, 'validFromMs'),
    amount: column(table, 'amount'),
    amountKnown: column(table, 'amountKnown'),
    closeDay: column(table, 'closeDay'),
    category: column(table, 'category'),
    attribution: column(table, 'attribution'),
    motion: column(table, 'motion'),
    deleted: column(table, 'deleted'),
  };
}

export interface RecordWarning {
  /** Position in the records table. */
  record: number;
  kind: 'null_amount' | 'unmapped_attribution' | 'unknown_motion' | 'unknown_currency';
  message: string;
}

/** Data-quality warnings the encoding itself finds (SPEC §3–§4): null amounts, motion values no motion has. */
export function dealRecordWarnings(records: DealRecord[], encoding: Pick<RecordEncoding, 'motionKeys'>): RecordWarning[] {
  const motion = motionIndex(encoding.motionKeys);
  const warnings: RecordWarning[] = [];
  records.forEach((r, i) => {
    if (r.deleted) return;
    if (r.amount === null) warnings.push({ record: i, kind: 'null_amount', message: 'no amount: counted as 0' });
    if (r.motion !== null && r.motion.trim() !== '' && motion(r.motion) === NO_MOTION) {
      warnings.push({ record: i, kind: 'unknown_motion', message: `motion "${r.motion}" is no motion's key: counted as no motion` });
    }
  });
  return warnings;
}
