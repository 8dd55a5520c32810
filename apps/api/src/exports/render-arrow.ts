import {
  Bool,
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int16,
  makeData,
  makeVector,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  type Data,
} from 'apache-arrow';
import type { BoardPack } from './board-pack.js';
import { textColumn, type TextColumn } from './text-column.js';
import { attributionNames, categoryNames, NO_DAY, type DealRows } from './deal-rows.js';

/**
 * The deal-level table as an Arrow IPC file (Feather v2) for BI tools. The
 * buffers are written straight from the rows' typed columns: strings are
 * encoded once as one block, low-cardinality text is dictionary-encoded,
 * and nulls are validity bitmaps, so a million rows take tens of
 * milliseconds. The schema's metadata names the partnership, currency,
 * range, as-of and whose view it is.
 */
export async function renderArrow(pack: BoardPack): Promise<Uint8Array[]> {
  const metadata = new Map([
    ['partnership', pack.partnership.key],
    ['currency', pack.partnership.currency],
    ['from', pack.from],
    ['to', pack.to],
    ['as_of', pack.asOf],
    ['viewer', pack.viewer ?? 'operator'],
  ]);
  // The file's parts as the writer makes them, most of them the columns' own buffers: joining
  // them into one copy would double the memory and the time; sockets and files take parts.
  const parts: Uint8Array[] = [];
  for await (const part of RecordBatchFileWriter.writeAll(dealTable(pack.deals, metadata)))
    parts.push(part);
  return parts;
}

export function dealTable(rows: DealRows, metadata = new Map<string, string>()): Table {
  const n = rows.length;
  const columns: [string, Data, boolean][] = [
    [
      'quarter',
      dictionary(0, rows.quarters, new Int8(), withNulls(new Int8Array(rows.quarter))),
      false,
    ],
    ['group_id', utf8(rows.groupId), false],
    [
      'amount',
      makeData({ type: new Float64(), length: n, nullCount: 0, data: rows.amount }),
      false,
    ],
    ['close_date', dateDays(rows.closeDay), true],
    ['created_at', timestamps(rows.createdMs), true],
    [
      'category',
      dictionary(1, categoryNames, new Int8(), withNulls(new Int8Array(rows.category))),
      true,
    ],
    [
      'attribution',
      dictionary(2, attributionNames, new Int8(), withNulls(rows.attribution.slice())),
      true,
    ],
    ['motion', dictionary(3, rows.motionKeys, new Int16(), withNulls(rows.motion.slice())), true],
    ['in_joint_total', bools(rows.inJointTotal), false],
    ['in_closed_lost', bools(rows.inClosedLost), false],
    ['in_motion_produced', bools(rows.inMotionProduced), false],
    ['records_a', utf8(rows.recordsA), false],
    ['records_b', utf8(rows.recordsB), false],
  ];
  const fields = columns.map(([name, data, nullable]) => new Field(name, data.type, nullable));
  const schema = new Schema(fields, metadata);
  const batch = new RecordBatch(
    schema,
    makeData({
      type: new Struct(fields),
      length: n,
      nullCount: 0,
      children: columns.map(([, data]) => data),
    }),
  );
  return new Table(schema, [batch]);
}

/** A text column's bytes and offsets, as they are. */
function utf8(column: TextColumn): Data<Utf8> {
  return makeData({
    type: new Utf8(),
    length: column.length,
    nullCount: 0,
    valueOffsets: column.offsets,
    data: column.bytes,
  });
}

/**
 * Dictionary indices from a copy of the rows' codes (typed-array copies and
 * conversions are native: NO_CATEGORY, 255, becomes -1 as an Int8), a
 * negative code becoming a null: its bit cleared, its index 0 (in range for
 * readers that look anyway).
 */
function withNulls<T extends Int8Array | Int16Array>(
  data: T,
): { data: T; nullCount: number; nullBitmap?: Uint8Array } {
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] >= 0) continue;
    data[i] = 0;
    bitmap ??= new Uint8Array((data.length + 7) >> 3).fill(255);
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  }
  return bitmap ? { data, nullCount, nullBitmap: bitmap } : { data, nullCount };
}

/** Dictionary ids are fixed here: arrow-js would draw them from a process-wide counter, and the bytes would differ. */
function dictionary<I extends Int8 | Int16>(
  id: number,
  words: readonly string[],
  index: I,
  indices: { data: Int8Array | Int16Array; nullCount: number; nullBitmap?: Uint8Array },
): Data {
  const type = new Dictionary(new Utf8(), index, id) as Dictionary<Utf8, I>;
  return makeData({
    type,
    length: indices.data.length,
    nullCount: indices.nullCount,
    nullBitmap: indices.nullBitmap,
    data: indices.data as I['TArray'],
    dictionary: makeVector(utf8(textColumn(words))),
  });
}

function dateDays(days: Int32Array): Data<DateDay> {
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < days.length; i++) {
    if (days[i] !== NO_DAY) continue;
    bitmap ??= new Uint8Array((days.length + 7) >> 3).fill(255);
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  }
  return makeData({
    type: new DateDay(),
    length: days.length,
    nullCount,
    nullBitmap: bitmap,
    data: days,
  });
}

/**
 * Milliseconds as 64-bit integers, written as two 32-bit halves (a BigInt per
 * row is several times slower), little-endian as Arrow and every platform
 * Node runs on are. Instants before 1970 take the BigInt path. NaN is null.
 */
function timestamps(ms: Float64Array): Data<TimestampMillisecond> {
  const n = ms.length;
  const data = new BigInt64Array(n);
  const halves = new Uint32Array(data.buffer);
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = ms[i];
    if (v >= 0) {
      halves[2 * i] = v >>> 0; // v mod 2^32
      halves[2 * i + 1] = (v / 4294967296) >>> 0;
    } else if (v < 0) data[i] = BigInt(Math.trunc(v));
    else {
      bitmap ??= new Uint8Array((n + 7) >> 3).fill(255);
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nullCount++;
    }
  }
  return makeData({
    type: new TimestampMillisecond('UTC'),
    length: n,
    nullCount,
    nullBitmap: bitmap,
    data,
  });
}

function bools(flags: Uint8Array): Data<Bool> {
  const bits = new Uint8Array((flags.length + 7) >> 3);
  for (let i = 0; i < flags.length; i++) if (flags[i]) bits[i >> 3] |= 1 << (i & 7);
  return makeData({ type: new Bool(), length: flags.length, nullCount: 0, data: bits });
}
