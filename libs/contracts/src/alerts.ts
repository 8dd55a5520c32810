import { z } from 'zod';

/**
 * What Alignboard warns a partnership about (SPEC §5 and the meeting loop):
 * a condition holds for a subject (a motion, a side, a meeting, a CRM
 * connection) in a period (a quarter, or a day for a sync outage). One alert
 * per condition and period, however often the conditions are evaluated.
 */
export const alertKinds = [
  'kill_candidate',
  'at_risk',
  'consecutive_cancellations',
  'prework_late',
  'artifact_overdue',
  'sync_failing',
  'sync_drift',
] as const;
export const alertKindSchema = z.enum(alertKinds);
export type AlertKind = z.infer<typeof alertKindSchema>;

export interface AlertView {
  id: string;
  kind: AlertKind;
  /** Motion key, side (`A`/`B`), meeting id or CRM connection id, by kind. */
  subject: string;
  /** `2026-Q2`, or a UTC day `2026-05-04` for a sync outage (the day it began). */
  period: string;
  message: string;
  /** The figures behind the alert, by kind (see the README's "Alerts"). */
  details: Record<string, unknown>;
  raisedAt: string;
  acknowledgedAt: string | null;
  /** Who acknowledged it: `user:<email>`. */
  acknowledgedBy: string | null;
}

/** `?open=true`: only alerts nobody has acknowledged; `?kind=at_risk`. */
export const listAlertsQuerySchema = z
  .object({
    open: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .transform((v) => v === 'true')
      .optional(),
    kind: alertKindSchema.optional(),
  })
  .strict();
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

/** What one evaluation raised: only alerts that did not exist yet. */
export interface AlertEvaluationView {
  evaluatedAt: string;
  raised: AlertView[];
}
