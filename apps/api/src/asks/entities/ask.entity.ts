import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AskStatus, AskVerdict, SideKey } from '@alignboard/contracts';

@Entity('asks')
export class Ask {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('char', { name: 'from_side', length: 1 }) fromSide: SideKey;
  @Column('char', { name: 'to_side', length: 1 }) toSide: SideKey;
  @Column('text', { name: 'quarter_raised' }) quarterRaised: string;
  @Column('text') text: string;
  @Column('text', { nullable: true }) owner: string | null;
  @Column('date', { nullable: true }) due: string | null;
  @Column('text') status: AskStatus;
  @Column('text', { nullable: true }) verdict: AskVerdict | null;
  @Column('uuid', { name: 'meeting_id', nullable: true }) meetingId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
