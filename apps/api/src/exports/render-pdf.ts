import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { ratio } from '@alignboard/metrics';
import {
  formatMoney,
  formatQuarterRange,
  formatRatio,
  formatUtcMinute,
  motionFlag,
  palette,
} from '@alignboard/presentation';
import { byQuarterChart, trendChart, type LegendItem } from '@alignboard/presentation/charts';
import { chartSvg } from '../documents/chart-svg.js';
import { renderPdf as renderDocument } from '../documents/pdf-document.js';
import { sumOf, type BoardPack } from './board-pack.js';
import { methodNote } from './method-note.js';

/** The currency is in each table's heading: amounts are written without it, to the cent. */
const moneyText = (n: number | null) => formatMoney(n, '', 'column');
const percentText = (r: number | null) => formatRatio(r);
const countText = (n: number) => n.toLocaleString('en-US');

const PAGE = { width: 841.89, height: 595.28, margin: 32 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/**
 * The dashboard's charts, drawn at the dashboard's width and printed at half of it: its 15px
 * projector type comes out at 7.5pt, the size of the tables beside it.
 */
const CHART = { width: 380, drawnWidth: 760 };

/** A right-aligned figures table with a bold header row and thin rules. */
function table(
  header: string[],
  rows: TableCell[][],
  widths: (string | number)[],
  bodyBold?: (row: number) => boolean,
): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [
        header.map((h, c) => ({ text: h, bold: true, alignment: c === 0 ? 'left' : 'right' })),
        ...rows.map(
          (r, i) =>
            r.map((cell, c) => ({
              ...(typeof cell === 'object' && cell !== null ? cell : { text: cell }),
              alignment: c === 0 ? 'left' : 'right',
              bold: bodyBold?.(i) ?? false,
            })) as TableCell[],
        ),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 7.5,
  } as Content;
}

/** Swatches and labels, three to a row (Plot's own legends are HTML, not SVG). */
function legend(items: readonly LegendItem[]): Content {
  const rows: TableCell[][] = [];
  for (let i = 0; i < items.length; i += 3) {
    const row: TableCell[] = [];
    for (let k = i; k < i + 3; k++) {
      const s = items[k];
      row.push(
        s ? { canvas: [{ type: 'rect', x: 0, y: 1, w: 7, h: 7, color: s.color }] } : { text: '' },
      );
      row.push({ text: s?.label ?? '', fontSize: 7 });
    }
    rows.push(row);
  }
  return {
    table: { widths: [9, '*', 9, '*', 9, '*'], body: rows },
    layout: 'noBorders',
    margin: [0, 2, 0, 0],
  } as Content;
}

function kpi(label: string, value: string, note: string): Content {
  return {
    stack: [
      { text: label, fontSize: 8, color: palette.muted },
      { text: value, fontSize: 15, bold: true },
      { text: note, fontSize: 7, color: palette.muted },
    ],
  };
}

/**
 * The board pack as a two-page PDF (A4 landscape): the number, two charts
 * (Plot, rendered to SVG on the server) and the figures by quarter on page
 * one; revenue by motion, the reconciliation and the method note on page two.
 */
export async function renderPdf(pack: BoardPack): Promise<Buffer> {
  return renderDocument(boardPackDocument(pack));
}

