import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('artifact_revisions')
export class ArtifactRevision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'artifact_id' }) artifactId: string;
  @Column('integer') revision: number;
  @Column('jsonb') content: Record<string, unknown>;
  @Column('jsonb') diff: unknown[];
  @Column('uuid', { name: 'author_id', nullable: true }) authorId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
