import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Attribution, ForecastCategory, SideKey } from '@alignboard/contracts';

/** One CRM record of one side, normalized (SPEC §2–§3). Amounts stay numeric strings. */
@Entity('opportunities')
export class Opportunity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('char', { length: 1 }) side: SideKey;
  @Column('uuid', { name: 'connection_id' }) connectionId: string;
  @Column('text', { name: 'crm_id' }) crmId: string;
  @Column('text', { name: 'account_crm_id', nullable: true }) accountCrmId: string | null;
  @Column('text', { name: 'account_name', nullable: true }) accountName: string | null;
  @Column('text', { name: 'account_domain', nullable: true }) accountDomain: string | null;
  @Column('text', { nullable: true }) name: string | null;
  @Column('numeric', { nullable: true }) amount: string | null;
  @Column('char', { length: 3, nullable: true }) currency: string | null;
  @Column('date', { name: 'close_date', nullable: true }) closeDate: string | null;
  @Column('text', { nullable: true }) stage: string | null;
  @Column('text', { name: 'forecast_category', nullable: true }) forecastCategory: ForecastCategory | null;
  @Column('numeric', { nullable: true }) probability: string | null;
  @Column('text', { nullable: true }) attribution: Attribution | null;
  @Column('text', { name: 'motion_key', nullable: true }) motionKey: string | null;
  @Column('text', { name: 'partner_record_id', nullable: true }) partnerRecordId: string | null;
  @Column('timestamptz', { name: 'crm_created_at', nullable: true }) crmCreatedAt: Date | null;
  @Column('timestamptz', { name: 'crm_modified_at' }) crmModifiedAt: Date;
  @Column('boolean', { name: 'is_deleted' }) isDeleted: boolean;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  /** Data-quality notes from normalization (null amount, unmapped attribution value...). */
  @Column('jsonb') warnings: string[];
  @Column('jsonb') raw: Record<string, unknown>;
  @Column('timestamptz', { name: 'synced_at' }) syncedAt: Date;
}
