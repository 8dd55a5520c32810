import type { AskStatusChangeView, AskView } from '@alignboard/contracts';
import type { Ask } from './entities/ask.entity.js';
import type { AskStatusChange } from './entities/ask-status-change.entity.js';

/** The fields of an ask as compared, audited and returned. */
export function askStateOf(a: Ask) {
  return {
    fromSide: a.fromSide,
    toSide: a.toSide,
    quarterRaised: a.quarterRaised,
    text: a.text,
    owner: a.owner,
    due: a.due,
    status: a.status,
    verdict: a.verdict,
    meetingId: a.meetingId,
  };
}

export type AskState = ReturnType<typeof askStateOf>;

export function askViewOf(a: Ask): AskView {
  return { id: a.id, ...askStateOf(a), createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

export function statusChangeViewOf(c: AskStatusChange, changedBy: string | null): AskStatusChangeView {
  return { status: c.status, verdict: c.verdict, changedAt: c.changedAt.toISOString(), changedBy, note: c.note };
}
