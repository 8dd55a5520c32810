import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PacketTrigger, PreworkPacketContent } from '@alignboard/contracts';

/** One frozen version of a meeting's prework packet. */
@Entity('prework_packets')
export class PreworkPacket {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'as_of' }) asOf: Date;
  @Column('jsonb') content: PreworkPacketContent;
  @Column('text') html: string;
  @Column('bytea') pdf: Buffer;
  @Column('timestamptz', { name: 'generated_at' }) generatedAt: Date;
  /** `schedule`, `user:<email>` or `cli:packet`. */
  @Column('text', { name: 'generated_by' }) generatedBy: string;
  @Column('text') trigger: PacketTrigger;
}
