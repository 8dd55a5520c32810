import type {
  MotionPage,
  PacketAsk,
  PacketDeal,
  PacketDealChange,
  PreworkPacketContent,
} from '@alignboard/contracts';
import { escapeHtml as esc, palette } from '@alignboard/presentation';
import type { LegendItem } from '@alignboard/presentation/charts';
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

/**
 * The packet as one self-contained, printable HTML page: no scripts, no
 * external files, charts inlined as SVG, one printed page per motion.
 */
export function packetHtml(c: PreworkPacketContent, version: number): string {
  const f = new PacketFormat(c);
  const header = packetHeader(c, version, f);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(header.title)}</title>
<style>${css}</style>
</head>
<body>
<header>
  <h1>${esc(c.partnership.name)}</h1>
  <p class="lede">${esc(header.lede)}</p>
  <p class="meta">${esc(header.meta)}</p>
</header>
${numberSection(c, f, header.numberColumns)}
${changesSection(c, f)}
${asksSection(c, f)}
${c.motions.map((m) => motionSection(m, f, c.partnership.currency)).join('\n')}
</body>
</html>
`;
}

function numberSection(c: PreworkPacketContent, f: PacketFormat, [ended, current]: [string, string]): string {
  const rows = numberLines(c, f).map(
    (l) =>
      `<tr${l.strong ? ' class="strong"' : ''}><th>${esc(l.label)}</th><td>${esc(l.ended)}</td><td>${esc(l.current)}</td></tr>`,
  );
  const note = warningsNote(c);
  return `<section class="number">
  <h2>The number</h2>
  <table class="figures">
    <thead><tr><th></th><th>${esc(ended)}</th><th>${esc(current)}</th></tr></thead>
    <tbody>
      ${rows.join('\n      ')}
    </tbody>
  </table>
  ${note ? `<p class="note">${esc(note)}</p>` : ''}
</section>`;
}

function changesSection(c: PreworkPacketContent, f: PacketFormat): string {
  const from = c.lastMeeting
    ? `the ${esc(c.lastMeeting.quarter)} meeting (${esc(c.lastMeeting.scheduledDate)})`
    : `the start of ${esc(c.quarters.ended)}`;
  const joint = [c.changes.jointNumber.ended, c.changes.jointNumber.current]
    .map((j) => `<li>${esc(j.quarter)} joint number: ${esc(f.jointChange(j))}</li>`)
    .join('');
  const decisions = c.changes.decisions.length
    ? `<ul>${c.changes.decisions.map((d) => `<li><span class="tag">${esc(d.kind)}</span> ${esc(d.text)}${d.owner ? ` · ${esc(d.owner)}` : ''}${d.due ? ` · due ${esc(d.due)}` : ''}</li>`).join('')}</ul>`
    : '<p class="none">No decision was logged.</p>';
  const delivered = c.changes.asksDelivered.length
    ? `<ul>${c.changes.asksDelivered.map((a) => `<li>${esc(f.direction(a.fromSide, a.toSide))}: ${esc(a.text)} (${esc(a.statusSince.slice(0, 10))})</li>`).join('')}</ul>`
    : '<p class="none">None.</p>';
  return `<section class="changes">
  <h2>Since ${from}</h2>
  <ul>${joint}</ul>
  <h3>Decisions taken at the last meeting</h3>
  ${decisions}
  <h3>Asks delivered</h3>
  ${delivered}
</section>`;
}

function asksSection(c: PreworkPacketContent, f: PacketFormat): string {
  const rows = c.asks.map(
    (a: PacketAsk) => `<tr class="ask-${a.status}">
      <td>${esc(f.direction(a.fromSide, a.toSide))}</td><td>${esc(a.text)}</td><td>${esc(a.owner ?? '—')}</td>
      <td>${esc(a.due ?? '—')}</td><td>${esc(askStatusLabel(a.status))}${a.verdict ? `<br><span class="verdict">${esc(verdictLabel(a.verdict))}</span>` : ''}</td></tr>`,
  );
  return `<section class="asks">
  <h2>Asks raised in ${esc(c.quarters.ended)}</h2>
  ${rows.length ? `<table><thead><tr><th>From → to</th><th>Ask</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '<p class="none">No ask was raised.</p>'}
</section>`;
}

