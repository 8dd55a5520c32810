import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MeetingStatus, SideKey } from '@alignboard/contracts';

export interface Attendee {
  name: string;
  email?: string;
}

@Entity('meetings')
export class Meeting {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('text') quarter: string;
  @Column('date', { name: 'scheduled_date' }) scheduledDate: string;
  @Column('text') status: MeetingStatus;
  @Column('char', { name: 'cancelled_by', length: 1, nullable: true }) cancelledBy: SideKey | null;
  @Column('jsonb') attendees: Record<SideKey, Attendee[]>;
  @Column('timestamptz', { name: 'prework_sent_at', nullable: true }) preworkSentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
