import type { ReconcileReport, SyncPhase, SyncRunKind, SyncRunStatus } from '@alignboard/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type { SyncRunKind, SyncRunStatus };
export type SyncTrigger = 'schedule' | 'manual' | 'cli' | 'demo';

@Entity('sync_runs')
export class SyncRun {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'connection_id' }) connectionId: string;
  @Column('text') status: SyncRunStatus;
  @Column('text') trigger: SyncTrigger;
  @Column('text') kind: SyncRunKind;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  @Column('integer', { name: 'records_fetched' }) recordsFetched: number;
  @Column('integer', { name: 'records_upserted' }) recordsUpserted: number;
  @Column('integer', { name: 'records_unchanged' }) recordsUnchanged: number;
  @Column('integer', { name: 'records_deleted' }) recordsDeleted: number;
  @Column('integer', { name: 'records_quarantined' }) recordsQuarantined: number;
  @Column('integer', { name: 'api_calls' }) apiCalls: number;
  @Column('integer', { name: 'records_failed_history' }) recordsFailedHistory: number;
  @Column('jsonb', { nullable: true }) progress: { phase?: SyncPhase; fetched: number; total: number | null } | null;
  @Column('text', { nullable: true }) error: string | null;
  /** Who ran it: `host:pid, CLI sync` (null before leases named their holder). */
  @Column('text', { name: 'held_by', nullable: true }) heldBy: string | null;
  /** A reconciliation's report: what it checked and what it healed. */
  @Column('jsonb', { nullable: true }) report: ReconcileReport | null;
}
