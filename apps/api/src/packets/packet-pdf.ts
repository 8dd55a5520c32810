import type {
  MotionPage,
  PacketDeal,
  PacketDealChange,
  PreworkPacketContent,
} from '@alignboard/contracts';
import { palette } from '@alignboard/presentation';
import type { LegendItem } from '@alignboard/presentation/charts';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { renderPdf } from '../documents/pdf-document.js';
import {
  askStatusLabel,
  categoryChange,
  categoryLabel,
  closeChange,
  dealLabel,
  movements,
  PacketFormat,
  verdictLabel,
} from './packet-format.js';
import { motionView, numberLines, packetHeader, warningsNote } from './packet-view.js';

/** The packet as a PDF: the same sections as the HTML page, a page per motion. */
export async function packetPdf(c: PreworkPacketContent, version: number): Promise<Buffer> {
  const f = new PacketFormat(c);
  const header = packetHeader(c, version, f);
  return renderPdf({
    info: {
      title: header.title,
      creator: 'Alignboard',
    },
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    footer: (page, pages) => ({
      text: `${c.partnership.name} · prework v${version} · ${page}/${pages}`,
      style: 'footer',
    }),
    content: [
      { text: c.partnership.name, style: 'title' },
      { text: header.lede, style: 'lede' },
      { text: header.meta, style: 'meta' },
      ...numberSection(c, f, header.numberColumns),
      ...changesSection(c, f),
      ...asksSection(c, f),
      ...c.motions.flatMap((m) => motionSection(m, f, c.partnership.currency)),
    ],
    styles: {
      title: { fontSize: 20, bold: true },
      lede: { fontSize: 12, margin: [0, 2, 0, 2] },
      meta: { fontSize: 8.5, color: palette.muted, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, color: palette.ink, margin: [0, 14, 0, 4] },
      h3: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
      th: { bold: true, fontSize: 9 },
      none: { fontSize: 9, color: palette.muted },
      kill: { fontSize: 10, color: palette.error },
      at_risk: { fontSize: 10, color: palette.warn },
      legend: { fontSize: 8, color: palette.ink },
      footer: { fontSize: 8, color: palette.muted, alignment: 'center', margin: [0, 16, 0, 0] },
    },
    defaultStyle: { fontSize: 9.5 },
  });
}

const h2 = (text: string, pageBreak = false): Content => ({
  text,
  style: 'h2',
  ...(pageBreak ? { pageBreak: 'before' as const } : {}),
});
const h3 = (text: string): Content => ({ text, style: 'h3' });
const none = (text = 'None.'): Content => ({ text, style: 'none' });

function table(
  header: string[],
  rows: TableCell[][],
  widths: (string | number)[],
  numeric: number[] = [],
): Content {
  const cell = (value: TableCell, col: number): TableCell =>
    typeof value === 'string' && numeric.includes(col)
      ? { text: value, alignment: 'right' }
      : value;
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [
        header.map((h, col) => ({
          text: h,
          style: 'th',
          alignment: numeric.includes(col) ? 'right' : 'left',
        })),
        ...rows.map((r) => r.map(cell)),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  };
}

function numberSection(c: PreworkPacketContent, f: PacketFormat, columns: [string, string]): Content[] {
  const rows = numberLines(c, f).map((l): TableCell[] => [
    { text: l.label, bold: l.strong },
    { text: l.ended, bold: l.strong, alignment: 'right' },
    { text: l.current, bold: l.strong, alignment: 'right' },
  ]);
  const note = warningsNote(c);
  return [h2('The number'), table(['', ...columns], rows, ['*', 120, 120], [1, 2]), ...(note ? [none(note)] : [])];
}

