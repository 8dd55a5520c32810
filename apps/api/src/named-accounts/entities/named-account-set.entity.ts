import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface NamedAccount {
  name: string;
  domain: string;
}

/** Versioned: a decision of kind `account_set` creates the next version. */
@Entity('named_account_sets')
export class NamedAccountSet {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'partnership_id' }) partnershipId: string;
  @Column('integer') version: number;
  @Column('jsonb') accounts: NamedAccount[];
  @Column('uuid', { name: 'decision_id', nullable: true }) decisionId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
