import type { EntityManager } from 'typeorm';
import { clearGoneLease, currentLease, describeHolder, holderIsGone, type CurrentLease } from './sync-lease.js';

/**
 * No run stays `running` without a live lease: a run whose process died (its
 * lease lapsed, its process is gone from this host, or its lease is gone) is
 * marked failed, saying which process it was and when its lease lapsed. Its
 * pages stay: each was committed with its cursor, so the next run resumes.
 * Called when a run starts, when the scheduler looks, and when status is read.
 * `replaced`: a lease a new run just took over (its run's lease is no longer there to read).
 */
export async function failAbandonedRuns(m: EntityManager, connectionIds: string[], productNow: Date, replaced: CurrentLease | null = null): Promise<number> {
  const running = await m.query<{ id: string; connection_id: string; held_by: string | null }[]>(
    `select id, connection_id, held_by from sync_runs where connection_id = any($1::uuid[]) and status = 'running'`,
    [connectionIds],
  );
  let failed = 0;
  const leases = new Map<string, CurrentLease | null>();
  for (const run of running) {
    if (!leases.has(run.connection_id)) leases.set(run.connection_id, await currentLease(m, run.connection_id, productNow));
    const current = leases.get(run.connection_id) ?? null;
    const own = current?.runId === run.id ? current : replaced?.runId === run.id ? replaced : null;
    if (own === current && own && !holderIsGone(own)) continue;
    const rows = await m.query<{ id: string }[]>(
      `with failed as (update sync_runs set status = 'failed', error = $2, finished_at = $3 where id = $1 and status = 'running' returning id)
       select id from failed`,
      [run.id, abandonedReason(run.held_by, own, current), productNow],
    );
    failed += rows.length;
    if (own && own === current) await clearGoneLease(m, run.connection_id, own);
  }
  return failed;
}

function abandonedReason(heldBy: string | null, own: CurrentLease | null, current: CurrentLease | null): string {
  const who = heldBy ?? (own ? describeHolder(own) : 'unknown');
  const stopped = `the process running it (${who}) stopped without finishing`;
  const resumes = 'what it wrote is kept and the next run resumes from its last page';
  if (own?.lapsed) return `${stopped}; its lease lapsed at ${own.expiresAt.toISOString()}; ${resumes}`;
  if (own) return `${stopped}: process ${own.pid} no longer runs on ${own.host}; ${resumes}`;
  if (current) return `${stopped}; its lease had lapsed and another run (${describeHolder(current)}) took it over; ${resumes}`;
  return `${stopped}; it holds no lease; ${resumes}`;
}
