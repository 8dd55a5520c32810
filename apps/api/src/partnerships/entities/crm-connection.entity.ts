import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CrmMapping, CrmProvider } from '@alignboard/contracts';

@Entity('crm_connections')
export class CrmConnection {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'side_id' }) sideId: string;
  @Column('text') provider: CrmProvider;
  @Column('text', { name: 'login_url', nullable: true }) loginUrl: string | null;
  @Column('text', { name: 'instance_url', nullable: true }) instanceUrl: string | null;
  @Column('text', { name: 'api_version', nullable: true }) apiVersion: string | null;
  @Column('text', { name: 'base_path', nullable: true }) basePath: string | null;
  /** AES-256-GCM sealed JSON of the secret fields; never leaves the service layer. */
  @Column('text', { name: 'credentials_sealed', nullable: true, select: false })
  credentialsSealed: string | null;
  @Column('jsonb') mapping: CrmMapping;
  @Column('jsonb', { name: 'sync_cursor', nullable: true }) syncCursor: Record<string, unknown> | null;
  /** Minutes each incremental run reads again before the cursor; null: the provider's default. */
  @Column('integer', { name: 'lookback_minutes', nullable: true }) lookbackMinutes: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
