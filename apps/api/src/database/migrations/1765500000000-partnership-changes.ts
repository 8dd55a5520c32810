import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One counter per partnership and kind of figures input, bumped by triggers
 * in the transaction of every write to those inputs, whoever writes (the
 * API, the CLI, a sync page, a scheduler): the figures read model asks one
 * indexed lookup per read instead of scanning audit rows and sync runs
 * (docs/decisions/014-figures-read-model.md). The kind tells the reader what
 * to re-read:
 * - `records:<connection id>`: opportunities, their history and accounts
 *   written by that connection's sync (patched in from the watermark); one
 *   row per connection so two sides syncing at once do not queue on one row;
 * - `rates`: the CRM's dated rates (settings re-read, records re-encoded);
 * - `overrides`: deal group overrides (regrouped);
 * - `health`: meetings, asks, decisions, artifacts (re-read, regrouped);
 * - `reload`: anything else the figures are made of (settings, sides and
 *   their shared fields, connections added or removed, motions, forecasts,
 *   configured rates, deleted records): read again whole.
 * Triggers are per statement (transition tables), so a page of a thousand
 * rows costs one bump. No foreign key to partnerships: a cascade from a
 * deleted partnership fires these triggers after its row is gone; a deleted
 * partnership's few rows are left behind, harmless (a new one has a new id).
 * `crm_connections` is watched on insert and delete only: a sync updates its
 * cursor at every page, which changes no figure.
 */
const watched: { table: string; kind: string; via: string; events: string[] }[] = [
  { table: 'opportunities', kind: 'records', via: 'opportunity', events: ['insert', 'update'] },
  { table: 'opportunities', kind: 'reload', via: 'opportunity', events: ['delete'] },
  // A sync replaces a rewritten record's history (delete, insert): the record is patched in whole.
  { table: 'opportunity_history', kind: 'records', via: 'history', events: ['insert', 'update', 'delete'] },
  { table: 'accounts', kind: 'records', via: 'connection', events: ['insert', 'update', 'delete'] },
  { table: 'crm_dated_rates', kind: 'rates', via: 'connection', events: ['insert', 'update', 'delete'] },
  { table: 'crm_connections', kind: 'reload', via: 'side', events: ['insert', 'delete'] },
  { table: 'partnerships', kind: 'reload', via: 'id', events: ['update'] },
  { table: 'sides', kind: 'reload', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'motions', kind: 'reload', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'motion_forecasts', kind: 'reload', via: 'motion', events: ['insert', 'update', 'delete'] },
  { table: 'partnership_rates', kind: 'reload', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'deal_group_overrides', kind: 'overrides', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'meetings', kind: 'health', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'asks', kind: 'health', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'decisions', kind: 'health', via: 'partnership', events: ['insert', 'update', 'delete'] },
  { table: 'artifacts', kind: 'health', via: 'partnership', events: ['insert', 'update', 'delete'] },
];

const triggerName = (w: { table: string }, event: string) => `${w.table}_${event}_partnership_change`;

export class PartnershipChanges1765500000000 implements MigrationInterface {
  name = 'PartnershipChanges1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table partnership_changes (
        partnership_id uuid not null,
        scope text not null,
        version bigint not null default 1,
        constraint partnership_changes_pk primary key (partnership_id, scope)
      )`);
    // changed_rows is the statement's new rows (insert, update) or old rows (delete).
    await q.query(`
      create function note_partnership_change() returns trigger language plpgsql as $$
      declare
        change_kind text := tg_argv[0];
        change_via text := tg_argv[1];
      begin
        if change_via = 'opportunity' then
          insert into partnership_changes (partnership_id, scope)
          select distinct r.partnership_id, case when change_kind = 'records' then 'records:' || r.connection_id else change_kind end
          from changed_rows r
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        elsif change_via = 'history' then
          insert into partnership_changes (partnership_id, scope)
          select distinct o.partnership_id, case when change_kind = 'records' then 'records:' || o.connection_id else change_kind end
          from changed_rows r join opportunities o on o.id = r.opportunity_id
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        elsif change_via = 'connection' then
          insert into partnership_changes (partnership_id, scope)
          select distinct s.partnership_id, case when change_kind = 'records' then 'records:' || c.id else change_kind end
          from changed_rows r join crm_connections c on c.id = r.connection_id join sides s on s.id = c.side_id
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        elsif change_via = 'side' then
          insert into partnership_changes (partnership_id, scope)
          select distinct s.partnership_id, change_kind from changed_rows r join sides s on s.id = r.side_id
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        elsif change_via = 'motion' then
          insert into partnership_changes (partnership_id, scope)
          select distinct m.partnership_id, change_kind from changed_rows r join motions m on m.id = r.motion_id
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        elsif change_via = 'id' then
          insert into partnership_changes (partnership_id, scope)
          select distinct r.id, change_kind from changed_rows r
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        else
          insert into partnership_changes (partnership_id, scope)
          select distinct r.partnership_id, change_kind from changed_rows r
          on conflict (partnership_id, scope) do update set version = partnership_changes.version + 1;
        end if;
        return null;
      end $$`);
    for (const w of watched)
      for (const event of w.events)
        await q.query(
          `create trigger ${triggerName(w, event)} after ${event} on ${w.table}
           referencing ${event === 'delete' ? 'old' : 'new'} table as changed_rows
           for each statement execute function note_partnership_change('${w.kind}', '${w.via}')`,
        );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const w of [...watched].reverse())
      for (const event of w.events) await q.query(`drop trigger ${triggerName(w, event)} on ${w.table}`);
    await q.query(`drop function note_partnership_change()`);
    await q.query(`drop table partnership_changes`);
  }
}
