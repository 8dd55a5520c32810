import { DataType, makeData, Utf8, type Data, type Vector } from 'apache-arrow';

/**
 * Text columns written and read as Arrow keeps them: every value's UTF-8
 * bytes end to end and where each one starts. CRM ids and domains are ASCII
 * almost always, and then one string holds the whole column: encoded in one
 * call, read back as slices of one decoded string (a character is a byte
 * then, so the byte offsets are the character offsets). Otherwise each value
 * is encoded or decoded on its own, as arrow-js does (a lone surrogate
 * becomes U+FFFD, a leading byte order mark is dropped), so both paths give
 * the same strings.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
const nonAscii = /[\u0080-\uffff]/;

export function utf8Data(values: readonly (string | null)[]): Data<Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value == null) {
      bitmap ??= new Uint8Array((n + 7) >> 3).fill(255);
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nullCount++;
    } else total += value.length;
    offsets[i + 1] = total;
  }
  // join writes a null as nothing: its offsets already say it is empty.
  const joined = values.join('');
  let bytes: Uint8Array;
  if (!nonAscii.test(joined)) bytes = encoder.encode(joined);
  else {
    const room = new Uint8Array(joined.length * 3);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const value = values[i];
      if (value != null) at += encoder.encodeInto(value, room.subarray(at)).written;
      offsets[i + 1] = at;
    }
    bytes = room.slice(0, at);
  }
  return makeData({ type: new Utf8(), length: n, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data: bytes });
}

/** A text column's values as strings, null where a value is null; any other column as arrow-js reads it. */
export function utf8Values(vector: Vector): (string | null)[] {
  const data = vector.data[0] as Data<Utf8> | undefined;
  if (vector.data.length !== 1 || !data || !DataType.isUtf8(data.type) || data.offset !== 0) {
    return Array.from(vector as Iterable<string | null>);
  }
  const n = data.length;
  const { values: bytes, valueOffsets: offsets, nullBitmap } = data;
  const valid = (i: number) => data.nullCount === 0 || !nullBitmap || (nullBitmap[i >> 3] & (1 << (i & 7))) !== 0;
  const out = new Array<string | null>(n);
  const base = offsets[0];
  const text = decoder.decode(bytes.subarray(base, offsets[n]));
  if (!nonAscii.test(text)) {
    for (let i = 0; i < n; i++) out[i] = valid(i) ? text.slice(offsets[i] - base, offsets[i + 1] - base) : null;
  } else {
    for (let i = 0; i < n; i++) out[i] = valid(i) ? decoder.decode(bytes.subarray(offsets[i], offsets[i + 1])) : null;
  }
  return out;
}