function changesSection(c: PreworkPacketContent, f: PacketFormat): Content[] {
  const from = c.lastMeeting
    ? `the ${c.lastMeeting.quarter} meeting (${c.lastMeeting.scheduledDate})`
    : `the start of ${c.quarters.ended}`;
  const joint = [c.changes.jointNumber.ended, c.changes.jointNumber.current].map(
    (j) => `${j.quarter} joint number: ${f.jointChange(j)}`,
  );
  const { decisions, asksDelivered } = c.changes;
  return [
    h2(`Since ${from}`),
    { ul: joint },
    h3('Decisions taken at the last meeting'),
    decisions.length
      ? {
          ul: decisions.map(
            (d) =>
              `[${d.kind}] ${d.text}${d.owner ? ` · ${d.owner}` : ''}${d.due ? ` · due ${d.due}` : ''}`,
          ),
        }
      : none('No decision was logged.'),
    h3('Asks delivered'),
    asksDelivered.length
      ? {
          ul: asksDelivered.map(
            (a) =>
              `${f.direction(a.fromSide, a.toSide, 'to')}: ${a.text} (${a.statusSince.slice(0, 10)})`,
          ),
        }
      : none(),
  ];
}

function asksSection(c: PreworkPacketContent, f: PacketFormat): Content[] {
  const rows = c.asks.map((a): TableCell[] => [
    f.direction(a.fromSide, a.toSide, 'to'),
    a.text,
    a.owner ?? '—',
    a.due ?? '—',
    a.verdict
      ? `${askStatusLabel(a.status)} (${verdictLabel(a.verdict)})`
      : askStatusLabel(a.status),
  ]);
  return [
    h2(`Asks raised in ${c.quarters.ended}`),
    rows.length
      ? table(['From, to', 'Ask', 'Owner', 'Due', 'Status'], rows, [110, '*', 70, 55, 80])
      : none('No ask was raised.'),
  ];
}

function motionSection(m: MotionPage, f: PacketFormat, currency: string): Content[] {
  const view = motionView(m, f, currency);
  const moved = movements(m);
  return [
    h2(view.heading, true),
    ...(view.flag ? [{ text: `${view.flag.label}: ${view.flag.reason}`, style: view.flag.kind }] : []),
    { svg: view.chart.svg, width: 360, margin: [0, 4, 0, 0] },
    legend(view.chart.legend),
    table(['Quarter', 'Forecast', 'Produced', 'Attainment'], view.trend, ['*', 100, 100, 80], [1, 2, 3]),
    dealTable('Top open deals this quarter', m.topDeals, f),
    ...moved.shown.map((l) => changeTable(l.title, l.deals, f)),
    ...(moved.quiet ? [none(moved.quiet)] : []),
  ];
}

/** The chart's swatches in its colours (Plot's own legends are HTML, which a PDF cannot hold). */
function legend(items: LegendItem[]): Content {
  return {
    columns: items.map((i) => ({
      width: 'auto',
      columns: [
        { width: 9, canvas: [{ type: 'rect', x: 0, y: 1, w: 7, h: 7, color: i.color }] },
        { width: 'auto', text: i.label, style: 'legend', margin: [0, 0, 12, 0] },
      ],
    })),
    margin: [0, 0, 0, 4],
  } as Content;
}

function dealTable(title: string, deals: PacketDeal[], f: PacketFormat): Content {
  const rows = deals.map((d): TableCell[] => [
    dealLabel(d),
    f.amount(d.amount),
    d.closeDate ?? '—',
    categoryLabel(d.category),
  ]);
  const body = rows.length
    ? table(['Deal', 'Amount', 'Close', 'Category'], rows, ['*', 70, 135, 95], [1])
    : none();
  return { stack: [h3(title), body], unbreakable: true };
}

function changeTable(title: string, deals: PacketDealChange[], f: PacketFormat): Content {
  const rows = deals.map((d): TableCell[] => [
    dealLabel(d),
    f.amount(d.amount),
    closeChange(d),
    categoryChange(d),
  ]);
  // A heading stays with its table (a table longer than a page still breaks).
  return {
    stack: [
      h3(title),
      table(['Deal', 'Amount', 'Close', 'Category'], rows, ['*', 70, 135, 95], [1]),
    ],
    unbreakable: rows.length < 20,
  };
}
