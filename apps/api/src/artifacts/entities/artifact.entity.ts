import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The one-pager of a partnership for a quarter (SPEC §2). */
@Entity('artifacts')
export class Artifact {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('text') quarter: string;
  @Column('integer', { name: 'current_revision' }) currentRevision: number;
  @Column('timestamptz', { name: 'confirmed_a_at', nullable: true }) confirmedAAt: Date | null;
  @Column('uuid', { name: 'confirmed_a_by', nullable: true }) confirmedABy: string | null;
  @Column('timestamptz', { name: 'confirmed_b_at', nullable: true }) confirmedBAt: Date | null;
  @Column('uuid', { name: 'confirmed_b_by', nullable: true }) confirmedBBy: string | null;
  /** The first send: the health figure counts hours from the meeting to it. */
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('integer', { name: 'sent_revision', nullable: true }) sentRevision: number | null;
  @Column('timestamptz', { name: 'last_sent_at', nullable: true }) lastSentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
