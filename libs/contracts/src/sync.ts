import { z } from 'zod';
import { sideKeySchema, type CrmProvider, type SideKey } from './domain.js';

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'stopped' | 'skipped';

export interface SyncRunView {
  id: string;
  side: SideKey;
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
  progress: { fetched: number; total: number | null } | null;
  error: string | null;
}

export interface SideSyncStatus {
  side: SideKey;
  provider: CrmProvider | null;
  running: SyncRunView | null;
  lastRun: SyncRunView | null;
  lastSuccessAt: string | null;
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

export const triggerSyncSchema = z.object({ side: sideKeySchema.optional() }).strict();
