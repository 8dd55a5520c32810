import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TokenRole } from '@alignboard/contracts';

@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') label: string;
  /** SHA-256 of the token: tokens are 256 random bits, so a slow hash adds nothing. */
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  /** The first characters, so a person can tell their tokens apart. */
  @Column('text', { name: 'token_prefix' }) tokenPrefix: string;
  @Column('text') role: TokenRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
