import type { DeliveryChannel, DeliveryKind, DeliveryStatus } from '@alignboard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One outgoing message on one channel: a row of the delivery outbox. */
@Entity('delivery_outbox')
export class Delivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('text') kind: DeliveryKind;
  @Column('text') channel: DeliveryChannel;
  @Column('text', { name: 'dedupe_key' }) dedupeKey: string;
  @Column('text') subject: string;
  @Column('text', { name: 'body_html' }) bodyHtml: string;
  @Column('text', { name: 'body_text' }) bodyText: string;
  @Column('text', { array: true }) recipients: string[];
  @Column('jsonb', { name: 'webhook_payload', nullable: true }) webhookPayload: { text: string; blocks?: unknown[] } | null;
  @Column('text') status: DeliveryStatus;
  @Column('integer') attempts: number;
  @Column('timestamptz', { name: 'next_attempt_at' }) nextAttemptAt: Date;
  @Column('timestamptz', { name: 'claimed_until', nullable: true }) claimedUntil: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
