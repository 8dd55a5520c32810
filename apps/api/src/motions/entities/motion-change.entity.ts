import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MotionChangeAction } from '@alignboard/contracts';

/** A change a decision made to a motion; the decision cannot be deleted while this row names it. */
@Entity('motion_changes')
export class MotionChange {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  /** Null once the motion itself is deleted; `motionKey` still says which it was. */
  @Column('uuid', { name: 'motion_id', nullable: true }) motionId: string | null;
  @Column('text', { name: 'motion_key' }) motionKey: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column('text') action: MotionChangeAction;
  @Column('jsonb') before: Record<string, unknown>;
  @Column('jsonb') after: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
