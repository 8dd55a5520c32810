import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A CRM account (Salesforce Account, HubSpot company) as last synced. */
@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'connection_id' }) connectionId: string;
  @Column('text', { name: 'crm_id' }) crmId: string;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) website: string | null;
  @Column('text', { nullable: true }) domain: string | null;
  @Column('timestamptz', { name: 'crm_modified_at', nullable: true }) crmModifiedAt: Date | null;
  @Column('boolean', { name: 'is_deleted' }) isDeleted: boolean;
  @Column('jsonb') raw: Record<string, unknown>;
  @Column('timestamptz', { name: 'synced_at' }) syncedAt: Date;
}
