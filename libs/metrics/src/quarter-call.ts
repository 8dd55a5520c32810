import type { QuarterCall } from '@alignboard/contracts';
import { ratio } from './codes.js';
import type { JointNumber } from '@alignboard/contracts';

/**
 * How the quarter came in against the call at its start (SPEC §5 `call`):
 * `atStart` is the joint number rebuilt as of the quarter's first instant,
 * null while the quarter has not started at asOf (there was no call yet).
 */
export function quarterCall(atStart: JointNumber | null, now: JointNumber): QuarterCall {
  if (!atStart) return { commitAtStart: null, upsideAtStart: null, closedWon: now.closedWon, vsCommit: null, vsCommitPlusUpside: null };
  return {
    commitAtStart: atStart.commit,
    upsideAtStart: atStart.upside,
    closedWon: now.closedWon,
    vsCommit: ratio(now.closedWon, atStart.commit),
    vsCommitPlusUpside: ratio(now.closedWon, atStart.commit + atStart.upside),
  };
}
