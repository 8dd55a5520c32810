import type { DecisionView } from '@alignboard/contracts';
import type { Decision } from './entities/decision.entity.js';

/** The fields of a decision as compared, audited and returned. */
export function decisionStateOf(d: Decision) {
  return { meetingId: d.meetingId, kind: d.kind, text: d.text, owner: d.owner, due: d.due };
}

export type DecisionState = ReturnType<typeof decisionStateOf>;

export function decisionViewOf(d: Decision): DecisionView {
  return { id: d.id, ...decisionStateOf(d), createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}
