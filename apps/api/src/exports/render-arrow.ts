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
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampMillisecond,
  Utf8,
  type Data,
} from 'apache-arrow';
import type { BoardPack } from './board-pack.js';
import { textColumn, type TextColumn } from './text-column.js';
import {
  attributionNames,
  categoryNames,
  NO_CATEGORY,
  NO_DAY,
  type DealRows,
} from './deal-rows.js';

/**
 * The deal-level table as an Arrow IPC file (Feather v2) for BI tools. The
 * buffers are written straight from the rows' typed columns: strings are
 * encoded once as one block, low-cardinality text is dictionary-encoded,
 * and nulls are validity bitmaps, so a million rows take tens of
 * milliseconds. The schema's metadata names the partnership, currency,
 * range, as-of and whose view it is.
 */
export function renderArrow(pack: BoardPack): Buffer {
  const metadata = new Map([
    ['partnership', pack.partnership.key],
    ['currency', pack.partnership.currency],
    ['from', pack.from],
    ['to', pack.to],
    ['as_of', pack.asOf],
    ['viewer', pack.viewer ?? 'operator'],
  ]);
  const bytes = tableToIPC(dealTable(pack.deals, metadata), 'file');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function dealTable(rows: DealRows, metadata = new Map<string, string>()): Table {
  const n = rows.length;
  const columns: [string, Data, boolean][] = [
    [
      'quarter',
      dictionary(0, rows.quarters, new Int8(), codes(rows.quarter, new Int8Array(n), -1)),
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
      dictionary(1, categoryNames, new Int8(), codes(rows.category, new Int8Array(n), NO_CATEGORY)),
      true,
    ],
    [
      'attribution',
      dictionary(2, attributionNames, new Int8(), codes(rows.attribution, new Int8Array(n), -1)),
      true,
    ],
    [
      'motion',
      dictionary(3, rows.motionKeys, new Int16(), codes(rows.motion, new Int16Array(n), -1)),
      true,
    ],
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

/** Validity bitmap (1 = value), or nothing when every row has a value. */
function validity(
  n: number,
  isNull: (i: number) => boolean,
): { nullBitmap?: Uint8Array; nullCount: number } {
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (!isNull(i)) continue;
    if (!bitmap) bitmap = new Uint8Array((n + 7) >> 3).fill(255);
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  }
  return bitmap ? { nullBitmap: bitmap, nullCount } : { nullCount: 0 };
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
 * Dictionary indices from the rows' codes, `none` becoming a null (its
 * index 0, in range for readers that look anyway). Plain loops: a typed
 * array's `from` with a mapping function is several times slower.
 */
function codes<T extends Int8Array | Int16Array>(
  from: ArrayLike<number>,
  into: T,
  none: number,
): { data: T; nullCount: number; nullBitmap?: Uint8Array } {
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < from.length; i++) {
    const c = from[i];
    if (c !== none) {
      into[i] = c;
      continue;
    }
    bitmap ??= new Uint8Array((from.length + 7) >> 3).fill(255);
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  }
  return bitmap ? { data: into, nullCount, nullBitmap: bitmap } : { data: into, nullCount };
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
  const nulls = validity(days.length, (i) => days[i] === NO_DAY);
  return makeData({ type: new DateDay(), length: days.length, ...nulls, data: days });
}

/** Milliseconds as 64-bit integers, written as two 32-bit halves (BigInt per row is slow); little-endian, as Arrow is. */
function timestamps(ms: Float64Array): Data<TimestampMillisecond> {
  const n = ms.length;
  const data = new BigInt64Array(n);
  const halves = new Uint32Array(data.buffer);
  for (let i = 0; i < n; i++) {
    const v = ms[i];
    if (Number.isNaN(v)) continue;
    if (v >= 0 && Number.isSafeInteger(v)) {
      halves[2 * i] = v % 4294967296;
      halves[2 * i + 1] = Math.floor(v / 4294967296);
    } else data[i] = BigInt(Math.trunc(v));
  }
  const nulls = validity(n, (i) => Number.isNaN(ms[i]));
  return makeData({ type: new TimestampMillisecond('UTC'), length: n, ...nulls, data });
}

function bools(flags: Uint8Array): Data<Bool> {
  const bits = new Uint8Array((flags.length + 7) >> 3);
  for (let i = 0; i < flags.length; i++) if (flags[i]) bits[i >> 3] |= 1 << (i & 7);
  return makeData({ type: new Bool(), length: flags.length, nullCount: 0, data: bits });
}
