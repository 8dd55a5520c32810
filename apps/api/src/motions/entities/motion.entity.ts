import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MotionStatus } from '@alignboard/contracts';

@Entity('motions')
export class Motion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('text') key: string;
  @Column('text') name: string;
  @Column('text') status: MotionStatus;
  @Column('uuid', { name: 'killed_by_decision_id', nullable: true }) killedByDecisionId: string | null;
  @Column('text', { name: 'owner_a', nullable: true }) ownerA: string | null;
  @Column('text', { name: 'owner_b', nullable: true }) ownerB: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
