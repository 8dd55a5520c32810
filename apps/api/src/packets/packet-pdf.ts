import type {
  MotionPage,
  PacketDeal,
  PacketDealChange,
  PacketNumber,
  PreworkPacketContent,
} from '@alignboard/contracts';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { trendChartSvg } from './packet-charts.js';
import {
  askStatusLabel,
  categoryChange,
  categoryLabel,
  closeChange,
  dealLabel,
  instant,
  longDate,
  movements,
  PacketFormat,
  percent,
  verdictLabel,
} from './packet-format.js';
import { quarterEndedAt } from './packet-content.js';
import { renderPdf } from './pdf-document.js';

/** The packet as a PDF: the same sections as the HTML page, a page per motion. */
export async function packetPdf(c: PreworkPacketContent, version: number): Promise<Buffer> {
  const f = new PacketFormat(c);
  return renderPdf({
    info: {
      title: `Prework: ${c.partnership.name}, ${c.quarters.current} meeting`,
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
      {
        text: `Prework for the ${c.quarters.current} executive alignment meeting on ${longDate(c.meeting.scheduledDate)}`,
        style: 'lede',
      },
      {
        text: `${f.company('A')} and ${f.company('B')} · figures as of ${instant(c.asOf)} · version ${version} · amounts in ${c.partnership.currency}`,
        style: 'meta',
      },
      ...numberSection(c, f),
      ...changesSection(c, f),
      ...asksSection(c, f),
      ...c.motions.flatMap((m) => motionSection(m, f)),
    ],
    styles: {
      title: { fontSize: 20, bold: true },
      lede: { fontSize: 12, margin: [0, 2, 0, 2] },
      meta: { fontSize: 8.5, color: '#5b6475', margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, color: '#1d2330', margin: [0, 14, 0, 4] },
      h3: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
      th: { bold: true, fontSize: 9 },
      none: { fontSize: 9, color: '#5b6475' },
      kill: { fontSize: 10, color: '#b3261e' },
      at_risk: { fontSize: 10, color: '#9a6a00' },
      footer: { fontSize: 8, color: '#5b6475', alignment: 'center', margin: [0, 16, 0, 0] },
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

function numberSection(c: PreworkPacketContent, f: PacketFormat): Content[] {
  const { ended, current } = c.number;
  const row = (label: string, value: (n: PacketNumber) => string, bold = false): TableCell[] => [
    { text: label, bold },
    { text: value(ended), bold, alignment: 'right' },
    { text: value(current), bold, alignment: 'right' },
  ];
  const warnings = ended.warnings + current.warnings;
  return [
    h2('The number'),
    table(
      ['', `${ended.quarter} (${quarterEndedAt(ended, c.asOf) ? 'ended' : 'running'})`, `${current.quarter} (current)`],
      [
        row('Joint number', (n) => f.amount(n.joint.total), true),
        row('Open', (n) => f.amount(n.joint.open)),
        row('· Commit', (n) => f.amount(n.joint.commit)),
        row('· Upside', (n) => f.amount(n.joint.upside)),
        row('· Pipeline', (n) => f.amount(n.joint.pipeline)),
        row('Closed won', (n) => f.amount(n.joint.closedWon)),
        row('Closed lost', (n) => f.amount(n.joint.closedLost)),
        row('Deals (duplicates removed)', (n) => `${n.joint.deals} (${n.joint.duplicatesRemoved})`),
        row(
          'Partner-sourced',
          (n) => `${f.amount(n.split.sourced.total)} (${percent(n.split.sourcedShare)})`,
        ),
        row('Partner-influenced', (n) => f.amount(n.split.influenced.total)),
        row('Commit at start of quarter', (n) => f.amount(n.call.commitAtStart)),
        row('Upside at start of quarter', (n) => f.amount(n.call.upsideAtStart)),
        row('Won vs commit', (n) => percent(n.call.vsCommit)),
        row('Won vs commit + upside', (n) => percent(n.call.vsCommitPlusUpside)),
      ],
      ['*', 120, 120],
      [1, 2],
    ),
    ...(warnings > 0
      ? [none(`${warnings} data-quality warning(s) behind these figures: see the metrics page.`)]
      : []),
  ];
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

function motionSection(m: MotionPage, f: PacketFormat): Content[] {
  const moved = movements(m);
  const trendRows = m.trend.map((t): TableCell[] => [
    t.quarter,
    f.amount(t.forecast),
    f.amount(t.produced),
    percent(t.attainment),
  ]);
  return [
    h2(`Motion: ${m.name}${m.status === 'killed' ? ' (killed)' : ''}`, true),
    ...(m.flag
      ? [
          {
            text: `${m.flag === 'kill' ? 'Kill candidate' : 'At risk'}: ${m.reason ?? ''}`,
            style: m.flag,
          },
        ]
      : []),
    { svg: trendChartSvg(m.trend), width: 360, margin: [0, 4, 0, 4] },
    table(
      ['Quarter', 'Forecast', 'Produced', 'Attainment'],
      trendRows,
      ['*', 100, 100, 80],
      [1, 2, 3],
    ),
    dealTable('Top open deals this quarter', m.topDeals, f),
    ...moved.shown.map((l) => changeTable(l.title, l.deals, f)),
    ...(moved.quiet ? [none(moved.quiet)] : []),
  ];
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
