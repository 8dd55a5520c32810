import type { DataSource } from 'typeorm';

/**
 * The database's own bulk-load ceiling, measured in the same run: the rows the
 * sync stored for one side, as the page writer sends them (one JSON document),
 * inserted by a single `INSERT … SELECT FROM jsonb_to_recordset` into a
 * scratch copy of the opportunities table (its columns, defaults and indexes).
 * No sync can store rows faster than this; the sync's throughput is printed
 * as a share of it. Returns records/s.
 */
export async function bulkLoadCeiling(dataSource: DataSource, side: 'A' | 'B'): Promise<{ rows: number; recordsPerSecond: number }> {
  const rows = await dataSource.query<Record<string, unknown>[]>(
    `select crm_id, account_crm_id, account_name, account_domain, name, amount, currency, close_date, stage,
       forecast_category, probability, attribution, motion_key, partner_record_id, crm_created_at as created_at,
       crm_modified_at as modified_at, is_deleted, deleted_at, warnings, raw, partnership_id, connection_id
     from opportunities where side = $1`,
    [side],
  );
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`create temporary table bench_reference (like opportunities including defaults including indexes)`);
    const { partnership_id: partnershipId, connection_id: connectionId } = rows[0] as { partnership_id: string; connection_id: string };
    const started = performance.now();
    await runner.query(
      `insert into bench_reference (partnership_id, side, connection_id, crm_id, account_crm_id, account_name, account_domain,
         name, amount, currency, close_date, stage, forecast_category, probability, attribution, motion_key,
         partner_record_id, crm_created_at, crm_modified_at, is_deleted, deleted_at, warnings, raw, synced_at)
       select $1, $2, $3, x.crm_id, x.account_crm_id, x.account_name, x.account_domain, x.name, x.amount, x.currency,
         x.close_date, x.stage, x.forecast_category, x.probability, x.attribution, x.motion_key, x.partner_record_id,
         x.created_at, x.modified_at, x.is_deleted, x.deleted_at, x.warnings, x.raw, now()
       from jsonb_to_recordset($4::jsonb) as x(crm_id text, account_crm_id text, account_name text, account_domain text,
         name text, amount numeric, currency text, close_date date, stage text, forecast_category text,
         probability numeric, attribution text, motion_key text, partner_record_id text, created_at timestamptz,
         modified_at timestamptz, is_deleted boolean, deleted_at timestamptz, warnings jsonb, raw jsonb)`,
      [partnershipId, side, connectionId, JSON.stringify(rows)],
    );
    const seconds = (performance.now() - started) / 1000;
    return { rows: rows.length, recordsPerSecond: rows.length / seconds };
  } finally {
    await runner.query(`drop table if exists bench_reference`).catch(() => undefined);
    await runner.release();
  }
}
