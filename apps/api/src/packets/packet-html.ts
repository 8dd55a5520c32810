import type {
  MotionPage,
  PacketAsk,
  PacketDeal,
  PacketDealChange,
  PacketNumber,
  PreworkPacketContent,
} from '@alignboard/contracts';
import { trendChartSvg } from './packet-charts.js';
import { quarterEndedAt } from './packet-content.js';
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

/**
 * The packet as one self-contained, printable HTML page: no scripts, no
 * external files, charts inlined as SVG, one printed page per motion.
 */
export function packetHtml(c: PreworkPacketContent, version: number): string {
  const f = new PacketFormat(c);
  const title = `Prework: ${c.partnership.name}, ${c.quarters.current} meeting`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
<header>
  <h1>${esc(c.partnership.name)}</h1>
  <p class="lede">Prework for the ${esc(c.quarters.current)} executive alignment meeting on ${esc(longDate(c.meeting.scheduledDate))}</p>
  <p class="meta">${esc(f.company('A'))} and ${esc(f.company('B'))} · figures as of ${esc(instant(c.asOf))} · version ${version} · amounts in ${esc(c.partnership.currency)}</p>
</header>
${numberSection(c, f)}
${changesSection(c, f)}
${asksSection(c, f)}
${c.motions.map((m) => motionSection(m, f)).join('\n')}
</body>
</html>
`;
}

function numberSection(c: PreworkPacketContent, f: PacketFormat): string {
  const { ended, current } = c.number;
  const row = (label: string, value: (n: PacketNumber) => string, strong = false) =>
    `<tr${strong ? ' class="strong"' : ''}><th>${label}</th><td>${esc(value(ended))}</td><td>${esc(value(current))}</td></tr>`;
  return `<section class="number">
  <h2>The number</h2>
  <table class="figures">
    <thead><tr><th></th><th>${esc(ended.quarter)} (${quarterEndedAt(ended, c.asOf) ? 'ended' : 'running'})</th><th>${esc(current.quarter)} (current)</th></tr></thead>
    <tbody>
      ${row('Joint number', (n) => f.amount(n.joint.total), true)}
      ${row('Open', (n) => f.amount(n.joint.open))}
      ${row('· Commit', (n) => f.amount(n.joint.commit))}
      ${row('· Upside', (n) => f.amount(n.joint.upside))}
      ${row('· Pipeline', (n) => f.amount(n.joint.pipeline))}
      ${row('Closed won', (n) => f.amount(n.joint.closedWon))}
      ${row('Closed lost', (n) => f.amount(n.joint.closedLost))}
      ${row('Deals (duplicates removed)', (n) => `${n.joint.deals} (${n.joint.duplicatesRemoved})`)}
      ${row('Partner-sourced', (n) => `${f.amount(n.split.sourced.total)} (${percent(n.split.sourcedShare)})`)}
      ${row('Partner-influenced', (n) => f.amount(n.split.influenced.total))}
      ${row('Commit at start of quarter', (n) => f.amount(n.call.commitAtStart))}
      ${row('Upside at start of quarter', (n) => f.amount(n.call.upsideAtStart))}
      ${row('Won vs commit', (n) => percent(n.call.vsCommit))}
      ${row('Won vs commit + upside', (n) => percent(n.call.vsCommitPlusUpside))}
    </tbody>
  </table>
  ${ended.warnings + current.warnings > 0 ? `<p class="note">${ended.warnings + current.warnings} data-quality warning(s) behind these figures: see the metrics page.</p>` : ''}
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

function motionSection(m: MotionPage, f: PacketFormat): string {
  const flag = m.flag
    ? `<p class="flag flag-${m.flag}"><strong>${m.flag === 'kill' ? 'Kill candidate' : 'At risk'}:</strong> ${esc(m.reason ?? '')}</p>`
    : '';
  const trendRows = m.trend
    .map(
      (t) =>
        `<tr><th>${esc(t.quarter)}</th><td>${esc(f.amount(t.forecast))}</td><td>${esc(f.amount(t.produced))}</td><td>${esc(percent(t.attainment))}</td></tr>`,
    )
    .join('');
  const moved = movements(m);
  return `<section class="motion">
  <h2>Motion: ${esc(m.name)}${m.status === 'killed' ? ' (killed)' : ''}</h2>
  ${flag}
  <div class="chart">${trendChartSvg(m.trend)}</div>
  <table class="figures"><thead><tr><th>Quarter</th><th>Forecast</th><th>Produced</th><th>Attainment</th></tr></thead><tbody>${trendRows}</tbody></table>
  ${dealTable('Top open deals this quarter', m.topDeals, f)}
  ${moved.shown.map((l) => changeTable(l.title, l.deals, f)).join('\n  ')}
  ${moved.quiet ? `<p class="none">${esc(moved.quiet)}</p>` : ''}
</section>`;
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

/** Text and attribute values from the CRMs and from people: never markup. */
export function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

const css = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2330; max-width: 180mm; margin: 0 auto; padding: 12px; }
h1 { font-size: 20pt; margin: 0 0 4px; }
h2 { font-size: 14pt; margin: 18px 0 6px; border-bottom: 2px solid #2f6db5; padding-bottom: 2px; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
.lede { font-size: 12pt; margin: 0; }
.meta, .note, .none { color: #5b6475; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #dde2ea; padding: 3px 6px; text-align: left; vertical-align: top; }
table.figures td { text-align: right; font-variant-numeric: tabular-nums; }
tr.strong th, tr.strong td { font-weight: bold; font-size: 11pt; }
tr { break-inside: avoid; }
.tag { background: #eef2f8; border-radius: 3px; padding: 0 4px; font-size: 8.5pt; }
.verdict { color: #a4461b; font-size: 8.5pt; }
.flag { padding: 6px 8px; border-left: 4px solid; }
.flag-kill { border-color: #b3261e; background: #fbeaea; }
.flag-at_risk { border-color: #c98a00; background: #fdf5e1; }
.chart svg { max-width: 100%; height: auto; }
section.motion { break-before: page; }
@media print { body { padding: 0; max-width: none; } }
`;
