import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { stampZipEntries } from './zip-timestamps.js';

/** Every entry's MS-DOS time and date, from the central directory and the local headers. */
function entryTimes(zip: Buffer): { central: number[][]; local: number[][] } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const central: number[][] = [];
  const local: number[][] = [];
  let at = zip.readUInt32LE(eocd + 16);
  for (let e = 0; e < zip.readUInt16LE(eocd + 10); e++) {
    central.push([zip.readUInt16LE(at + 12), zip.readUInt16LE(at + 14)]);
    const header = zip.readUInt32LE(at + 42);
    local.push([zip.readUInt16LE(header + 10), zip.readUInt16LE(header + 12)]);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return { central, local };
}

async function workbookZip(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date('2026-07-15T00:00:00Z');
  wb.addWorksheet('Figures').addRow(['joint.total', 352500]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('stampZipEntries', () => {
  it('sets every entry to the instant in MS-DOS form, in both places, and leaves a readable workbook', async () => {
    const stamped = stampZipEntries(await workbookZip(), new Date('2026-07-15T13:45:31Z'));
    // 13:45:31 → (13 << 11) | (45 << 5) | (31 >> 1) = 26624 + 1440 + 15 = 28079; 2026-07-15 → (46 << 9) | (7 << 5) | 15 = 23552 + 224 + 15 = 23791
    const { central, local } = entryTimes(stamped);
    expect(central.length).toBeGreaterThan(5);
    expect(new Set([...central, ...local].map(([t, d]) => `${t}/${d}`))).toEqual(
      new Set(['28079/23791']),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stamped as never);
    expect(wb.getWorksheet('Figures')!.getRow(1).values).toEqual([
      undefined,
      'joint.total',
      352500,
    ]);
  });

  it('makes workbooks written at different clock times byte-identical', async () => {
    const first = await workbookZip();
    await new Promise((r) => setTimeout(r, 2100)); // the MS-DOS clock counts 2 seconds
    const second = await workbookZip();
    expect(first.equals(second)).toBe(false);
    const instant = new Date('2026-07-15T00:00:00Z');
    expect(stampZipEntries(first, instant).equals(stampZipEntries(second, instant))).toBe(true);
  });

  it('clamps instants MS-DOS cannot hold to 1980-01-01 and refuses what is not a ZIP', () => {
    return workbookZip().then((zip) => {
      const { central } = entryTimes(stampZipEntries(zip, new Date('1970-01-01T00:00:00Z')));
      expect(central[0]).toEqual([0, (0 << 9) | (1 << 5) | 1]);
      expect(() => stampZipEntries(Buffer.from('not a zip'), new Date())).toThrow(
        'no end-of-central-directory record',
      );
    });
  });
});
