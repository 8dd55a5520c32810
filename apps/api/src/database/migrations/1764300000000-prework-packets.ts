import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prework packets (SPEC §1): every generated version of a meeting's packet,
 * frozen with its as-of instant, its content and both rendered forms. The
 * unique (meeting, version) pair is what keeps a second API process from
 * storing a second "version 1" of the scheduled packet.
 */
export class PreworkPackets1764300000000 implements MigrationInterface {
  name = 'PreworkPackets1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table prework_packets (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint prework_packets_partnership_fk references partnerships (id) on delete cascade,
        meeting_id uuid not null constraint prework_packets_meeting_fk references meetings (id) on delete cascade,
        version integer not null constraint prework_packets_version_ck check (version >= 1),
        as_of timestamptz not null,
        content jsonb not null,
        html text not null,
        pdf bytea not null,
        generated_at timestamptz not null default now(),
        generated_by text not null,
        trigger text not null constraint prework_packets_trigger_ck check (trigger in ('schedule', 'manual', 'cli')),
        constraint prework_packets_meeting_version_uq unique (meeting_id, version)
      )`);
    await q.query(
      `create index prework_packets_partnership_idx on prework_packets (partnership_id, generated_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index prework_packets_partnership_idx`);
    await q.query(`drop table prework_packets`);
  }
}
