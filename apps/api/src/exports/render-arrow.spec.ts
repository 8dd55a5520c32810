import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { DealRows } from './deal-rows.js';
import { textAt, textColumn } from './text-column.js';
import { dealTable } from './render-arrow.js';
import { tableToIPC } from 'apache-arrow';

/** Three hand-made rows: a shared deal, a record with no close date or creation time, a non-ASCII id. */
function rows(): DealRows {
  return {
    length: 3,
    quarters: ['2026-Q1', '2026-Q2'],
    motionKeys: ['cloud', 'mssp'],
    quarter: Int32Array.from([0, 1, 1]),
    groupId: textColumn(['A:006A1', 'B:héllo-ü', 'A:006A3']),
    amount: Float64Array.from([1234.5, 0.1 + 0.2, 55000.00000000001]),
    closeDay: Int32Array.from([20563, -2147483648, 20615]), // 2026-04-20, none, 2026-06-11
    createdMs: Float64Array.from([Date.UTC(2026, 1, 1), Number.NaN, Date.UTC(2026, 2, 1, 12, 30)]),
    category: Uint8Array.from([2, 255, 3]), // commit, none, closed_won
    attribution: Int8Array.from([0, -1, 1]),
    motion: Int16Array.from([1, -1, 0]),
    inJointTotal: Uint8Array.from([1, 0, 1]),
    inClosedLost: Uint8Array.from([0, 0, 0]),
    inMotionProduced: Uint8Array.from([0, 1, 0]),
    recordsA: textColumn(['006A1', '', '006A3']),
    recordsB: textColumn(['101 102', 'héllo-ü', '']),
  };
}

describe('the deal table as Arrow', () => {
  it('reads back with tableFromIPC: values, nulls, dictionaries and UTF-8 text', () => {
    const table = tableFromIPC(
      tableToIPC(dealTable(rows(), new Map([['currency', 'USD']])), 'file'),
    );
    expect(table.schema.metadata.get('currency')).toBe('USD');
    expect(table.toArray().map((r) => r.toJSON())).toEqual([
      {
        quarter: '2026-Q1',
        group_id: 'A:006A1',
        amount: 1234.5,
        close_date: Date.UTC(2026, 3, 20),
        created_at: Date.UTC(2026, 1, 1),
        category: 'commit',
        attribution: 'sourced',
        motion: 'mssp',
        in_joint_total: true,
        in_closed_lost: false,
        in_motion_produced: false,
        records_a: '006A1',
        records_b: '101 102',
      },
      {
        quarter: '2026-Q2',
        group_id: 'B:héllo-ü',
        amount: 0.30000000000000004,
        close_date: null,
        created_at: null,
        category: null,
        attribution: null,
        motion: null,
        in_joint_total: false,
        in_closed_lost: false,
        in_motion_produced: true,
        records_a: '',
        records_b: 'héllo-ü',
      },
      {
        quarter: '2026-Q2',
        group_id: 'A:006A3',
        amount: 55000.00000000001,
        close_date: Date.UTC(2026, 5, 11),
        created_at: Date.UTC(2026, 2, 1, 12, 30),
        category: 'closed_won',
        attribution: 'influenced',
        motion: 'cloud',
        in_joint_total: true,
        in_closed_lost: false,
        in_motion_produced: false,
        records_a: '006A3',
        records_b: '',
      },
    ]);
    expect(table.getChild('category')!.nullCount).toBe(1);
  });

  it('writes the same bytes for the same rows, however many tables the process made before', () => {
    const first = tableToIPC(dealTable(rows()), 'file');
    for (let i = 0; i < 3; i++) dealTable(rows());
    expect(Buffer.from(tableToIPC(dealTable(rows()), 'file')).equals(Buffer.from(first))).toBe(
      true,
    );
  });

  it('keeps text as UTF-8 bytes and offsets, and reads each value back', () => {
    const ascii = textColumn(['A:1', '', 'B:22']);
    expect(Array.from(ascii.offsets)).toEqual([0, 3, 3, 7]);
    const mixed = textColumn(['é', 'ab', '€1']); // é is 2 bytes, € 3
    expect(Array.from(mixed.offsets)).toEqual([0, 2, 4, 8]);
    expect([0, 1, 2].map((i) => textAt(mixed, i))).toEqual(['é', 'ab', '€1']);
  });

  it('writes an empty table with its columns', () => {
    const empty = {
      ...rows(),
      length: 0,
      quarter: new Int32Array(0),
      groupId: textColumn([]),
      amount: new Float64Array(0),
      closeDay: new Int32Array(0),
      createdMs: new Float64Array(0),
      category: new Uint8Array(0),
      attribution: new Int8Array(0),
      motion: new Int16Array(0),
      inJointTotal: new Uint8Array(0),
      inClosedLost: new Uint8Array(0),
      inMotionProduced: new Uint8Array(0),
      recordsA: textColumn([]),
      recordsB: textColumn([]),
    };
    const table = tableFromIPC(tableToIPC(dealTable(empty), 'file'));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields).toHaveLength(13);
  });
});
