import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pidOfAnEndedProcess } from '../../test-support/cli-process.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { cliActor } from '../auth/principal.js';
import { startDemoCrms, type DemoCrms } from '../cli/demo/demo-crms.js';
import { ApplyPartnershipService } from '../partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../partnership-file/partnership-file.loader.js';
import { thisHost } from './sync-lease.js';
import { SyncService, type SyncOptions } from './sync.service.js';

const examples = new URL('../../../../examples/', import.meta.url);
const values = parseEnv(readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')) as Record<string, string>;
const options = (over: Partial<SyncOptions> = {}): SyncOptions => ({ trigger: 'cli', connector: { now: () => new Date(Date.now() + 120_000), retryBaseMs: 5 }, ...over });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run whose process died: its lock dies with it, and the run is marked failed with the reason. */
describe('sync runs whose process died', () => {
  let crms: DemoCrms;
  let t: TestApp;
  let sync: SyncService;
  let connection: { A: string; B: string };
  let admin: string;
  const q = <T>(sql: string, params: unknown[] = []) => t.db.dataSource.query<T[]>(sql, params);
  const status = async () => (await t.http.get('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${admin}`).expect(200)).body;
  const runRow = async (id: string) => (await q<{ status: string; error: string | null; finished_at: Date | null }>(`select status, error, finished_at from sync_runs where id = $1`, [id]))[0];

  /** What a process leaves behind when it is killed mid-run: its run `running`, its lease row. */
  async function crashedRun(side: 'A' | 'B', lease: { host: string; pid: number; process: string; expiresInSeconds: number }, heldBy?: string) {
    const runId = randomUUID();
    await q(`insert into sync_runs (id, connection_id, kind, status, trigger, started_at, held_by) values ($1, $2, 'sync', 'running', 'cli', $3, $4)`, [
      runId,
      connection[side],
      new Date('2026-11-23T11:59:00Z'),
      heldBy ?? `${lease.host}:${lease.pid}, ${lease.process}`,
    ]);
    await q(
      `insert into sync_leases (connection_id, holder, run_id, expires_at, holder_host, holder_pid, holder_process)
       values ($1, $2, $3, now() + make_interval(secs => $4), $5, $6, $7)`,
      [connection[side], `${lease.host}:${lease.pid}:${runId}`, runId, lease.expiresInSeconds, lease.host, lease.pid, lease.process],
    );
    return runId;
  }

  beforeAll(async () => {
    crms = await startDemoCrms(values, { now: new Date('2026-11-23T12:00:00Z'), perSide: 40, seed: 5, usualPorts: false });
    t = await createTestApp();
    const text = readFileSync(new URL('cobalt-northgate.yaml', examples), 'utf8');
    await t.app.get(ApplyPartnershipService).apply(parsePartnershipFile(text, { ...values, SF_LOGIN_URL: crms.salesforceUrl, HUBSPOT_BASE_PATH: crms.hubspotUrl }), cliActor('test'));
    sync = t.app.get(SyncService);
    const rows = await q<{ side: 'A' | 'B'; id: string }>(`select s.side, c.id from crm_connections c join sides s on s.id = c.side_id`);
    connection = Object.fromEntries(rows.map((r) => [r.side, r.id])) as { A: string; B: string };
    admin = await t.token({ email: 'admin@example.com', role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
    await crms?.stop();
  });

  it('takes over at once from a process of this host that is gone, and marks its run failed naming it', async () => {
    const pid = pidOfAnEndedProcess();
    const crashed = await crashedRun('B', { host: thisHost, pid, process: 'CLI sync', expiresInSeconds: 25 });
    const outcome = await sync.syncConnection(connection.B, options());
    expect(outcome.status).toBe('succeeded');
    const row = await runRow(crashed);
    expect(row.status).toBe('failed');
    expect(row.error).toBe(
      `the process running it (${thisHost}:${pid}, CLI sync) stopped without finishing: process ${pid} no longer runs on ${thisHost}; ` +
        'what it wrote is kept and the next run resumes from its last page',
    );
    expect(row.finished_at).not.toBeNull();
  });

  it('takes over a lease that lapsed, saying when it lapsed', async () => {
    const crashed = await crashedRun('A', { host: 'gone-host', pid: 77, process: 'API server', expiresInSeconds: -3 });
    const [{ expires_at: lapsedAt }] = await q<{ expires_at: Date }>(`select expires_at from sync_leases where run_id = $1`, [crashed]);
    expect((await sync.syncConnection(connection.A, options())).status).toBe('succeeded');
    const row = await runRow(crashed);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^the process running it \(gone-host:77, API server\) stopped without finishing; its lease lapsed at (\S+Z);/);
    // On the product clock, which is the system's here.
    const said = Date.parse(/lapsed at (\S+Z);/.exec(row.error!)![1]);
    expect(Math.abs(said - lapsedAt.getTime())).toBeLessThan(2_000);
  });

  it('skips while another process holds the lease, naming it and since when; POST answers 409 naming it', async () => {
    const live = await crashedRun('B', { host: 'other-host', pid: 4242, process: 'API server', expiresInSeconds: 25 });
    const outcome = await sync.syncConnection(connection.B, options());
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(`another sync of this connection is running: held by other-host:4242, API server, since 2026-11-23T11:59:00.000Z (run ${live})`);
    const posted = await t.http.post('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${admin}`).send({}).expect(409);
    expect(posted.body.message).toBe(`another sync is running: side B held by other-host:4242, API server, since 2026-11-23T11:59:00.000Z (run ${live}); try again when it ends`);
    // Nothing was started on side A either.
    const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from sync_runs where status = 'running' and connection_id = $1`, [connection.A]);
    expect(n).toBe(0);
    // A live lease: its run is shown running.
    expect((await status()).sides[1].running.id).toBe(live);
    expect((await runRow(live)).status).toBe('running');
    await q(`delete from sync_leases`);
    await q(`update sync_runs set status = 'failed' where id = $1`, [live]);
  });

  it('shows no run as running without a live lease: reading the status fails it with the reason', async () => {
    const lapsed = await crashedRun('A', { host: 'gone-host', pid: 78, process: 'scheduler', expiresInSeconds: -1 });
    const orphan = randomUUID();
    await q(`insert into sync_runs (id, connection_id, kind, status, trigger, started_at, held_by) values ($1, $2, 'sync', 'running', 'cli', now(), 'gone-host:79, CLI sync')`, [
      orphan,
      connection.B,
    ]);
    const body = await status();
    expect(body.sides.map((s: { running: unknown }) => s.running)).toEqual([null, null]);
    expect(await runRow(lapsed)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the process running it \(gone-host:78, scheduler\) stopped without finishing; its lease lapsed at /) });
    expect(await runRow(orphan)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the process running it \(gone-host:79, CLI sync\) stopped without finishing; it holds no lease;/) });
    // The lapsed lease is cleared with its run.
    expect(await q(`select 1 from sync_leases`)).toEqual([]);
  });

  it('renews its lease while a page is slow, and stops when its lease is no longer its own', async () => {
    const lease = { seconds: 2, heartbeatMs: 100 };
    crms.hubspot.inject({ kind: 'slow', delayMs: 1_500, times: 1, match: 'GET /crm/v3/objects/deals' });
    await q(`update crm_connections set sync_cursor = null where id = $1`, [connection.B]);
    const running = sync.syncConnection(connection.B, options({ lease }));
    await sleep(300);
    const expiry = async () => (await q<{ left: number }>(`select extract(epoch from expires_at - now())::float8 as left from sync_leases where connection_id = $1`, [connection.B]))[0]?.left;
    const first = await expiry();
    await sleep(600);
    // No page was written in between: the heartbeat alone kept the 2 s lease near full.
    expect(first).toBeGreaterThan(1.5);
    expect(await expiry()).toBeGreaterThan(1.5);
    await q(`delete from sync_leases where connection_id = $1`, [connection.B]);
    const outcome = await running;
    expect(outcome.status).toBe('stopped');
    expect(outcome.message).toMatch(/^this run's lease lapsed/);
    expect((await runRow(outcome.runId!)).status).toBe('stopped');
  });
});
