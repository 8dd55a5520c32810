import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DecisionEffect, DecisionKind } from '@alignboard/contracts';

@Entity('decisions')
export class Decision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('text') kind: DecisionKind;
  @Column('text') text: string;
  @Column('text', { nullable: true }) owner: string | null;
  @Column('date', { nullable: true }) due: string | null;
  /** What the decision was to change (kinds `motion`, `account_set`); made once, when logged. */
  @Column('jsonb', { nullable: true }) effect: DecisionEffect | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
