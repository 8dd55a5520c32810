/** What a motion's figures say about it, in the words every view uses (SPEC §5 kill and at-risk rules). */
interface MotionFlags {
  killCandidate: boolean;
  atRisk: boolean;
  attainment: number | null;
}

export type MotionStanding = 'kill' | 'at risk' | 'on track' | 'no forecast';

/** The chart's four colours: a kill candidate before at risk, as the rules rank them. */
export function motionStanding(m: MotionFlags): MotionStanding {
  if (m.killCandidate) return 'kill';
  if (m.atRisk) return 'at risk';
  if (m.attainment === null) return 'no forecast';
  return 'on track';
}

export type MotionFlag = 'kill candidate' | 'at risk' | '';

/** The flag a table writes beside a motion; empty when the rules raise none. */
export function motionFlag(m: Pick<MotionFlags, 'killCandidate' | 'atRisk'>): MotionFlag {
  return m.killCandidate ? 'kill candidate' : m.atRisk ? 'at risk' : '';
}
