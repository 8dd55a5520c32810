import type { SideKey } from '@alignboard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A manual link or unlink of one side A record and one side B record (SPEC §4 rule 1). */
@Entity('deal_group_overrides')
export class DealGroupOverride {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('text', { name: 'side_a_crm_id' }) sideACrmId: string;
  @Column('text', { name: 'side_b_crm_id' }) sideBCrmId: string;
  @Column('text') kind: 'link' | 'unlink';
  @Column('text', { nullable: true }) note: string | null;
  /** The actor's label (`user:dana@…`, `cli:…`): who decided it. */
  @Column('text', { name: 'created_by' }) createdBy: string;
  /** The side whose member made it; null for an admin or the CLI. */
  @Column('text', { name: 'created_by_side', nullable: true }) createdBySide: SideKey | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
