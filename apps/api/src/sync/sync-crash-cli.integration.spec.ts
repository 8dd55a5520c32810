import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, type CliProcess } from '../../test-support/cli-process.js';
import { compareWithFreshSync, quartersOf, startTwoCrms, storeFor, type SyncedStore, type TwoCrms } from '../../test-support/exact-sync.js';
import { runCli } from '../../test-support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { applyCommand } from '../cli/commands/apply.command.js';
import { connect, type Database } from '../database/database.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';

const examples = new URL('../../../../examples/', import.meta.url);
const crmNow = '2026-11-23T12:00:00.000Z';
/** Every HubSpot deal list page answered a second late: a first sync of side B takes seconds, time to kill it. */
const slowListPages = { kind: 'slow', delayMs: 1_000, times: Number.POSITIVE_INFINITY, match: 'GET /crm/v3/objects/deals' } as const;

/**
 * `alignboard sync` as real processes, one killed with SIGKILL mid-run: on
 * the suite's database (the embedded one by default, PostgreSQL in CI's
 * second pass, where two processes can share it).
 */
describe('alignboard sync after a crash', () => {
  let crms: TwoCrms;
  let dir: string;
  let env: Record<string, string>;
  /** PostgreSQL: the database the CLI processes share (open here too). Embedded: null. */
  let server: TestDatabase | null = null;
  const started: CliProcess[] = [];
  const saved = { ...process.env };

  const sync = (...args: string[]) => {
    const cli = spawnCli(['sync', '--partnership', 'cobalt-northgate', ...args], env);
    started.push(cli);
    return cli;
  };
  /** The CLI's database, opened here once no CLI process holds it (the embedded one admits one process). */
  async function openStore(): Promise<Database> {
    if (server) return { ...server, close: async () => undefined };
    const embedded = await startEmbeddedPostgres({ dataDir: env.ALIGNBOARD_DATA_DIR });
    return connect(embedded.url, embedded, false, 1);
  }

  beforeAll(async () => {
    crms = await startTwoCrms({ planAt: crmNow, startAt: crmNow, perSide: 250, seed: 13 });
    dir = mkdtempSync(join(tmpdir(), 'alignboard-crash-'));
    const envFile = join(dir, 'crm.env');
    writeFileSync(envFile, `${readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')}\nSF_LOGIN_URL=${crms.salesforce.url}\nHUBSPOT_BASE_PATH=${crms.hubspot.url}\n`);
    // The CLI's clock an hour past the CRMs' (which stand still): its windows reach everything they hold.
    env = { ALIGNBOARD_CLOCK: new Date(Date.parse(crmNow) + 3_600_000).toISOString(), LOG_LEVEL: 'warn' };
    if (process.env.ALIGNBOARD_TEST_DATABASE_URL) {
      server = await createTestDatabase();
      Object.assign(env, { DATABASE_URL: server.url, ALIGNBOARD_SECRET_KEY: randomBytes(32).toString('hex') });
    } else {
      env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    }
    for (const name of ['DATABASE_URL', 'ALIGNBOARD_SECRET_KEY', 'ALIGNBOARD_DATA_DIR']) delete process.env[name];
    Object.assign(process.env, env);
    await runCli(applyCommand(), [new URL('cobalt-northgate.yaml', examples).pathname, '--env-file', envFile]);
    process.env = { ...saved };
  });
  afterAll(async () => {
    process.env = saved;
    for (const cli of started) cli.child.kill('SIGKILL');
    await Promise.all(started.map((cli) => cli.exited));
    await server?.close();
    await crms?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after kill -9 mid-run, runs again at once (not skipped), marks the killed run failed with the reason, and ends equal to a fresh full sync', async () => {
    crms.hubspot.inject(slowListPages);
    const killed = sync();
    // Printed once side B's first page is committed with its cursor.
    await killed.waitFor(/cobalt-northgate B \(hubspot\): reading/);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    crms.hubspot.clearFaults();

    const again = sync();
    expect(await again.exited, again.output()).toEqual({ code: 0, signal: null });
    expect(again.output()).toMatch(/cobalt-northgate B \(hubspot\): succeeded/);
    expect(again.output()).not.toContain('skipped');

    const db = await openStore();
    let fresh: SyncedStore | undefined;
    try {
      const runs = await db.dataSource.query<{ status: string; error: string | null; records_upserted: number; records_fetched: number; held_by: string }[]>(
        `select r.status, r.error, r.records_upserted, r.records_fetched, r.held_by from sync_runs r join crm_connections c on c.id = r.connection_id
         join sides s on s.id = c.side_id where s.side = 'B'`,
      );
      // (Each process's clock starts at ALIGNBOARD_CLOCK: their start times do not order them.)
      const crashed = runs.find((r) => r.held_by.endsWith(`:${killed.pid}, CLI sync`))!;
      const resumed = runs.find((r) => r !== crashed)!;
      expect(runs.length).toBe(2);
      expect(resumed.status).toBe('succeeded');
      expect(crashed.held_by).toBe(`${hostname()}:${killed.pid}, CLI sync`);
      expect(crashed.error).toBe(
        `the process running it (${hostname()}:${killed.pid}, CLI sync) stopped without finishing: process ${killed.pid} no longer runs on ${hostname()}; ` +
          'what it wrote is kept and the next run resumes from its last page',
      );
      // Its first page stayed, and the next run read on from the cursor rather than from the start.
      expect(crashed.records_upserted).toBeGreaterThan(0);
      const [{ n: storedB }] = await db.dataSource.query<{ n: number }[]>(`select count(*)::int as n from opportunities where side = 'B'`);
      expect(resumed.records_fetched).toBeLessThan(storedB);
      expect(await db.dataSource.query(`select 1 from sync_leases`)).toEqual([]);

      fresh = await storeFor(crms);
      const [p] = await db.dataSource.query<{ id: string }[]>(`select id from partnerships where key = 'cobalt-northgate'`);
      // Only the store's data source and partnership are read for "ours"; the fresh store syncs itself.
      const ours: SyncedStore = { ...fresh, dataSource: db.dataSource, partnershipId: p.id, close: async () => undefined };
      const result = await compareWithFreshSync(ours, fresh, crms, quartersOf(crms.plan), Date.parse(crmNow));
      expect(result.figuresCompared).toBeGreaterThan(500);
      expect(result.figureDifferences).toEqual([]);
      expect(result.recordsCompared).toBeGreaterThan(450);
      expect(result.recordDifferences).toEqual([]);
    } finally {
      await fresh?.close();
      await db.close();
    }
  });

  it('exits non-zero naming the process that is syncing when another one runs', async () => {
    // A full read of side B again, its first page held back until the test ends.
    const db = await openStore();
    await db.dataSource.query(`update crm_connections set sync_cursor = null`);
    await db.close();
    crms.hubspot.inject({ ...slowListPages, delayMs: 120_000 });
    crms.hubspot.resetStats();
    const holder = sync('--side', 'B');
    // Its first request for a page: it holds the lease (taken before the CRM is called).
    while (!crms.hubspot.stats().byEndpoint['GET /crm/v3/objects/deals']) {
      expect(holder.child.exitCode, holder.output()).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const second = sync('--side', 'B');
    const exit = await second.exited;
    expect(holder.child.exitCode).toBeNull();
    expect(exit.code, second.output()).toBe(1);
    if (server) {
      expect(second.output()).toMatch(
        new RegExp(`cobalt-northgate B \\(hubspot\\): skipped\\n  another sync of this connection is running: held by ${hostname()}:${holder.pid}, CLI sync, since \\S+Z \\(run [0-9a-f-]{36}\\)`),
      );
    } else {
      // The embedded database admits one process: the second cannot even open it, and says who has it.
      expect(second.output()).toContain(`is open in process ${holder.pid}`);
    }
    holder.child.kill('SIGKILL');
    await holder.exited;
    crms.hubspot.clearFaults();
  });
});
