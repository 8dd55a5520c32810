import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' }) id: string;
  @Column('timestamptz') at: Date;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('uuid', { name: 'partnership_id', nullable: true }) partnershipId: string | null;
  @Column('jsonb', { nullable: true }) before: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) after: Record<string, unknown> | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
}
