import type { AlertView } from '@alignboard/contracts';
import type { Alert } from './entities/alert.entity.js';

export function alertViewOf(a: Alert): AlertView {
  return {
    id: a.id,
    kind: a.kind,
    subject: a.subject,
    period: a.period,
    message: a.message,
    details: a.details,
    raisedAt: a.raisedAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
  };
}
