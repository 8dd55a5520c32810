import type { Attribution, ForecastCategory, SideKey } from '@alignboard/contracts';
import { makeVector, Table } from 'apache-arrow';
import { categoryCode, NO_ATTRIBUTION, NO_CATEGORY, NO_DAY, NO_MOTION, SIDE_A, SIDE_B, SOURCED, INFLUENCED } from './codes.js';
import { closeDays, instantMs } from './iso-dates.js';
import { utf8Data, utf8Values } from './utf8-column.js';

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

/**
 * The records table every figure is computed from, built column by column:
 * one pass fills the typed columns, and each text column is written as UTF-8
 * bytes with offsets (`utf8Data`). arrow-js's own builders (`tableFromArrays`)
 * took ~11 s per million records, hashing every id into a dictionary of
 * values that are all distinct anyway.
 */
export function dealRecordsTable(records: DealRecord[], encoding: RecordEncoding): Table {
  const n = records.length;
  const motion = cachedMotionIndex(encoding.motionKeys);
  const closeDayOf = closeDays();
  const { A, B } = encoding.providers;
  const id = new Array<string>(n);
  const crmId = new Array<string>(n);
  const key = new Array<string>(n);
  const partnerKey = new Array<string | null>(n);
  const domain = new Array<string | null>(n);
  const side = new Uint8Array(n);
  const amount = new Float64Array(n);
  const amountKnown = new Uint8Array(n);
  const closeDay = new Int32Array(n);
  const category = new Uint8Array(n);
  const attribution = new Int8Array(n);
  const motionCode = new Int16Array(n);
  const createdMs = new Float64Array(n);
  const deleted = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const onA = r.side === 'A';
    id[i] = r.id;
    crmId[i] = r.crmId;
    key[i] = idKey(onA ? A : B, r.crmId);
    partnerKey[i] = r.partnerRecordId ? idKey(onA ? B : A, r.partnerRecordId) : null;
    domain[i] = r.domain;
    side[i] = onA ? SIDE_A : SIDE_B;
    amount[i] = r.amount ?? 0;
    amountKnown[i] = r.amount === null ? 0 : 1;
    closeDay[i] = r.closeDate ? closeDayOf(r.closeDate) : NO_DAY;
    category[i] = r.category ? categoryCode[r.category] : NO_CATEGORY;
    attribution[i] = attributionCode(r.attribution);
    motionCode[i] = motion(r.motion);
    createdMs[i] = r.createdAt ? instantMs(r.createdAt) : Number.NaN;
    deleted[i] = r.deleted ? 1 : 0;
  }
  return new Table({
    id: makeVector(utf8Data(id)),
    side: makeVector(side),
    crmId: makeVector(utf8Data(crmId)),
    idKey: makeVector(utf8Data(key)),
    partnerKey: makeVector(utf8Data(partnerKey)),
    domain: makeVector(utf8Data(domain)),
    amount: makeVector(amount),
    amountKnown: makeVector(amountKnown),
    closeDay: makeVector(closeDay),
    category: makeVector(category),
    attribution: makeVector(attribution),
    motion: makeVector(motionCode),
    createdMs: makeVector(createdMs),
    deleted: makeVector(deleted),
  });
}

/** `motionIndex`, remembered per value as the CRM spells it: a partnership has a handful of spellings and many records. */
function cachedMotionIndex(motionKeys: string[]): (value: string | null) => number {
  const motion = motionIndex(motionKeys);
  const seen = new Map<string, number>();
  return (value) => {
    if (value === null) return NO_MOTION;
    let code = seen.get(value);
    if (code === undefined) seen.set(value, (code = motion(value)));
    return code;
  };
}

/** History rows by record and instant; a row for a record not in `records` is dropped. */
export function dealHistoryTable(rows: DealHistoryRow[], records: DealRecord[], encoding: Pick<RecordEncoding, 'motionKeys'>): Table {
  const position = new Map(records.map((r, i) => [r.id, i]));
  const motion = cachedMotionIndex(encoding.motionKeys);
  const closeDayOf = closeDays();
  const kept: { h: DealHistoryRow; record: number; at: number }[] = [];
  for (const h of rows) {
    const record = position.get(h.recordId);
    if (record !== undefined) kept.push({ h, record, at: instantMs(h.validFrom) });
  }
  kept.sort((x, y) => x.record - y.record || x.at - y.at);
  const n = kept.length;
  const record = new Int32Array(n);
  const validFromMs = new Float64Array(n);
  const amount = new Float64Array(n);
  const amountKnown = new Uint8Array(n);
  const closeDay = new Int32Array(n);
  const category = new Uint8Array(n);
  const attribution = new Int8Array(n);
  const motionCode = new Int16Array(n);
  const deleted = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const { h, record: at, at: ms } = kept[i];
    record[i] = at;
    validFromMs[i] = ms;
    amount[i] = h.amount ?? 0;
    amountKnown[i] = h.amount === null ? 0 : 1;
    closeDay[i] = h.closeDate ? closeDayOf(h.closeDate) : NO_DAY;
    category[i] = h.category ? categoryCode[h.category] : NO_CATEGORY;
    attribution[i] = attributionCode(h.attribution);
    motionCode[i] = motion(h.motion);
    deleted[i] = h.deleted ? 1 : 0;
  }
  return new Table({
    record: makeVector(record),
    validFromMs: makeVector(validFromMs),
    amount: makeVector(amount),
    amountKnown: makeVector(amountKnown),
    closeDay: makeVector(closeDay),
    category: makeVector(category),
    attribution: makeVector(attribution),
    motion: makeVector(motionCode),
    deleted: makeVector(deleted),
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

/** Strings come out of the text columns as plain arrays (once per load, not per figure). */
function strings(table: Table, name: string): (string | null)[] {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`the table has no column ${name}`);
  return utf8Values(vector);
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
