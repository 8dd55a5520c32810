import type { EntityManager } from 'typeorm';

/**
 * One sync per connection at a time, across every API process on the
 * database: a lease row taken with a conditional upsert. Unlike a session
 * advisory lock it needs no connection held for the whole run (the embedded
 * database has only one), and a crashed holder's lease simply expires.
 */
const leaseSeconds = 300;

export async function acquireLease(m: EntityManager, connectionId: string, holder: string, runId: string | null) {
  const rows = await m.query<{ holder: string }[]>(
    `insert into sync_leases (connection_id, holder, run_id, expires_at)
     values ($1, $2, $3, now() + make_interval(secs => $4))
     on conflict (connection_id) do update
       set holder = excluded.holder, run_id = excluded.run_id, expires_at = excluded.expires_at
       where sync_leases.expires_at < now()
     returning holder`,
    [connectionId, holder, runId, leaseSeconds],
  );
  return rows.length === 1;
}

/** Extends the lease; false when another process has taken it over (ours expired). */
export async function renewLease(m: EntityManager, connectionId: string, holder: string): Promise<boolean> {
  const rows = await m.query<{ holder: string }[]>(
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    `with renewed as (
       update sync_leases set expires_at = now() + make_interval(secs => $3)
       where connection_id = $1 and holder = $2 returning holder)
     select holder from renewed`,
    [connectionId, holder, leaseSeconds],
  );
  return rows.length === 1;
}

export async function releaseLease(m: EntityManager, connectionId: string, holder: string): Promise<void> {
  await m.query(`delete from sync_leases where connection_id = $1 and holder = $2`, [connectionId, holder]);
}

export async function leaseHolderRun(m: EntityManager, connectionId: string): Promise<string | null> {
  const rows = await m.query<{ run_id: string | null }[]>(
    `select run_id from sync_leases where connection_id = $1 and expires_at >= now()`,
    [connectionId],
  );
  return rows[0]?.run_id ?? null;
}
