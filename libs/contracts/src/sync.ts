import { z } from 'zod';
import { sideKeySchema, type CrmProvider, type SideKey } from './domain.js';

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'stopped' | 'skipped';
/** An incremental sync, or a reconciliation: every id and stamp the CRM holds compared with the store. */
export type SyncRunKind = 'sync' | 'reconcile';

/**
 * How a stored record differed from the CRM's, as a reconciliation found it:
 * `missing` (not stored), `changed` (another stamp), `deleted`, `merged`
 * (HubSpot), `restored` (live again), `purged` (the CRM holds no trace of it).
 */
export type DriftKind = 'missing' | 'changed' | 'deleted' | 'merged' | 'restored' | 'purged';
export const driftKinds: DriftKind[] = ['missing', 'changed', 'deleted', 'merged', 'restored', 'purged'];

/** What a reconciliation checked and healed. */
export interface ReconcileReport {
  checked: { opportunities: number; accounts: number };
  /** Records that differed, by kind, and were healed (read and written as the CRM holds them). */
  healed: { opportunities: Record<DriftKind, number>; accounts: Record<DriftKind, number> };
  /** Records that differed but whose CRM version still cannot be stored (see the quarantine). */
  quarantined: number;
  /** The records healed, opportunities first (at most 200). */
  records: { object: 'opportunity' | 'account'; crmId: string; kind: DriftKind }[];
  /** More records healed than listed. */
  truncated: boolean;
}

/** Records a reconciliation healed, by kind, opportunities and accounts together. */
export function healedByKind(report: ReconcileReport): Record<DriftKind, number> {
  return Object.fromEntries(driftKinds.map((k) => [k, report.healed.opportunities[k] + report.healed.accounts[k]])) as Record<DriftKind, number>;
}

/** Records a reconciliation healed, all kinds. */
export function healedTotal(report: ReconcileReport): number {
  return Object.values(healedByKind(report)).reduce((a, b) => a + b, 0);
}

/** What a reconciliation healed in words (`3 changed, 1 purged`), or null when every record matched. */
export function describeHealed(report: ReconcileReport): string | null {
  const counts = healedByKind(report);
  const parts = driftKinds.filter((k) => counts[k] > 0).map((k) => `${counts[k].toLocaleString('en-US')} ${k}`);
  return parts.length ? parts.join(', ') : null;
}

/** Where a run is: reading changes, checking every id and stamp, healing what differs. */
export type SyncPhase = 'reading' | 'checking' | 'healing';

export interface SyncRunView {
  id: string;
  side: SideKey;
  kind: SyncRunKind;
  status: SyncRunStatus;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  recordsFetched: number;
  recordsUpserted: number;
  recordsUnchanged: number;
  recordsDeleted: number;
  recordsQuarantined: number;
  apiCalls: number;
  progress: { phase?: SyncPhase; fetched: number; total: number | null } | null;
  error: string | null;
  /** A reconciliation's report (null for a sync, or while it runs). */
  report: ReconcileReport | null;
}

export interface SideSyncStatus {
  side: SideKey;
  provider: CrmProvider | null;
  running: SyncRunView | null;
  lastRun: SyncRunView | null;
  lastSuccessAt: string | null;
  /** The latest reconciliation that finished, and what it healed. */
  lastReconciliation: SyncRunView | null;
  opportunities: number;
  quarantined: number;
}

export interface SyncStatusView {
  sides: SideSyncStatus[];
}

export interface QuarantinedRecordView {
  side: SideKey;
  objectType: 'opportunity' | 'account';
  crmId: string;
  reason: string;
  raw: unknown;
  firstSeenAt: string;
  lastSeenAt: string;
}

export const syncRunsQuerySchema = z
  .object({
    side: sideKeySchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

export const quarantineQuerySchema = z
  .object({
    side: sideKeySchema.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const triggerSyncSchema = z
  .object({
    side: sideKeySchema.optional(),
    /** Compare every record id and stamp with the CRM, and heal what differs, instead of reading changes. */
    reconcile: z.boolean().optional(),
  })
  .strict();
