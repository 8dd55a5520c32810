import type { AttributionSplit, JointNumber, QuarterCall, QuarterMetrics, SplitPart } from '@alignboard/contracts';
import { money } from './codes.js';

const maybe = (n: number | null) => (n === null ? null : money(n));

export const roundJoint = (j: JointNumber): JointNumber => ({
  ...j,
  open: money(j.open), commit: money(j.commit), upside: money(j.upside), pipeline: money(j.pipeline),
  closedWon: money(j.closedWon), closedLost: money(j.closedLost), total: money(j.total),
});
const roundPart = (p: SplitPart): SplitPart => ({ ...p, open: money(p.open), closedWon: money(p.closedWon), total: money(p.total) });
export const roundSplit = (s: AttributionSplit): AttributionSplit => ({ ...s, sourced: roundPart(s.sourced), influenced: roundPart(s.influenced) });
export const roundCall = (c: QuarterCall): QuarterCall => ({
  ...c, commitAtStart: maybe(c.commitAtStart), upsideAtStart: maybe(c.upsideAtStart), closedWon: money(c.closedWon),
});

/** Money to cents at output only: every sum and ratio above was computed unrounded. */
export function roundMetrics(m: QuarterMetrics): QuarterMetrics {
  return {
    ...m,
    joint: roundJoint(m.joint),
    split: roundSplit(m.split),
    call: roundCall(m.call),
    motions: m.motions.map((x) => ({ ...x, produced: money(x.produced), closedWon: money(x.closedWon) })),
    possibleDuplicates: m.possibleDuplicates.map((p) => ({ members: p.members.map((x) => ({ ...x, amount: money(x.amount) })) })),
  };
}

