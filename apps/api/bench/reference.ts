import type { DataSource } from 'typeorm';

/** Rows a statement: big enough to be a bulk load, small enough not to be a memory test. */
const chunk = 5_000;

/**
 * The database's own bulk-load ceiling, measured in the same run: the rows
 * the sync stored for one side, sent the way the page writer sends them (a
 * JSON document read by `jsonb_to_recordset`), inserted into a scratch copy of
 * the opportunities table (same columns, defaults and indexes) in one
 * transaction — no CRM, no mapping, no history, no upsert. The best of
 * `tries` loads, in records/s.
 */
export async function bulkLoadCeiling(dataSource: DataSource, side: 'A' | 'B', tries = 2): Promise<{ rows: number; recordsPerSecond: number }> {
  const rows = await dataSource.query<Record<string, unknown>[]>(
    `select partnership_id, connection_id, crm_id, account_crm_id, account_name, account_domain, name, amount, currency,
       close_date, stage, forecast_category, probability, attribution, motion_key, partner_record_id,
       crm_created_at as created_at, crm_modified_at as modified_at, is_deleted, deleted_at, warnings, raw
     from opportunities where side = $1`,
    [side],
  );
  if (!rows.length) throw new Error(`side ${side} stored no opportunities to load`);
  const { partnership_id: partnershipId, connection_id: connectionId } = rows[0] as { partnership_id: string; connection_id: string };
  let best = Infinity;
  await dataSource.query(`create table bench_reference (like opportunities including defaults including indexes)`);
  try {
    for (let i = 0; i < tries; i++) {
      await dataSource.query(`truncate bench_reference`);
      const started = performance.now();
      await dataSource.transaction(async (m) => {
        for (let at = 0; at < rows.length; at += chunk) {
          await m.query(
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
            [partnershipId, side, connectionId, JSON.stringify(rows.slice(at, at + chunk))],
          );
        }
      });
      best = Math.min(best, performance.now() - started);
    }
  } finally {
    await dataSource.query(`drop table if exists bench_reference`);
  }
  return { rows: rows.length, recordsPerSecond: rows.length / (best / 1000) };
}
