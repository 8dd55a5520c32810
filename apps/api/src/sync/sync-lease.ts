import { hostname } from 'node:os';
import type { EntityManager } from 'typeorm';

/**
 * One sync per connection at a time, across every process on the database:
 * a lease row taken with a conditional upsert and kept alive by a heartbeat
 * (`LeaseHeartbeat`) whatever the run is doing. A session advisory lock would
 * need a connection held for the whole run, and the embedded database has
 * only one; the lease works the same on both. A holder that dies stops
 * renewing, so its lease lapses within `leaseSeconds`; on the same host a
 * holder whose process is gone is seen at once and taken over without waiting.
 * Lease instants are the database's (`now()`), one clock for every process.
 */
export const leaseDefaults = { seconds: 30, heartbeatMs: 5_000 };

export interface LeaseTiming {
  /** How long a lease lives without renewal. */
  seconds: number;
  /** How often a holder renews it. */
  heartbeatMs: number;
}

/** Which kind of process runs a sync, as people name it. */
export type HolderProcess = 'CLI sync' | 'API server' | 'scheduler' | 'demo';

export interface LeaseHolder {
  /** Unique per holder (two services in one process are two holders). */
  token: string;
  host: string;
  pid: number;
  process: HolderProcess;
}

/** The lease as stored, with the holder's run. */
export interface CurrentLease {
  holder: string;
  host: string | null;
  pid: number | null;
  process: string | null;
  runId: string | null;
  /** Past: nobody renewed it in time. */
  lapsed: boolean;
  /** When it lapses (or lapsed), on the product clock. */
  expiresAt: Date;
  /** When its run began (the lease's taking if the run has no row yet), on the product clock. */
  since: Date;
}

export const thisHost = hostname();

/** `host:pid, CLI sync`: who holds (or held) a lease, in a message. */
export function describeHolder(h: { host: string | null; pid: number | null; process: string | null }): string {
  return `${h.host ?? 'unknown host'}:${h.pid ?? '?'}, ${h.process ?? 'unknown process'}`;
}

/**
 * A lease whose holder cannot be renewing it: lapsed, or held by a process
 * on this host that no longer exists. (A holder in this process is alive.)
 */
export function holderIsGone(lease: CurrentLease): boolean {
  if (lease.lapsed) return true;
  if (lease.host !== thisHost || lease.pid === null || lease.pid === process.pid) return false;
  return !processExists(lease.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the connection's lease for `runId`: free, lapsed, or held by a
 * process of this host that is gone. Otherwise answers who holds it.
 * `replaced` is the lease taken over from a holder that died, if any.
 */
export async function acquireLease(
  m: EntityManager,
  connectionId: string,
  holder: LeaseHolder,
  runId: string,
  productNow: Date,
  timing: LeaseTiming = leaseDefaults,
): Promise<{ acquired: true; replaced: CurrentLease | null } | { acquired: false; current: CurrentLease }> {
  for (;;) {
    const current = await currentLease(m, connectionId, productNow);
    if (current && !holderIsGone(current)) return { acquired: false, current };
    // Insert when free; replace only the very lease read above (another process may be taking it too).
    const rows = await m.query<{ holder: string }[]>(
      `insert into sync_leases (connection_id, holder, run_id, expires_at, holder_host, holder_pid, holder_process, acquired_at)
       values ($1, $2, $3, now() + make_interval(secs => $4), $5, $6, $7, now())
       on conflict (connection_id) do update
         set holder = excluded.holder, run_id = excluded.run_id, expires_at = excluded.expires_at, holder_host = excluded.holder_host,
             holder_pid = excluded.holder_pid, holder_process = excluded.holder_process, acquired_at = excluded.acquired_at
         where sync_leases.holder = $8
       returning holder`,
      [connectionId, holder.token, runId, timing.seconds, holder.host, holder.pid, holder.process, current?.holder ?? null],
    );
    if (rows.length === 1) return { acquired: true, replaced: current };
    // Someone else changed the lease between the read and the write: read it again.
  }
}

/** Extends the lease; false when it is no longer ours (it lapsed and was taken over or cleared). */
export async function renewLease(m: EntityManager, connectionId: string, token: string, timing: LeaseTiming = leaseDefaults): Promise<boolean> {
  const rows = await m.query<{ holder: string }[]>(
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    `with renewed as (
       update sync_leases set expires_at = now() + make_interval(secs => $3)
       where connection_id = $1 and holder = $2 returning holder)
     select holder from renewed`,
    [connectionId, token, timing.seconds],
  );
  return rows.length === 1;
}

export async function releaseLease(m: EntityManager, connectionId: string, token: string): Promise<void> {
  await m.query(`delete from sync_leases where connection_id = $1 and holder = $2`, [connectionId, token]);
}

/**
 * Clears a lease whose holder is gone, unless it changed since it was read: a
 * lapsed one only while still lapsed (its holder may have been slow, not dead).
 * A holder that was only slow then finds its lease gone and stops.
 */
export async function clearGoneLease(m: EntityManager, connectionId: string, lease: CurrentLease): Promise<void> {
  await m.query(`delete from sync_leases where connection_id = $1 and holder = $2 and (not $3 or expires_at < now())`, [
    connectionId,
    lease.holder,
    lease.lapsed,
  ]);
}

/**
 * The connection's lease, if any. Instants are moved onto the product clock
 * (what runs are stamped with) by their distance from the database's now.
 */
export async function currentLease(m: EntityManager, connectionId: string, productNow: Date): Promise<CurrentLease | null> {
  const rows = await m.query<LeaseRow[]>(
    `select l.holder, l.holder_host, l.holder_pid, l.holder_process, l.run_id, l.expires_at < now() as lapsed,
       $2::timestamptz + (l.expires_at - now()) as expires_at,
       coalesce(r.started_at, $2::timestamptz + (l.acquired_at - now())) as since
     from sync_leases l left join sync_runs r on r.id = l.run_id
     where l.connection_id = $1`,
    [connectionId, productNow],
  );
  return rows[0] ? leaseOf(rows[0]) : null;
}

interface LeaseRow {
  holder: string;
  holder_host: string | null;
  holder_pid: number | null;
  holder_process: string | null;
  run_id: string | null;
  lapsed: boolean;
  expires_at: Date;
  since: Date;
}

function leaseOf(r: LeaseRow): CurrentLease {
  return { holder: r.holder, host: r.holder_host, pid: r.holder_pid, process: r.holder_process, runId: r.run_id, lapsed: r.lapsed, expiresAt: r.expires_at, since: r.since };
}

/**
 * Renews a lease every `heartbeatMs` for as long as its run lasts, whether
 * it is writing, reading a slow page or scanning an inventory. The timer does
 * not keep the process alive; a renewal that finds the lease gone reports it.
 */
export class LeaseHeartbeat {
  private readonly timer: NodeJS.Timeout;
  private renewing = false;
  lost = false;

  constructor(
    renew: () => Promise<boolean>,
    heartbeatMs: number,
    onError: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => {
      if (this.renewing) return;
      this.renewing = true;
      renew()
        .then((held) => (this.lost ||= !held))
        .catch(onError)
        .finally(() => (this.renewing = false));
    }, heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
