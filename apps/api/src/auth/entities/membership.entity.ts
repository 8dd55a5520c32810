import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SideKey } from '@alignboard/contracts';

/** A user belongs to one side of a partnership; that is what they may see. */
@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('char', { length: 1 }) side: SideKey;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
