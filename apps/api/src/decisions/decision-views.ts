import type { DecisionOutcome, DecisionView } from '@alignboard/contracts';
import type { MotionChange } from '../motions/entities/motion-change.entity.js';
import type { NamedAccountSet } from '../named-accounts/entities/named-account-set.entity.js';
import type { Decision } from './entities/decision.entity.js';

/** The fields of a decision as compared, audited and returned. */
export function decisionStateOf(d: Decision) {
  return {
    meetingId: d.meetingId,
    kind: d.kind,
    text: d.text,
    owner: d.owner,
    due: d.due,
    effect: d.effect,
  };
}

export type DecisionState = ReturnType<typeof decisionStateOf>;

/** What a decision's effect made: the motion change or the account set version that names it. */
export function decisionOutcomeOf(
  motionChange: MotionChange | undefined,
  accountSet: NamedAccountSet | undefined,
): DecisionOutcome | null {
  if (motionChange) {
    return {
      kind: 'motion',
      motion: motionChange.motionKey,
      action: motionChange.action,
      motionChangeId: motionChange.id,
    };
  }
  if (accountSet)
    return {
      kind: 'account_set',
      namedAccountSetVersion: accountSet.version,
      accounts: accountSet.accounts,
    };
  return null;
}

export function decisionViewOf(d: Decision, outcome: DecisionOutcome | null): DecisionView {
  return {
    id: d.id,
    ...decisionStateOf(d),
    outcome,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
