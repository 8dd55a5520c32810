import type { MotionAttainment, QuarterMetrics, SplitPart } from '@alignboard/contracts';
import { formatMoney, formatQuarterDays, formatRatio, motionFlag } from '@alignboard/presentation';

/** The currency is named in the heading line: amounts are a figures column, to the cent. */
const money = (n: number | null) => formatMoney(n, '', 'column');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const percent = (r: number | null) => formatRatio(r);

/** Columns padded to their widest cell; the first column left-aligned, the others right. */
function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('   ')
        .trimEnd(),
  );
}

/** The SPEC §5 figures of one quarter as a person reads them (`alignboard metrics` without `--json`). */
export function formatQuarterMetrics(m: QuarterMetrics): string {
  const lines = [
    `${m.partnership} ${m.quarter} (${formatQuarterDays(m.quarterStart, m.quarterEnd)}), as of ${m.asOf}, in ${m.currency}`,
    '',
    `Joint number ${money(m.joint.total)}: ${plural(m.joint.deals, 'deal')}, ${plural(m.joint.duplicatesRemoved, 'duplicate')} removed`,
    ...table([
      ['open', money(m.joint.open)],
      ['  commit', money(m.joint.commit)],
      ['  upside', money(m.joint.upside)],
      ['  pipeline', money(m.joint.pipeline)],
      ['closed won', money(m.joint.closedWon)],
      ['closed lost', money(m.joint.closedLost)],
    ]),
    '',
    `Sourced / influenced (sourced share ${percent(m.split.sourcedShare)})`,
    ...table([
      ['', 'open', 'closed won', 'total', 'deals'],
      splitRow('sourced', m.split.sourced),
      splitRow('influenced', m.split.influenced),
    ]),
    '',
    'The call',
    ...table([
      ['commit at start', money(m.call.commitAtStart)],
      ['upside at start', money(m.call.upsideAtStart)],
      ['closed won', money(m.call.closedWon)],
      ['vs commit', percent(m.call.vsCommit)],
      ['vs commit + upside', percent(m.call.vsCommitPlusUpside)],
    ]),
    '',
    'Motions',
    ...(m.motions.length
      ? table([
          [
            '',
            'status',
            'forecast',
            'produced',
            'attainment',
            'stretch',
            'closed won',
            'deals',
            'flag',
          ],
          ...m.motions.map(motionRow),
        ])
      : ['  none']),
    ...m.motions.filter((x) => x.reason).map((x) => `  ${x.key}: ${x.reason}`),
    '',
    `Conflicts: ${m.conflicts.length}   Possible duplicates: ${m.possibleDuplicates.length}`,
    `Health (${m.health.quarters[0]} to ${m.health.quarters.at(-1)}): ${m.health.meetingsHeld} of ${m.health.meetingsScheduled} meetings held, ` +
      `cancellations A ${m.health.cancellations.A} / B ${m.health.cancellations.B}`,
    '',
    `Warnings: ${m.warnings.length}`,
    ...m.warnings.map((w) => `  ${w.side} ${w.crmId} ${w.kind}: ${w.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

function splitRow(label: string, p: SplitPart): string[] {
  return [label, money(p.open), money(p.closedWon), money(p.total), String(p.deals)];
}

function motionRow(x: MotionAttainment): string[] {
  // A kill candidate shouts: the terminal has no colour to say it.
  const flag = x.killCandidate ? motionFlag(x).toUpperCase() : motionFlag(x);
  return [
    x.key,
    x.status,
    money(x.forecast),
    money(x.produced),
    percent(x.attainment),
    percent(x.stretchAttainment),
    money(x.closedWon),
    String(x.deals),
    flag,
  ];
}
