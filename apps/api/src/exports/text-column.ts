/**
 * A column of text as Arrow keeps it: every value's UTF-8 bytes end to end,
 * and where each one starts (`offsets[i]` to `offsets[i + 1]`). The deal
 * table's ids are encoded once, when the pack is built, and written as they
 * are by the Arrow file; the other formats read values back one at a time.
 */
export interface TextColumn {
  length: number;
  bytes: Uint8Array;
  offsets: Int32Array;
}

/**
 * Encodes all values in one pass: one string, one encoding. The offsets come
 * from the strings' lengths when every value is ASCII (then, and only then,
 * the byte count equals the character count); else from each value's byte length.
 */
export function textColumn(values: readonly string[]): TextColumn {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) offsets[i + 1] = total += values[i].length;
  const encoded = Buffer.from(values.join(''), 'utf8');
  if (encoded.length !== total) {
    total = 0;
    for (let i = 0; i < n; i++) offsets[i + 1] = total += Buffer.byteLength(values[i], 'utf8');
  }
  return {
    length: n,
    bytes: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.length),
    offsets,
  };
}

export function textAt(column: TextColumn, i: number): string {
  const { bytes, offsets } = column;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'utf8',
    offsets[i],
    offsets[i + 1],
  );
}
