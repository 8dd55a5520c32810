import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A CRM record the sync could not normalize, with why; it leaves when a later sync reads it fine. */
@Entity('quarantined_records')
export class QuarantinedRecordRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'connection_id' }) connectionId: string;
  @Column('text', { name: 'object_type' }) objectType: 'opportunity' | 'account';
  @Column('text', { name: 'crm_id' }) crmId: string;
  @Column('text') reason: string;
  @Column('jsonb', { nullable: true }) raw: unknown;
  @Column('uuid', { name: 'run_id', nullable: true }) runId: string | null;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt: Date;
}
