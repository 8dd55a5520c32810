import { boardPackDealColumns } from '@alignboard/contracts';
import { ratio } from '@alignboard/metrics';
import { sumOf, type BoardPack } from './board-pack.js';
import {
  attributionNames,
  categoryNames,
  NO_CATEGORY,
  NO_DAY,
  type DealRows,
} from './deal-rows.js';
import { textAt } from './text-column.js';
import { XlsxBook, type CellValue } from './xlsx-workbook.js';
import { methodSheet, reconciliationSheet } from './xlsx-notes.js';

/** The deal rows one at a time: a workbook of many rows never holds them all as arrays. */
function* dealCells(d: DealRows, cells: (r: number) => CellValue[]): Generator<CellValue[]> {
  for (let r = 0; r < d.length; r++) yield cells(r);
}

/**
 * The board pack as a workbook: one sheet per view (by quarter, trend,
 * commit and upside, by motion, deals, records, reconciliation) plus the
 * method sheet. Every figure is a native number with a currency, percent or
 * count format. The workbook's created and modified dates, and the archive's
 * entry times, are the as-of instant: the same as-of gives the same bytes.
 */
export async function renderXlsx(pack: BoardPack): Promise<Buffer> {
  const book = new XlsxBook(
    new Date(pack.asOf),
    pack.partnership.currency,
    `${pack.partnership.name}: partner revenue ${pack.from} to ${pack.to}`,
  );
  const sheet = book.table.bind(book);
  const q = pack.quarters;
  const range = pack.from === pack.to ? pack.from : `${pack.from} to ${pack.to}`;

  sheet(
    'By quarter',
    [
      { header: 'Quarter', kind: 'text', width: 22 },
      ...['Sourced closed won', 'Sourced open', 'Sourced total'].map((h) => ({
        header: h,
        kind: 'money' as const,
        width: 18,
      })),
      { header: 'Sourced deals', kind: 'count' },
      ...['Influenced closed won', 'Influenced open', 'Influenced total'].map((h) => ({
        header: h,
        kind: 'money' as const,
        width: 20,
      })),
      { header: 'Influenced deals', kind: 'count' },
      ...['Joint closed won', 'Joint open', 'Joint number'].map((h) => ({
        header: h,
        kind: 'money' as const,
        width: 18,
      })),
      { header: 'Deals', kind: 'count' },
      { header: 'Duplicates removed', kind: 'count' },
      { header: 'Sourced share', kind: 'ratio' },
    ],
    [
      ...q.map((m) => [
        m.quarter,
        ...[m.split.sourced, m.split.influenced].flatMap((p) => [
          p.closedWon,
          p.open,
          p.total,
          p.deals,
        ]),
        m.joint.closedWon,
        m.joint.open,
        m.joint.total,
        m.joint.deals,
        m.joint.duplicatesRemoved,
        m.split.sourcedShare,
      ]),
      ...(q.length > 1
        ? [
            [
              `Total ${range}`,
              ...(['sourced', 'influenced'] as const).flatMap((k) => [
                sumOf(q.map((m) => m.split[k].closedWon)),
                sumOf(q.map((m) => m.split[k].open)),
                sumOf(q.map((m) => m.split[k].total)),
                q.reduce((n, m) => n + m.split[k].deals, 0),
              ]),
              sumOf(q.map((m) => m.joint.closedWon)),
              sumOf(q.map((m) => m.joint.open)),
              sumOf(q.map((m) => m.joint.total)),
              q.reduce((n, m) => n + m.joint.deals, 0),
              q.reduce((n, m) => n + m.joint.duplicatesRemoved, 0),
              ratio(sumOf(q.map((m) => m.split.sourced.total)), sumOf(q.map((m) => m.joint.total))),
            ],
          ]
        : []),
    ],
  );

  sheet(
    'Trend',
    [
      { header: 'Quarter', kind: 'text' },
      ...['Commit', 'Upside', 'Pipeline', 'Open', 'Closed won', 'Closed lost', 'Joint number'].map(
        (h) => ({ header: h, kind: 'money' as const, width: 16 }),
      ),
      { header: 'Deals', kind: 'count' },
      { header: 'Duplicates removed', kind: 'count' },
    ],
    q.map((m) => {
      const j = m.joint;
      return [
        m.quarter,
        j.commit,
        j.upside,
        j.pipeline,
        j.open,
        j.closedWon,
        j.closedLost,
        j.total,
        j.deals,
        j.duplicatesRemoved,
      ];
    }),
  );

  sheet(
    'Commit and upside',
    [
      { header: 'Quarter', kind: 'text' },
      ...['Commit at start', 'Upside at start', 'Commit + upside at start', 'Closed won'].map(
        (h) => ({ header: h, kind: 'money' as const, width: 22 }),
      ),
      { header: 'Closed won vs commit', kind: 'ratio' },
      { header: 'Closed won vs commit + upside', kind: 'ratio' },
      { header: 'Joint number', kind: 'money', width: 16 },
    ],
    q.map((m) => {
      const c = m.call;
      const both =
        c.commitAtStart === null || c.upsideAtStart === null
          ? null
          : sumOf([c.commitAtStart, c.upsideAtStart]);
      return [
        m.quarter,
        c.commitAtStart,
        c.upsideAtStart,
        both,
        c.closedWon,
        c.vsCommit,
        c.vsCommitPlusUpside,
        m.joint.total,
      ];
    }),
  );

  const motionKeys = [...new Set(pack.byMotion.map((r) => r.motion))];
  sheet(
    'By motion',
    [
      { header: 'Quarter', kind: 'text', width: 22 },
      { header: 'Motion', kind: 'text', width: 18 },
      { header: 'Name', kind: 'text', width: 28 },
      ...[
        'Sourced closed won',
        'Sourced open',
        'Influenced closed won',
        'Influenced open',
        'No attribution closed won',
        'No attribution open',
        'Total',
      ].map((h) => ({ header: h, kind: 'money' as const, width: 18 })),
      { header: 'Deals', kind: 'count' },
      { header: 'Forecast', kind: 'money', width: 16 },
      { header: 'Produced', kind: 'money', width: 16 },
      { header: 'Attainment', kind: 'ratio' },
      { header: 'Flag', kind: 'text', width: 16 },
    ],
    [
      ...pack.byMotion.map((r) => {
        const a = r.attainment;
        const flag = a?.killCandidate ? 'kill candidate' : a?.atRisk ? 'at risk' : null;
        return [
          r.quarter,
          r.motion,
          r.name,
          r.sourced.closedWon,
          r.sourced.open,
          r.influenced.closedWon,
          r.influenced.open,
          r.unattributed.closedWon,
          r.unattributed.open,
          r.total.total,
          r.total.deals,
          a?.forecast ?? null,
          a?.produced ?? null,
          a?.attainment ?? null,
          flag,
        ];
      }),
      ...(q.length > 1
        ? motionKeys.map((key) => {
            const rows = pack.byMotion.filter((r) => r.motion === key);
            const sum = (pick: (r: (typeof rows)[number]) => number) => sumOf(rows.map(pick));
            return [
              `Total ${range}`,
              key,
              rows[0].name,
              sum((r) => r.sourced.closedWon),
              sum((r) => r.sourced.open),
              sum((r) => r.influenced.closedWon),
              sum((r) => r.influenced.open),
              sum((r) => r.unattributed.closedWon),
              sum((r) => r.unattributed.open),
              sum((r) => r.total.total),
              rows.reduce((n, r) => n + r.total.deals, 0),
              null,
              null,
              null,
              null,
            ];
          })
        : []),
    ],
  );

  const d = pack.deals;
  sheet(
    'Deals',
    boardPackDealColumns.map((header) => ({
      header,
      kind:
        header === 'amount'
          ? 'money'
          : header === 'close_date'
            ? 'date'
            : header === 'created_at'
              ? 'instant'
              : header.startsWith('in_')
                ? 'flag'
                : 'text',
      width: header === 'group_id' || header.startsWith('records_') ? 24 : undefined,
    })),
    dealCells(d, (r) => [
      d.quarters[d.quarter[r]],
      textAt(d.groupId, r),
      d.amount[r],
      d.closeDay[r] === NO_DAY ? null : new Date(d.closeDay[r] * 86_400_000),
      Number.isNaN(d.createdMs[r]) ? null : new Date(d.createdMs[r]),
      d.category[r] === NO_CATEGORY ? null : categoryNames[d.category[r]],
      d.attribution[r] < 0 ? null : attributionNames[d.attribution[r]],
      d.motion[r] < 0 ? null : d.motionKeys[d.motion[r]],
      d.inJointTotal[r] === 1,
      d.inClosedLost[r] === 1,
      d.inMotionProduced[r] === 1,
      textAt(d.recordsA, r),
      textAt(d.recordsB, r),
    ]),
    { filter: true },
  );

  sheet(
    'Records',
    [
      { header: 'quarter', kind: 'text' },
      { header: 'group_id', kind: 'text', width: 24 },
      { header: 'side', kind: 'text', width: 6 },
      { header: 'crm_id', kind: 'text', width: 22 },
      { header: 'name', kind: 'text', width: 28 },
      { header: 'account_name', kind: 'text', width: 28 },
      { header: 'account_domain', kind: 'text', width: 22 },
      { header: 'amount', kind: 'number', width: 16 },
      { header: 'currency', kind: 'text', width: 9 },
      { header: 'base_amount', kind: 'money', width: 16 },
      { header: 'close_date', kind: 'text' },
      { header: 'stage', kind: 'text', width: 20 },
      { header: 'forecast_category', kind: 'text', width: 18 },
      { header: 'attribution', kind: 'text' },
      { header: 'motion', kind: 'text' },
      { header: 'probability', kind: 'number' },
    ],
    pack.records.map((r) => [
      r.quarter,
      r.groupId,
      r.side,
      r.crmId,
      r.name ?? null,
      r.accountName ?? null,
      r.accountDomain ?? null,
      r.amount ?? null,
      r.currency ?? null,
      r.baseAmount ?? null,
      r.closeDate ?? null,
      r.stage ?? null,
      r.forecastCategory ?? null,
      r.attribution ?? null,
      r.motion ?? null,
      r.probability ?? null,
    ]),
    { filter: true },
  );

  reconciliationSheet(book, pack);
  methodSheet(book, pack);
  return book.finish();
}
