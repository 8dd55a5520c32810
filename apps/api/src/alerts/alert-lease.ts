import type { EntityManager } from 'typeorm';

/**
 * The hourly evaluation of a partnership runs in one API process, however
 * many share the database: like the sync's lease (sync-lease.ts), a row taken
 * with a conditional upsert, which needs no connection held for the run and
 * expires by itself. A finished run keeps its lease until it expires, so a
 * process whose tick comes a little later in the same hour skips the
 * partnership instead of evaluating it again.
 */
export const alertLeaseSeconds = 50 * 60;

export async function acquireAlertLease(m: EntityManager, partnershipId: string, holder: string): Promise<boolean> {
  const rows = await m.query<{ holder: string }[]>(
    `insert into alert_evaluation_leases (partnership_id, holder, expires_at)
     values ($1, $2, now() + make_interval(secs => $3))
     on conflict (partnership_id) do update
       set holder = excluded.holder, expires_at = excluded.expires_at
       where alert_evaluation_leases.expires_at < now()
     returning holder`,
    [partnershipId, holder, alertLeaseSeconds],
  );
  return rows.length === 1;
}

/** Gives the lease up early (after a failed run), so the next tick of any process retries. */
export async function releaseAlertLease(m: EntityManager, partnershipId: string, holder: string): Promise<void> {
  await m.query(`delete from alert_evaluation_leases where partnership_id = $1 and holder = $2`, [partnershipId, holder]);
}
