import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole domain of SPEC §2. Money is numeric, instants are timestamptz,
 * every index and constraint is named so later migrations can refer to it.
 */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text not null,
        created_at timestamptz not null default now(),
        constraint users_email_uq unique (email)
      )`);
    await q.query(`
      create table api_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null constraint api_tokens_user_fk references users (id) on delete cascade,
        label text not null,
        token_hash text not null,
        token_prefix text not null,
        role text not null constraint api_tokens_role_ck check (role in ('admin', 'member', 'viewer')),
        created_at timestamptz not null default now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        constraint api_tokens_hash_uq unique (token_hash)
      )`);
    await q.query(`create index api_tokens_user_idx on api_tokens (user_id)`);

    await q.query(`
      create table partnerships (
        id uuid primary key default gen_random_uuid(),
        key text not null,
        name text not null,
        currency char(3) not null,
        fiscal_year_start_month smallint not null default 1
          constraint partnerships_fy_start_ck check (fiscal_year_start_month between 1 and 12),
        fiscal_year_named_by text not null default 'start'
          constraint partnerships_fy_named_by_ck check (fiscal_year_named_by in ('start', 'end')),
        booking_side char(1) not null default 'A'
          constraint partnerships_booking_side_ck check (booking_side in ('A', 'B')),
        kill_threshold numeric(7, 6) not null default 0.05
          constraint partnerships_kill_threshold_ck check (kill_threshold >= 0 and kill_threshold <= 1),
        meeting_rule text not null default 'third-thursday',
        prework_business_days smallint not null default 3
          constraint partnerships_prework_days_ck check (prework_business_days between 0 and 30),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint partnerships_key_uq unique (key),
        constraint partnerships_key_ck check (key ~ '^[a-z0-9][a-z0-9-]{1,62}$')
      )`);
    await q.query(`
      create table sides (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint sides_partnership_fk references partnerships (id) on delete cascade,
        side char(1) not null constraint sides_side_ck check (side in ('A', 'B')),
        company text not null,
        shared_fields jsonb not null,
        constraint sides_partnership_side_uq unique (partnership_id, side)
      )`);
    await q.query(`
      create table people (
        id uuid primary key default gen_random_uuid(),
        side_id uuid not null constraint people_side_fk references sides (id) on delete cascade,
        name text not null,
        email text not null,
        role text not null
          constraint people_role_ck check (role in ('cro', 'partnerships', 'finance', 'marketing', 'viewer')),
        constraint people_side_email_uq unique (side_id, email)
      )`);
    await q.query(`
      create table memberships (
        user_id uuid not null constraint memberships_user_fk references users (id) on delete cascade,
        partnership_id uuid not null constraint memberships_partnership_fk references partnerships (id) on delete cascade,
        side char(1) not null constraint memberships_side_ck check (side in ('A', 'B')),
        created_at timestamptz not null default now(),
        constraint memberships_pk primary key (user_id, partnership_id)
      )`);
    await q.query(`create index memberships_partnership_idx on memberships (partnership_id)`);

    await q.query(`
      create table crm_connections (
        id uuid primary key default gen_random_uuid(),
        side_id uuid not null constraint crm_connections_side_fk references sides (id) on delete cascade,
        provider text not null constraint crm_connections_provider_ck check (provider in ('salesforce', 'hubspot')),
        login_url text,
        instance_url text,
        api_version text,
        base_path text,
        credentials_sealed text,
        mapping jsonb not null,
        sync_cursor jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint crm_connections_side_uq unique (side_id)
      )`);
    await q.query(`
      create table accounts (
        id uuid primary key default gen_random_uuid(),
        connection_id uuid not null constraint accounts_connection_fk references crm_connections (id) on delete cascade,
        crm_id text not null,
        name text,
        website text,
        domain text,
        crm_modified_at timestamptz,
        is_deleted boolean not null default false,
        raw jsonb not null,
        synced_at timestamptz not null default now(),
        constraint accounts_connection_crm_id_uq unique (connection_id, crm_id)
      )`);
    await q.query(`create index accounts_domain_idx on accounts (domain)`);
    await q.query(`
      create table opportunities (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint opportunities_partnership_fk references partnerships (id) on delete cascade,
        side char(1) not null constraint opportunities_side_ck check (side in ('A', 'B')),
        connection_id uuid not null constraint opportunities_connection_fk references crm_connections (id) on delete cascade,
        crm_id text not null,
        account_crm_id text,
        account_name text,
        account_domain text,
        name text,
        amount numeric(20, 4),
        currency char(3),
        close_date date,
        stage text,
        forecast_category text constraint opportunities_forecast_category_ck
          check (forecast_category in ('pipeline', 'upside', 'commit', 'closed_won', 'closed_lost', 'omitted')),
        probability numeric(5, 4),
        attribution text constraint opportunities_attribution_ck check (attribution in ('sourced', 'influenced')),
        motion_key text,
        partner_record_id text,
        crm_created_at timestamptz,
        crm_modified_at timestamptz not null,
        is_deleted boolean not null default false,
        deleted_at timestamptz,
        raw jsonb not null,
        synced_at timestamptz not null default now(),
        constraint opportunities_connection_crm_id_uq unique (connection_id, crm_id)
      )`);
    await q.query(`create index opportunities_partnership_close_idx on opportunities (partnership_id, close_date)`);
    await q.query(`create index opportunities_partnership_domain_idx on opportunities (partnership_id, account_domain)`);
    await q.query(`
      create table opportunity_history (
        id bigint generated always as identity primary key,
        opportunity_id uuid not null constraint opportunity_history_opportunity_fk references opportunities (id) on delete cascade,
        valid_from timestamptz not null,
        amount numeric(20, 4),
        currency char(3),
        close_date date,
        stage text,
        forecast_category text,
        probability numeric(5, 4),
        attribution text,
        motion_key text,
        is_deleted boolean not null default false,
        source text not null constraint opportunity_history_source_ck check (source in ('sync', 'backfill')),
        recorded_at timestamptz not null default now(),
        constraint opportunity_history_opportunity_instant_uq unique (opportunity_id, valid_from)
      )`);

    await q.query(`
      create table meetings (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint meetings_partnership_fk references partnerships (id) on delete cascade,
        quarter text not null constraint meetings_quarter_ck check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        scheduled_date date not null,
        status text not null default 'scheduled'
          constraint meetings_status_ck check (status in ('scheduled', 'held', 'cancelled')),
        cancelled_by char(1) constraint meetings_cancelled_by_ck check (cancelled_by in ('A', 'B')),
        attendees jsonb not null default '{"A": [], "B": []}',
        prework_sent_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint meetings_cancellation_ck check ((status = 'cancelled') = (cancelled_by is not null))
      )`);
    await q.query(
      `create unique index meetings_partnership_quarter_live_uq on meetings (partnership_id, quarter) where status <> 'cancelled'`,
    );
    await q.query(`
      create table decisions (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint decisions_partnership_fk references partnerships (id) on delete cascade,
        meeting_id uuid not null constraint decisions_meeting_fk references meetings (id) on delete cascade,
        kind text not null
          constraint decisions_kind_ck check (kind in ('motion', 'account_set', 'owners', 'cadence', 'asks', 'other')),
        text text not null,
        owner text,
        due date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create index decisions_meeting_idx on decisions (meeting_id)`);
    await q.query(`
      create table motions (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint motions_partnership_fk references partnerships (id) on delete cascade,
        key text not null,
        name text not null,
        status text not null default 'active' constraint motions_status_ck check (status in ('active', 'killed')),
        killed_by_decision_id uuid constraint motions_killed_by_fk references decisions (id) on delete set null,
        owner_a text,
        owner_b text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint motions_partnership_key_uq unique (partnership_id, key)
      )`);
    await q.query(`
      create table motion_forecasts (
        motion_id uuid not null constraint motion_forecasts_motion_fk references motions (id) on delete cascade,
        quarter text not null constraint motion_forecasts_quarter_ck check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        forecast numeric(20, 2) not null constraint motion_forecasts_forecast_ck check (forecast >= 0),
        stretch numeric(20, 2) constraint motion_forecasts_stretch_ck check (stretch >= 0),
        constraint motion_forecasts_pk primary key (motion_id, quarter)
      )`);
    await q.query(`
      create table asks (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint asks_partnership_fk references partnerships (id) on delete cascade,
        from_side char(1) not null constraint asks_from_side_ck check (from_side in ('A', 'B')),
        to_side char(1) not null constraint asks_to_side_ck check (to_side in ('A', 'B')),
        quarter_raised text not null constraint asks_quarter_ck check (quarter_raised ~ '^[0-9]{4}-Q[1-4]$'),
        text text not null,
        owner text,
        due date,
        status text not null default 'open'
          constraint asks_status_ck check (status in ('open', 'in_progress', 'delivered', 'blocked', 'dropped')),
        verdict text constraint asks_verdict_ck check (verdict in ('wrong_ask', 'wrong_timing', 'wrong_priority')),
        meeting_id uuid constraint asks_meeting_fk references meetings (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint asks_sides_ck check (from_side <> to_side),
        constraint asks_verdict_undelivered_ck check (verdict is null or status <> 'delivered')
      )`);
    await q.query(`create index asks_partnership_quarter_idx on asks (partnership_id, quarter_raised)`);
    await q.query(`
      create table ask_status_history (
        id bigint generated always as identity primary key,
        ask_id uuid not null constraint ask_status_history_ask_fk references asks (id) on delete cascade,
        status text not null,
        verdict text,
        changed_at timestamptz not null default now(),
        changed_by uuid constraint ask_status_history_user_fk references users (id) on delete set null,
        note text
      )`);
    await q.query(`create index ask_status_history_ask_idx on ask_status_history (ask_id, changed_at)`);
    await q.query(`
      create table artifacts (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint artifacts_partnership_fk references partnerships (id) on delete cascade,
        quarter text not null constraint artifacts_quarter_ck check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        current_revision integer not null default 0,
        confirmed_a_at timestamptz,
        confirmed_a_by uuid constraint artifacts_confirmed_a_by_fk references users (id) on delete set null,
        confirmed_b_at timestamptz,
        confirmed_b_by uuid constraint artifacts_confirmed_b_by_fk references users (id) on delete set null,
        sent_at timestamptz,
        created_at timestamptz not null default now(),
        constraint artifacts_partnership_quarter_uq unique (partnership_id, quarter)
      )`);
    await q.query(`
      create table artifact_revisions (
        id uuid primary key default gen_random_uuid(),
        artifact_id uuid not null constraint artifact_revisions_artifact_fk references artifacts (id) on delete cascade,
        revision integer not null,
        content jsonb not null,
        diff jsonb not null,
        author_id uuid constraint artifact_revisions_author_fk references users (id) on delete set null,
        created_at timestamptz not null default now(),
        constraint artifact_revisions_artifact_revision_uq unique (artifact_id, revision)
      )`);
    await q.query(`
      create table named_account_sets (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint named_account_sets_partnership_fk references partnerships (id) on delete cascade,
        version integer not null,
        accounts jsonb not null,
        decision_id uuid constraint named_account_sets_decision_fk references decisions (id) on delete set null,
        created_at timestamptz not null default now(),
        constraint named_account_sets_partnership_version_uq unique (partnership_id, version)
      )`);
    await q.query(`
      create table sync_runs (
        id uuid primary key default gen_random_uuid(),
        connection_id uuid not null constraint sync_runs_connection_fk references crm_connections (id) on delete cascade,
        status text not null default 'running'
          constraint sync_runs_status_ck check (status in ('running', 'succeeded', 'failed', 'stopped')),
        trigger text not null constraint sync_runs_trigger_ck check (trigger in ('schedule', 'manual', 'cli', 'demo')),
        started_at timestamptz not null default now(),
        finished_at timestamptz,
        records_fetched integer not null default 0,
        records_upserted integer not null default 0,
        records_unchanged integer not null default 0,
        records_deleted integer not null default 0,
        records_quarantined integer not null default 0,
        api_calls integer not null default 0,
        error text
      )`);
    await q.query(`create index sync_runs_connection_started_idx on sync_runs (connection_id, started_at desc)`);
    // No foreign keys: the audit trail must outlive what it describes.
    await q.query(`
      create table audit_log (
        id bigint generated always as identity primary key,
        at timestamptz not null default now(),
        actor_user_id uuid,
        actor text not null,
        action text not null,
        entity_type text not null,
        entity_id text,
        partnership_id uuid,
        before jsonb,
        after jsonb,
        request_id text
      )`);
    await q.query(`create index audit_log_partnership_at_idx on audit_log (partnership_id, at desc)`);
    await q.query(`create index audit_log_entity_idx on audit_log (entity_type, entity_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'sync_runs',
      'named_account_sets',
      'artifact_revisions',
      'artifacts',
      'ask_status_history',
      'asks',
      'motion_forecasts',
      'motions',
      'decisions',
      'meetings',
      'opportunity_history',
      'opportunities',
      'accounts',
      'crm_connections',
      'memberships',
      'people',
      'sides',
      'partnerships',
      'api_tokens',
      'users',
    ]) {
      await q.query(`drop table ${table}`);
    }
  }
}
