import type { SplitPart } from '@alignboard/contracts';
import type { BoardPack } from './board-pack.js';

export type FigureUnit = 'money' | 'ratio' | 'count' | 'flag';

/** One figure of the pack: keys as SPEC §5 names them, `motion` set on motion rows (null: no motion). */
export interface FigureRow {
  quarter: string;
  figure: string;
  motion: string | null;
  value: number | boolean | null;
  unit: FigureUnit;
}

/**
 * Every figure of the pack, one per row, quarter by quarter: the joint
 * number, the split, the call, each motion's attainment, partner revenue by
 * motion and attribution, and the reconciliation counts.
 */
export function figureRows(pack: BoardPack): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const m of pack.quarters) {
    const push = (
      figure: string,
      value: FigureRow['value'],
      unit: FigureUnit,
      motion: string | null = null,
    ) => rows.push({ quarter: m.quarter, figure, motion, value, unit });
    const part = (prefix: string, p: SplitPart, motion: string | null = null) => {
      push(`${prefix}.open`, p.open, 'money', motion);
      push(`${prefix}.closedWon`, p.closedWon, 'money', motion);
      push(`${prefix}.total`, p.total, 'money', motion);
      push(`${prefix}.deals`, p.deals, 'count', motion);
    };
    for (const key of [
      'open',
      'commit',
      'upside',
      'pipeline',
      'closedWon',
      'closedLost',
      'total',
    ] as const)
      push(`joint.${key}`, m.joint[key], 'money');
    push('joint.deals', m.joint.deals, 'count');
    push('joint.duplicatesRemoved', m.joint.duplicatesRemoved, 'count');
    part('split.sourced', m.split.sourced);
    part('split.influenced', m.split.influenced);
    push('split.sourcedShare', m.split.sourcedShare, 'ratio');
    push('call.commitAtStart', m.call.commitAtStart, 'money');
    push('call.upsideAtStart', m.call.upsideAtStart, 'money');
    push('call.closedWon', m.call.closedWon, 'money');
    push('call.vsCommit', m.call.vsCommit, 'ratio');
    push('call.vsCommitPlusUpside', m.call.vsCommitPlusUpside, 'ratio');
    for (const x of m.motions) {
      push('motion.forecast', x.forecast, 'money', x.key);
      push('motion.stretch', x.stretch, 'money', x.key);
      push('motion.produced', x.produced, 'money', x.key);
      push('motion.attainment', x.attainment, 'ratio', x.key);
      push('motion.stretchAttainment', x.stretchAttainment, 'ratio', x.key);
      push('motion.closedWon', x.closedWon, 'money', x.key);
      push('motion.deals', x.deals, 'count', x.key);
      push('motion.killCandidate', x.killCandidate, 'flag', x.key);
      push('motion.atRisk', x.atRisk, 'flag', x.key);
    }
    for (const r of pack.byMotion.filter((r) => r.quarter === m.quarter)) {
      part('byMotion.sourced', r.sourced, r.motion);
      part('byMotion.influenced', r.influenced, r.motion);
      part('byMotion.unattributed', r.unattributed, r.motion);
      part('byMotion.total', r.total, r.motion);
    }
    const r = pack.reconciliation.find((x) => x.quarter === m.quarter)!;
    push('reconciliation.records.A', r.records.A, 'count');
    push('reconciliation.records.B', r.records.B, 'count');
    push('reconciliation.sharedDeals', r.sharedDeals, 'count');
    push('reconciliation.unattributed', r.unattributed, 'money');
    push('reconciliation.closedLost.deals', r.closedLost.deals, 'count');
    push('reconciliation.nullAmounts', r.nullAmounts, 'count');
    push('reconciliation.unknownCurrency', r.unknownCurrency, 'count');
    push('reconciliation.conflicts', r.conflicts, 'count');
    push('reconciliation.possibleDuplicates', r.possibleDuplicates, 'count');
  }
  return rows;
}
