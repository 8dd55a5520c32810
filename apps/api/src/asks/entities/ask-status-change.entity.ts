import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AskStatus, AskVerdict } from '@alignboard/contracts';

@Entity('ask_status_history')
export class AskStatusChange {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' }) id: string;
  @Column('uuid', { name: 'ask_id' }) askId: string;
  @Column('text') status: AskStatus;
  @Column('text', { nullable: true }) verdict: AskVerdict | null;
  @Column('timestamptz', { name: 'changed_at' }) changedAt: Date;
  @Column('uuid', { name: 'changed_by', nullable: true }) changedBy: string | null;
  @Column('text', { nullable: true }) note: string | null;
}
