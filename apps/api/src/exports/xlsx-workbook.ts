import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { stampZipEntries } from './zip-timestamps.js';

export type CellKind =
  'text' | 'money' | 'ratio' | 'count' | 'date' | 'instant' | 'flag' | 'number';
export interface SheetColumn {
  header: string;
  kind: CellKind;
  width?: number;
}
export type CellValue = string | number | boolean | Date | null;

const symbols: Record<string, string> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  CHF: 'CHF ',
  CAD: 'CA$',
  AUD: 'A$',
};

/** Excel's currency format for a code: its symbol where it has a common one, else the code. */
export function currencyFormat(code: string): string {
  const symbol = symbols[code] ?? `${code} `;
  return `"${symbol}"#,##0.00;-"${symbol}"#,##0.00`;
}

/**
 * A workbook written as it is built (exceljs's streaming writer, with
 * Node's zlib: several times faster than the in-memory one and its
 * JavaScript deflate), stamped with one instant: the document's created and
 * modified dates and every ZIP entry's time, so the same content gives the
 * same bytes.
 */
export class XlsxBook {
  readonly formats: Record<CellKind, string | undefined>;
  /** One style object per kind, shared by its cells. */
  private readonly styles: Record<CellKind, Partial<ExcelJS.Style>>;
  private readonly chunks: Buffer[] = [];
  private readonly writer: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(
    private readonly stamp: Date,
    currency: string,
    title: string,
  ) {
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
      zip: { zlib: { level: 6 } },
    });
    Object.assign(this.writer, {
      creator: 'Alignboard',
      lastModifiedBy: 'Alignboard',
      created: stamp,
      modified: stamp,
      title,
    });
    this.formats = {
      text: undefined,
      money: currencyFormat(currency),
      ratio: '0.0%',
      count: '#,##0',
      date: 'yyyy-mm-dd',
      instant: 'yyyy-mm-dd hh:mm',
      flag: undefined,
      number: '#,##0.######',
    };
    this.styles = Object.fromEntries(
      Object.entries(this.formats).map(([kind, numFmt]) => [kind, numFmt ? { numFmt } : {}]),
    ) as Record<CellKind, Partial<ExcelJS.Style>>;
  }

  /**
   * A sheet of rows under a bold, frozen header; each column's cells take its
   * kind's format. Every cell of a kind shares one style object: exceljs
   * recognises a style it has seen by identity, and otherwise serialises it
   * again for every cell (most of a big sheet's time).
   */
  table(
    name: string,
    columns: SheetColumn[],
    rows: Iterable<CellValue[]>,
    options: { filter?: boolean } = {},
  ) {
    const ws = this.sheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(12, c.header.length + 2),
    }));
    ws.getRow(1).font = { bold: true };
    if (options.filter)
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const styles = columns.map((c) => this.styles[c.kind]);
    for (const values of rows) {
      const row = ws.addRow(values);
      for (let c = 0; c < values.length; c++) row.getCell(c + 1).style = styles[c];
      row.commit();
    }
    ws.commit();
  }

  /** A sheet to fill by hand; `finish` commits it. */
  sheet(name: string, options?: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet {
    return this.writer.addWorksheet(name, options);
  }

  async finish(): Promise<Buffer> {
    await this.writer.commit();
    return stampZipEntries(Buffer.concat(this.chunks), this.stamp);
  }
}
