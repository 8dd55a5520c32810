import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FiscalYearNamedBy, SideKey } from '@alignboard/contracts';
import { numericAsNumber } from '../../database/column-types.js';

@Entity('partnerships')
export class Partnership {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') key: string;
  @Column('text') name: string;
  @Column('char', { length: 3 }) currency: string;
  @Column('smallint', { name: 'fiscal_year_start_month' }) fiscalYearStartMonth: number;
  @Column('text', { name: 'fiscal_year_named_by' }) fiscalYearNamedBy: FiscalYearNamedBy;
  @Column('char', { name: 'booking_side', length: 1 }) bookingSide: SideKey;
  @Column('numeric', { name: 'kill_threshold', transformer: numericAsNumber }) killThreshold: number;
  @Column('text', { name: 'meeting_rule' }) meetingRule: string;
  @Column('smallint', { name: 'prework_business_days' }) preworkBusinessDays: number;
  /** Days off besides weekends (ISO dates, sorted): meeting dates and prework skip them. */
  @Column('jsonb') holidays: string[];
  /** AES-256-GCM sealed webhook URL (it usually embeds a token); never leaves the service layer. */
  @Column('text', { name: 'webhook_url_sealed', nullable: true, select: false })
  webhookUrlSealed: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
