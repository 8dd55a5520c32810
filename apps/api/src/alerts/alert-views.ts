import type { AlertView, SideKey } from '@alignboard/contracts';
import type { Alert } from './entities/alert.entity.js';

/**
 * An alert as a viewer sees it. Alerts are the partnership's, both sides
 * see them; the ids of a side's healed records (`sync_drift` details) only
 * that side: an id of the other side's direct business is that business.
 */
export function alertViewOf(a: Alert, viewer: SideKey | null = null): AlertView {
  const details = a.kind === 'sync_drift' && viewer && viewer !== a.details.side ? { ...a.details, records: [] } : a.details;
  return {
    id: a.id,
    kind: a.kind,
    subject: a.subject,
    period: a.period,
    message: a.message,
    details,
    raisedAt: a.raisedAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
  };
}