function motionSection(m: MotionPage, f: PacketFormat, currency: string): string {
  const view = motionView(m, f, currency);
  const flag = view.flag
    ? `<p class="flag flag-${view.flag.kind}"><strong>${view.flag.label}:</strong> ${esc(view.flag.reason)}</p>`
    : '';
  const trendRows = view.trend
    .map(([quarter, ...cells]) => `<tr><th>${esc(quarter)}</th>${cells.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`)
    .join('');
  const moved = movements(m);
  return `<section class="motion">
  <h2>${esc(view.heading)}</h2>
  ${flag}
  <div class="chart">${view.chart.svg}${legend(view.chart.legend)}</div>
  <table class="figures"><thead><tr><th>Quarter</th><th>Forecast</th><th>Produced</th><th>Attainment</th></tr></thead><tbody>${trendRows}</tbody></table>
  ${dealTable('Top open deals this quarter', m.topDeals, f)}
  ${moved.shown.map((l) => changeTable(l.title, l.deals, f)).join('\n  ')}
  ${moved.quiet ? `<p class="none">${esc(moved.quiet)}</p>` : ''}
</section>`;
}

/** The chart's swatches, in the chart's colours (the SVG carries none: a PDF cannot hold Plot's HTML legend). */
function legend(items: LegendItem[]): string {
  return `<p class="legend">${items.map((i) => `<span><i style="background:${i.color}"></i>${esc(i.label)}</span>`).join('')}</p>`;
}

function dealTable(title: string, deals: PacketDeal[], f: PacketFormat): string {
  const rows = deals.map(
    (d) =>
      `<tr><td>${esc(dealLabel(d))}</td><td>${esc(f.amount(d.amount))}</td><td>${esc(d.closeDate ?? '—')}</td><td>${esc(categoryLabel(d.category))}</td></tr>`,
  );
  return `<h3>${title}</h3>${rows.length ? `<table><thead><tr><th>Deal</th><th>Amount</th><th>Close</th><th>Category</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '<p class="none">None.</p>'}`;
}

function changeTable(title: string, deals: PacketDealChange[], f: PacketFormat): string {
  const rows = deals.map(
    (d) => `<tr><td>${esc(dealLabel(d))}</td><td>${esc(f.amount(d.amount))}</td>
      <td>${esc(closeChange(d))}</td><td>${esc(categoryChange(d))}</td></tr>`,
  );
  return `<h3>${title}</h3><table><thead><tr><th>Deal</th><th>Amount</th><th>Close</th><th>Category</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const css = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: ${palette.ink}; max-width: 180mm; margin: 0 auto; padding: 12px; }
h1 { font-size: 20pt; margin: 0 0 4px; }
h2 { font-size: 14pt; margin: 18px 0 6px; border-bottom: 2px solid ${palette.commit}; padding-bottom: 2px; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
.lede { font-size: 12pt; margin: 0; }
.meta, .note, .none { color: ${palette.muted}; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 9.5pt; }
th, td { border-bottom: 1px solid ${palette.grid}; padding: 3px 6px; text-align: left; vertical-align: top; }
table.figures td { text-align: right; font-variant-numeric: tabular-nums; }
tr.strong th, tr.strong td { font-weight: bold; font-size: 11pt; }
tr { break-inside: avoid; }
.tag { background: ${palette.tint}; border-radius: 3px; padding: 0 4px; font-size: 8.5pt; }
.verdict { color: ${palette.warn}; font-size: 8.5pt; }
.flag { padding: 6px 8px; border-left: 4px solid; }
.flag-kill { border-color: ${palette.kill}; background: ${palette.errorBackground}; }
.flag-at_risk { border-color: ${palette.atRisk}; background: ${palette.warnBackground}; }
.chart svg { max-width: 100%; height: auto; }
.legend { font-size: 9pt; margin: 0 0 4px; } .legend span { margin-right: 14px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
section.motion { break-before: page; }
@media print { body { padding: 0; max-width: none; } }
`;
