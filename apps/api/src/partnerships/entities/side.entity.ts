import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SharedField, SideKey } from '@alignboard/contracts';

@Entity('sides')
export class Side {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('char', { length: 1 }) side: SideKey;
  @Column('text') company: string;
  /** Fields of this side's records that the other side may see (SPEC §2, data sharing). */
  @Column('jsonb', { name: 'shared_fields' }) sharedFields: SharedField[];
}
