import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertKind } from '@alignboard/contracts';

/** One condition of a partnership in one period; acknowledged once, by a person. */
@Entity('alerts')
export class Alert {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('text') kind: AlertKind;
  @Column('text') subject: string;
  @Column('text') period: string;
  @Column('text') message: string;
  @Column('jsonb') details: Record<string, unknown>;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  /** The actor's label (`user:dana@…`). */
  @Column('text', { name: 'acknowledged_by', nullable: true }) acknowledgedBy: string | null;
}
