import { formatUtcMinute } from '@alignboard/presentation';
import type { BoardPack } from './board-pack.js';
import { methodNote } from './method-note.js';
import type { CellKind, CellValue, XlsxBook } from './xlsx-workbook.js';

/** Lines from CRM records to deal groups to figures, one column per quarter. */
export function reconciliationSheet(book: XlsxBook, pack: BoardPack) {
  const formats = book.formats;
  const ws = book.sheet('Reconciliation', {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }],
  });
  const rec = pack.reconciliation;
  const { A, B } = pack.partnership.companies;
  const lines: [string, CellKind, (r: (typeof rec)[number]) => number][] = [
    [`CRM records of side A (${A}) in the joint number's deal groups`, 'count', (r) => r.records.A],
    [`CRM records of side B (${B}) in the joint number's deal groups`, 'count', (r) => r.records.B],
    ['less duplicates removed (one deal, several records)', 'count', (r) => r.duplicatesRemoved],
    ['= deal groups in the joint number', 'count', (r) => r.deals],
    ['  of which shared (records in both CRMs)', 'count', (r) => r.sharedDeals],
    ['Open pipeline (commit + upside + pipeline)', 'money', (r) => r.open],
    ['Closed won', 'money', (r) => r.closedWon],
    ['= Joint number', 'money', (r) => r.total],
    ['  partner-sourced', 'money', (r) => r.sourced],
    ['  partner-influenced', 'money', (r) => r.influenced],
    ['  no attribution (joint motion only)', 'money', (r) => r.unattributed],
    ['Closed lost groups (not in the joint number)', 'count', (r) => r.closedLost.deals],
    ['Closed lost amount', 'money', (r) => r.closedLost.amount],
    ['Records with no amount (counted as 0)', 'count', (r) => r.nullAmounts],
    ['Records left out: no currency rate', 'count', (r) => r.unknownCurrency],
    ['Attribution or motion conflicts', 'count', (r) => r.conflicts],
    ['Possible duplicates left for review (clusters)', 'count', (r) => r.possibleDuplicates],
  ];
  ws.columns = [
    { header: 'Line', width: 58 },
    ...rec.map((r) => ({ header: r.quarter, width: 18 })),
  ];
  ws.getRow(1).font = { bold: true };
  for (const [label, kind, pick] of lines) {
    const row = ws.addRow([label, ...rec.map(pick)]);
    if (formats[kind])
      for (let c = 2; c <= rec.length + 1; c++) row.getCell(c).numFmt = formats[kind]!;
    if (label.startsWith('=')) row.font = { bold: true };
  }
  ws.commit();
}

/** The method note, the rates in force, the conflicts left and the data-quality warnings. */
export function methodSheet(book: XlsxBook, pack: BoardPack) {
  const ws = book.sheet('Method');
  ws.columns = [
    { width: 26 },
    { width: 120 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
  ];
  const title = ws.addRow([
    `${pack.partnership.name}: partner revenue, ${pack.from} to ${pack.to}`,
  ]);
  title.font = { bold: true, size: 13 };
  ws.addRow(['Partnership', pack.partnership.key]);
  ws.addRow(['Currency', pack.partnership.currency]);
  ws.addRow(['As of', formatUtcMinute(pack.asOf)]);
  ws.addRow([]);
  for (const p of methodNote(pack)) {
    const row = ws.addRow([p.heading, p.text]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
  }
  const table = (heading: string, header: string[], rows: CellValue[][]) => {
    ws.addRow([]);
    ws.addRow([heading]).font = { bold: true };
    ws.addRow(header).font = { italic: true };
    if (!rows.length) ws.addRow(['none']);
    for (const row of rows) ws.addRow(row);
  };
  table(
    'Rates in force on the close dates shown',
    ['Currency', 'Source', 'Rate', 'Unit', 'From', 'Until'],
    pack.rates.map((r) => [
      r.currency,
      r.source === 'crm' ? `side ${r.side} CRM` : 'configured',
      r.rate,
      r.unit,
      r.from,
      r.until,
    ]),
  );
  table(
    'Conflicts left (the booking side’s value is used)',
    ['Quarter', 'Group', 'Field', 'Side A values', 'Side B values', 'Used'],
    pack.conflicts.map((c) => [
      c.quarter,
      c.groupId,
      c.field,
      c.values.A.join(', '),
      c.values.B.join(', '),
      c.used,
    ]),
  );
  table(
    'Data-quality warnings',
    ['Quarter', 'Record', 'Kind', 'Message'],
    pack.quarters.flatMap((m) =>
      m.warnings.map((w) => [m.quarter, `${w.side}:${w.crmId}`, w.kind, w.message]),
    ),
  );
  table(
    'Possible duplicates left for review',
    ['Quarter', 'Records'],
    pack.quarters.flatMap((m) =>
      m.possibleDuplicates.map((c) => [
        m.quarter,
        c.members
          .map((x) => `${x.side}:${x.crmId} ${x.domain} ${x.amount} ${x.closeDate}`)
          .join('; '),
      ]),
    ),
  );
  ws.commit();
}