export function boardPackDocument(pack: BoardPack): TDocumentDefinitions {
  const p = pack.partnership;
  const q = pack.quarters;
  const last = q.at(-1)!;
  const range = formatQuarterRange(pack.from, pack.to);
  const whose =
    pack.viewer === null
      ? 'operator view'
      : `prepared for ${p.companies[pack.viewer]} (side ${pack.viewer})`;
  const sum = (pick: (m: (typeof q)[number]) => number) => sumOf(q.map(pick));
  const unattributed = (m: (typeof q)[number]) =>
    sumOf([m.joint.total, -m.split.sourced.total, -m.split.influenced.total]);

  const byQuarterRows: TableCell[][] = q.map((m) => [
    m.quarter,
    moneyText(m.split.sourced.closedWon),
    moneyText(m.split.sourced.open),
    moneyText(m.split.influenced.closedWon),
    moneyText(m.split.influenced.open),
    moneyText(unattributed(m)),
    moneyText(m.joint.total),
    countText(m.joint.deals),
    moneyText(m.call.commitAtStart),
    moneyText(m.call.upsideAtStart),
    moneyText(m.call.closedWon),
    percentText(m.call.vsCommit),
    percentText(m.call.vsCommitPlusUpside),
  ]);
  if (q.length > 1)
    byQuarterRows.push([
      'Total',
      moneyText(sum((m) => m.split.sourced.closedWon)),
      moneyText(sum((m) => m.split.sourced.open)),
      moneyText(sum((m) => m.split.influenced.closedWon)),
      moneyText(sum((m) => m.split.influenced.open)),
      moneyText(sum(unattributed)),
      moneyText(sum((m) => m.joint.total)),
      countText(q.reduce((n, m) => n + m.joint.deals, 0)),
      '',
      '',
      moneyText(sum((m) => m.call.closedWon)),
      '',
      '',
    ]);

  const motionKeys = [...new Set(pack.byMotion.map((r) => r.motion))];
  const motionRows: TableCell[][] = motionKeys.map((key) => {
    const rows = pack.byMotion.filter((r) => r.motion === key);
    const total = (pick: (r: (typeof rows)[number]) => number) => moneyText(sumOf(rows.map(pick)));
    const latest = rows.find((r) => r.quarter === last.quarter)?.attainment ?? null;
    const flag = latest ? motionFlag(latest) : '';
    return [
      key === null ? 'No motion' : `${rows[0].name} (${key})`,
      total((r) => r.sourced.closedWon),
      total((r) => r.sourced.open),
      total((r) => r.influenced.closedWon),
      total((r) => r.influenced.open),
      total((r) => r.unattributed.total),
      total((r) => r.total.total),
      countText(rows.reduce((n, r) => n + r.total.deals, 0)),
      key === null ? '' : moneyText(latest?.forecast ?? null),
      key === null ? '' : moneyText(latest?.produced ?? null),
      key === null ? '' : percentText(latest?.attainment ?? null),
      flag,
    ];
  });

  const rec = pack.reconciliation;
  const recLines: [string, (r: (typeof rec)[number]) => string][] = [
    [`CRM records, side A (${p.companies.A})`, (r) => countText(r.records.A)],
    [`CRM records, side B (${p.companies.B})`, (r) => countText(r.records.B)],
    ['less duplicates removed', (r) => countText(r.duplicatesRemoved)],
    ['= deal groups in the joint number', (r) => countText(r.deals)],
    ['Open pipeline', (r) => moneyText(r.open)],
    ['Closed won', (r) => moneyText(r.closedWon)],
    ['= joint number', (r) => moneyText(r.total)],
    [
      '  partner-sourced / influenced / no attribution',
      (r) => `${moneyText(r.sourced)} / ${moneyText(r.influenced)} / ${moneyText(r.unattributed)}`,
    ],
    [
      'Closed lost (not counted): groups, amount',
      (r) => `${countText(r.closedLost.deals)}, ${moneyText(r.closedLost.amount)}`,
    ],
    [
      'Left out (no rate) / no amount / conflicts / possible duplicates',
      (r) => `${r.unknownCurrency} / ${r.nullAmounts} / ${r.conflicts} / ${r.possibleDuplicates}`,
    ],
  ];

  const chartContext = { currency: p.currency, width: CHART.drawnWidth };
  const byQuarter = chartSvg(byQuarterChart(q, last.quarter, chartContext), 'Helvetica');
  const trend = chartSvg(trendChart(q, last.quarter, chartContext), 'Helvetica');

  const content: Content[] = [
    { text: `Partner revenue: ${p.name}`, fontSize: 16, bold: true },
    {
      text: `${range} · ${p.currency} · as of ${formatUtcMinute(pack.asOf)} · ${whose}`,
      fontSize: 9,
      color: palette.muted,
      margin: [0, 2, 0, 8],
    },
    {
      columns: [
        kpi(
          `Joint number ${last.quarter}`,
          moneyText(last.joint.total),
          `${countText(last.joint.deals)} deals, ${countText(last.joint.duplicatesRemoved)} duplicates removed`,
        ),
        kpi(
          `Closed won ${last.quarter}`,
          moneyText(last.call.closedWon),
          `vs commit at start ${percentText(last.call.vsCommit)}, vs commit + upside ${percentText(last.call.vsCommitPlusUpside)}`,
        ),
        kpi(
          `Partner-sourced closed won, ${range}`,
          moneyText(sum((m) => m.split.sourced.closedWon)),
          `sourced share of the joint number ${percentText(
            ratio(
              sum((m) => m.split.sourced.total),
              sum((m) => m.joint.total),
            ),
          )}`,
        ),
        kpi(
          `Partner-influenced closed won, ${range}`,
          moneyText(sum((m) => m.split.influenced.closedWon)),
          `open pipeline ${last.quarter}: ${moneyText(last.joint.open)}`,
        ),
      ],
      columnGap: 12,
      margin: [0, 0, 0, 8],
    },
    {
      columns: [
        {
          width: CHART.width,
          stack: [
            {
              text: `The joint number by quarter: closed won, commit, upside, pipeline (${p.currency})`,
              bold: true,
              fontSize: 9,
            },
            { svg: byQuarter.svg, width: CHART.width },
            legend(byQuarter.legend),
          ],
        },
        {
          width: CHART.width,
          stack: [
            {
              text: `The joint number, closed won and the call at each quarter's start (${p.currency})`,
              bold: true,
              fontSize: 9,
            },
            { svg: trend.svg, width: CHART.width },
            legend(trend.legend),
          ],
        },
      ],
      columnGap: CONTENT_WIDTH - 2 * CHART.width,
      margin: [0, 0, 0, 8],
    },
    { text: `By quarter (${p.currency})`, bold: true, fontSize: 9, margin: [0, 0, 0, 2] },
    table(
      [
        'Quarter',
        'Sourced won',
        'Sourced open',
        'Influenced won',
        'Influenced open',
        'No attribution',
        'Joint number',
        'Deals',
        'Commit at start',
        'Upside at start',
        'Closed won',
        'vs commit',
        'vs commit + upside',
      ],
      byQuarterRows,
      [44, '*', '*', '*', '*', '*', '*', 26, '*', '*', '*', 34, 44],
      (i) => i === q.length,
    ),
    {
      text: `By motion, ${range} (${p.currency})`,
      bold: true,
      fontSize: 9,
      pageBreak: 'before',
      margin: [0, 0, 0, 2],
    },
    table(
      [
        'Motion',
        'Sourced won',
        'Sourced open',
        'Influenced won',
        'Influenced open',
        'No attribution',
        'Total',
        'Deals',
        `Forecast ${last.quarter}`,
        `Produced ${last.quarter}`,
        'Attainment',
        'Flag',
      ],
      motionRows,
      [120, '*', '*', '*', '*', '*', '*', 26, '*', '*', 40, 50],
    ),
    {
      text: 'Reconciliation: from CRM records to deal groups to the figures',
      bold: true,
      fontSize: 9,
      margin: [0, 8, 0, 2],
    },
    table(
      ['Line', ...rec.map((r) => r.quarter)],
      recLines.map(([label, pick]) => [label, ...rec.map(pick)]),
      [150, ...rec.map(() => '*')],
    ),
    { text: 'Method note', bold: true, fontSize: 9, margin: [0, 8, 0, 2] },
    ...methodNote(pack).map(
      (m) =>
        ({
          text: [{ text: `${m.heading}. `, bold: true }, m.text],
          fontSize: 7,
          margin: [0, 0, 0, 2],
        }) as Content,
    ),
  ];

  const asOf = new Date(pack.asOf);
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [PAGE.margin, PAGE.margin, PAGE.margin, PAGE.margin],
    info: {
      title: `Partner revenue: ${p.name}, ${range}`,
      author: 'Alignboard',
      creator: 'Alignboard',
      producer: 'Alignboard',
      creationDate: asOf,
      modDate: asOf,
    },
    defaultStyle: { font: 'Helvetica', fontSize: 8 },
    footer: (page: number, pages: number) => ({
      text: `${p.key} · ${range} · as of ${formatUtcMinute(pack.asOf)} · page ${page} of ${pages}`,
      fontSize: 7,
      color: palette.muted,
      margin: [PAGE.margin, 8, PAGE.margin, 0],
    }),
    content,
  };
}
