import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Attribution, ForecastCategory } from '@alignboard/contracts';

/**
 * The state of an opportunity from `validFrom` (the CRM's own modification
 * time, never the sync's clock) until the next row: enough to rebuild any past
 * instant (SPEC §2).
 */
@Entity('opportunity_history')
export class OpportunityHistory {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' }) id: string;
  @Column('uuid', { name: 'opportunity_id' }) opportunityId: string;
  @Column('timestamptz', { name: 'valid_from' }) validFrom: Date;
  @Column('numeric', { nullable: true }) amount: string | null;
  @Column('char', { length: 3, nullable: true }) currency: string | null;
  @Column('date', { name: 'close_date', nullable: true }) closeDate: string | null;
  @Column('text', { nullable: true }) stage: string | null;
  @Column('text', { name: 'forecast_category', nullable: true }) forecastCategory: ForecastCategory | null;
  @Column('numeric', { nullable: true }) probability: string | null;
  @Column('text', { nullable: true }) attribution: Attribution | null;
  @Column('text', { name: 'motion_key', nullable: true }) motionKey: string | null;
  @Column('boolean', { name: 'is_deleted' }) isDeleted: boolean;
  @Column('text') source: 'sync' | 'backfill';
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
