/**
 * Sets the modification time of every entry of a ZIP archive (an XLSX file)
 * to one instant, so the same content gives the same bytes whenever it is
 * written (exceljs's zip library stamps each entry with the clock).
 *
 * ZIP keeps each entry's time twice, as MS-DOS time and date fields (2-second
 * precision, years 1980–2107): in its local header and in its central
 * directory record (APPNOTE.TXT §4.3.7, §4.3.12). The central directory is
 * found from the end-of-central-directory record; no data is touched, so
 * the CRCs stay right. https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
export function stampZipEntries(zip: Buffer, instant: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, date } = dosDateTime(instant);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP archive: no end-of-central-directory record');
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (out.readUInt32LE(at) !== 0x02014b50)
      throw new Error(`not a ZIP central directory record at ${at}`);
    out.writeUInt16LE(time, at + 12);
    out.writeUInt16LE(date, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== 0x04034b50)
      throw new Error(`not a ZIP local header at ${local}`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

/** The instant's UTC wall time as MS-DOS fields, clamped to what they can hold. */
function dosDateTime(instant: Date): { time: number; date: number } {
  const year = Math.min(Math.max(instant.getUTCFullYear(), 1980), 2107);
  if (year !== instant.getUTCFullYear())
    return { time: 0, date: ((year - 1980) << 9) | (1 << 5) | 1 };
  return {
    time:
      (instant.getUTCHours() << 11) |
      (instant.getUTCMinutes() << 5) |
      (instant.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
  };
}
