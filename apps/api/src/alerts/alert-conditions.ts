/**
 * The time rules behind the alerts that are not figures: when prework is
 * late, when the one-pager is overdue, when a CRM sync counts as failing.
 * Pure: the evaluator loads the rows and passes `now`.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The first instant (UTC) of an ISO date. */
export const dayStartMs = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

/**
 * Prework is due on its prework date (the meeting's date minus the lead in
 * business days) and late once that whole day has passed without a packet.
 * Only while the meeting is still ahead (its day not over): a late packet
 * for a meeting already held is no longer worth a warning.
 */
export function preworkIsLate(preworkDate: string, meetingDate: string, nowMs: number): boolean {
  return nowMs >= dayStartMs(preworkDate) + DAY_MS && nowMs < dayStartMs(meetingDate) + DAY_MS;
}

/** A meeting has a date, not a time: the one-pager is due 24 hours from the start of its day (UTC), as in health. */
export function artifactDueMs(meetingDate: string): number {
  return dayStartMs(meetingDate) + 24 * HOUR_MS;
}

export interface FinishedRun {
  status: 'succeeded' | 'failed';
  startedAt: Date;
  error: string | null;
}

/** What the evaluator reads of one CRM connection's sync runs. */
export interface ConnectionSyncState {
  createdAt: Date;
  /** The last two runs that ended (succeeded or failed), newest first; running, stopped and skipped runs are neither. */
  lastRuns: FinishedRun[];
  /** When the last successful run finished; null if none ever did. */
  lastSuccessAt: Date | null;
  /** The failed runs since the last success, and when the first of them started. */
  failuresSinceSuccess: number;
  failingSince: Date | null;
}

export interface SyncFailure {
  reason: 'two_failed_runs' | 'no_success_for_24h';
  failingSince: Date;
  failedRuns: number;
  lastError: string | null;
  lastSuccessAt: Date | null;
}

/**
 * A connection is failing when its last run failed and either the run before
 * it failed too, or it has not synced successfully for more than 24 hours (a
 * connection that never has counts from its creation). A success ends it.
 */
export function syncFailure(state: ConnectionSyncState, nowMs: number): SyncFailure | null {
  const [last, previous] = state.lastRuns;
  if (!last || last.status !== 'failed' || !state.failingSince) return null;
  const twoFailed = previous?.status === 'failed';
  const successAge = nowMs - (state.lastSuccessAt ?? state.createdAt).getTime();
  if (!twoFailed && successAge <= DAY_MS) return null;
  return {
    reason: twoFailed ? 'two_failed_runs' : 'no_success_for_24h',
    failingSince: state.failingSince,
    failedRuns: state.failuresSinceSuccess,
    lastError: last.error,
    lastSuccessAt: state.lastSuccessAt,
  };
}

/** The UTC day of an instant, the period of a sync outage. */
export const utcDay = (instant: Date) => instant.toISOString().slice(0, 10);
