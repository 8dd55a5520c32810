import type { ArtifactContent, ArtifactView, SideKey } from '@alignboard/contracts';
import { escapeHtml, formatMoney, formatRatio, motionFlag, palette } from '@alignboard/presentation';

/** What the rendering needs to know about the partnership. */
export interface ArtifactHeading {
  partnershipName: string;
  companies: Record<SideKey, string>;
}

/** `USD 352,500`: the one-pager's money style — base-currency amounts, rounded to cents only at output. */
export const money = (amount: number | null | undefined, currency: string): string =>
  formatMoney(amount, currency, 'code');

/** `6.5%`, `20%`: the one-pager's ratios, without trailing zeros. */
export const percent = (ratio: number | null | undefined): string => formatRatio(ratio, 1, 'trim');

function table(head: string[], rows: string[][]): string {
  if (!rows.length) return '<p class="none">None.</p>';
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

function numbersSection(content: ArtifactContent): string {
  const n = content.numbers;
  const m = (x: number | null) => escapeHtml(money(x, n.currency));
  const rows = [
    ['Joint number (open + closed won)', m(n.joint.total)],
    ['Open', m(n.joint.open)],
    [
      'Commit / upside / pipeline',
      `${m(n.joint.commit)} / ${m(n.joint.upside)} / ${m(n.joint.pipeline)}`,
    ],
    ['Closed won', m(n.joint.closedWon)],
    [
      'Partner sourced / influenced',
      `${m(n.split.sourced.total)} / ${m(n.split.influenced.total)} (sourced ${percent(n.split.sourcedShare)})`,
    ],
    ['Commit at start of quarter', m(n.call.commitAtStart)],
    ['Closed won vs commit', escapeHtml(percent(n.call.vsCommit))],
  ];
  const motions = n.motions.map((mo) => [
    escapeHtml(mo.name),
    m(mo.forecast),
    m(mo.produced),
    escapeHtml(percent(mo.attainment)),
    mo.status === 'killed' ? 'killed' : motionFlag(mo),
  ]);
  return `<section><h2>The number — ${escapeHtml(n.quarter)}</h2>
<p class="asof">As of ${escapeHtml(n.asOf)}; ${escapeHtml(n.joint.deals)} deals.</p>
${table(['Figure', 'Amount'], rows)}
<h3>Motions</h3>
${table(['Motion', 'Forecast', 'Produced', 'Attainment', 'Flag'], motions)}</section>`;
}

/** The one-pager as a printable page (one A4/Letter sheet for a typical quarter). */
export function renderArtifactHtml(heading: ArtifactHeading, artifact: ArtifactView): string {
  const c = artifact.content;
  const side = (s: SideKey) => escapeHtml(heading.companies[s]);
  const currency = c.numbers.currency;
  const commitments = c.commitments.map((k) => [
    escapeHtml(k.text),
    side(k.ownerSide),
    escapeHtml(k.owner ?? ''),
    k.amount === null || k.amount === undefined ? '' : escapeHtml(money(k.amount, currency)),
  ]);
  const asks = c.asks.map((a) => [
    escapeHtml(a.text),
    `${side(a.fromSide)} → ${side(a.toSide)}`,
    escapeHtml(a.owner ?? ''),
    escapeHtml(a.due ?? ''),
    escapeHtml(a.verdict ? `${a.status} (${a.verdict})` : a.status),
  ]);
  const decisions = c.decisions.map((d) => [
    escapeHtml(d.kind),
    escapeHtml(d.text),
    escapeHtml(d.owner ?? ''),
    escapeHtml(d.due ?? ''),
  ]);
  const confirmed = (['A', 'B'] as const)
    .map(
      (s) =>
        `${side(s)}: ${artifact.confirmations[s] ? `confirmed ${escapeHtml(artifact.confirmations[s]!.at)}` : 'not confirmed'}`,
    )
    .join(' · ');
  const title = `${heading.partnershipName} — one-pager ${artifact.quarter}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { font: 11pt/1.35 system-ui, sans-serif; color: ${palette.ink}; max-width: 50rem; margin: 1.5rem auto; padding: 0 1rem; }
  h1 { font-size: 16pt; margin: 0 0 .2rem; } h2 { font-size: 13pt; margin: 1rem 0 .3rem; } h3 { font-size: 11pt; margin: .6rem 0 .2rem; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .15rem .4rem; border-bottom: 1px solid ${palette.grid}; vertical-align: top; }
  .meta, .asof, .none { color: ${palette.muted}; font-size: 9.5pt; } .notes { white-space: pre-wrap; }
  @page { margin: 1.2cm; } @media print { body { margin: 0; max-width: none; } section { break-inside: avoid; } }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Revision ${artifact.revision} · ${confirmed}</p>
${numbersSection(c)}
<section><h2>Commitments for the coming quarter</h2>
${table(['Commitment', 'Side', 'Owner', 'Amount'], commitments)}</section>
<section><h2>Asks</h2>
${table(['Ask', 'From → to', 'Owner', 'Due', 'Status'], asks)}</section>
<section><h2>Decisions</h2>
${table(['Kind', 'Decision', 'Owner', 'Due'], decisions)}</section>
${c.notes ? `<section><h2>Notes</h2><p class="notes">${escapeHtml(c.notes)}</p></section>` : ''}
</body></html>
`;
}

/** The same one-pager as plain text, for the email's text part. */
export function renderArtifactText(heading: ArtifactHeading, artifact: ArtifactView): string {
  const c = artifact.content;
  const n = c.numbers;
  const lines = [
    `${heading.partnershipName} — one-pager ${artifact.quarter} (revision ${artifact.revision})`,
    '',
    `Joint number: ${money(n.joint.total, n.currency)} (open ${money(n.joint.open, n.currency)}, closed won ${money(n.joint.closedWon, n.currency)}), as of ${n.asOf}`,
    '',
    'Commitments:',
    ...(c.commitments.length
      ? c.commitments.map(
          (k) =>
            `- ${k.text} (${heading.companies[k.ownerSide]}${k.owner ? `, ${k.owner}` : ''}${k.amount != null ? `, ${money(k.amount, n.currency)}` : ''})`,
        )
      : ['- none']),
    '',
    'Asks:',
    ...(c.asks.length
      ? c.asks.map((a) => `- ${a.text} (${a.fromSide} → ${a.toSide}, ${a.status})`)
      : ['- none']),
    '',
    'Decisions:',
    ...(c.decisions.length ? c.decisions.map((d) => `- [${d.kind}] ${d.text}`) : ['- none']),
  ];
  if (c.notes) lines.push('', 'Notes:', c.notes);
  return `${lines.join('\n')}\n`;
}
