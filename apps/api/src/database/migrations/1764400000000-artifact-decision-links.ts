import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions that change things, and the one-pager's send trail.
 *
 * - `decisions.effect`: what a decision of kind `motion` or `account_set` was
 *   to change, as logged (null: the decision only records).
 * - `motion_changes`: each change a decision made to a motion (kill, or new
 *   name, owners, forecasts), with the motion's state before and after. It
 *   names its decision, and the decision cannot be deleted while it does
 *   (no action: a partnership's deletion still removes both in one go). The
 *   motion key is kept so the row still reads after the motion is deleted.
 * - `named_account_sets.decision_id` already names the decision behind a
 *   version; an index makes "what did this decision make" a lookup.
 * - `artifacts.sent_revision` / `last_sent_at`: which revision went out last
 *   and when; `sent_at` stays the first send (the health figure counts hours
 *   from the meeting to it).
 */
export class ArtifactDecisionLinks1764400000000 implements MigrationInterface {
  name = 'ArtifactDecisionLinks1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table decisions add column effect jsonb`);
    await q.query(`
      create table motion_changes (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint motion_changes_partnership_fk references partnerships (id) on delete cascade,
        motion_id uuid constraint motion_changes_motion_fk references motions (id) on delete set null,
        motion_key text not null,
        decision_id uuid not null constraint motion_changes_decision_fk references decisions (id),
        action text not null constraint motion_changes_action_ck check (action in ('kill', 'change')),
        before jsonb not null,
        after jsonb not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index motion_changes_decision_idx on motion_changes (decision_id)`);
    await q.query(
      `create index motion_changes_motion_idx on motion_changes (motion_id, created_at)`,
    );
    await q.query(
      `create index named_account_sets_decision_idx on named_account_sets (decision_id)`,
    );
    await q.query(
      `alter table artifacts add column sent_revision integer, add column last_sent_at timestamptz`,
    );
    await q.query(`
      alter table artifacts add constraint artifacts_sent_ck
        check ((sent_at is null) = (sent_revision is null) and (sent_at is null) = (last_sent_at is null))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table artifacts drop constraint artifacts_sent_ck`);
    await q.query(`alter table artifacts drop column last_sent_at, drop column sent_revision`);
    await q.query(`drop index named_account_sets_decision_idx`);
    await q.query(`drop table motion_changes`);
    await q.query(`alter table decisions drop column effect`);
  }
}
