import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership } from '../../test-support/fixtures.js';
import { LogCapture, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { TokenService } from '../auth/token.service.js';
import { cliActor } from '../auth/principal.js';
import { createApp } from '../app/create-app.js';
import { loadEnv } from '../config/env.js';
import { connect, type Database } from '../database/database.js';
import { createLogger } from '../logging/logger.js';
import { JobEngine, type FailedJob } from './job-engine.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, checking every 100 ms, for at most `ms`. */
async function until(done: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const start = performance.now();
  while (!(await done())) {
    if (performance.now() - start > ms) throw new Error(`not done within ${ms} ms`);
    await sleep(100);
  }
}

/**
 * Two serving API processes on one database, each with its own Nest
 * application and job engine. On PostgreSQL the second has its own pool; the
 * embedded database serves one connection, which both share (as two
 * processes would take turns on a one-connection server).
 */
describe('job engine', () => {
  let db: TestDatabase;
  let secondDb: Database;
  let apps: INestApplication[];
  let logs: LogCapture;
  const secretKey = randomBytes(32);

  beforeAll(async () => {
    db = await createTestDatabase();
    secondDb = db.kind === 'postgres' ? await connect(db.url, null, false, 3) : { ...db, close: async () => undefined };
    logs = new LogCapture();
    // No CRM connections here, and syncs off: the product's own jobs find nothing to do.
    const env = loadEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ALIGNBOARD_SECRET_KEY: secretKey.toString('hex'),
      ALIGNBOARD_SYNC_INTERVAL_MINUTES: '0',
      ALIGNBOARD_RECONCILE_INTERVAL_HOURS: '0',
    });
    const jobs = { pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1 };
    apps = [];
    for (const database of [db, secondDb]) {
      apps.push(await createApp({ env, database, secretKey, logger: createLogger(env, logs), scheduling: true, jobs }));
    }
  });
  afterAll(async () => {
    // Both engines stop before either app closes the (on PGlite, shared) data source.
    await Promise.all((apps ?? []).map((app) => app.get(JobEngine).beforeApplicationShutdown()));
    for (const app of (apps ?? []).reverse()) await app.close();
    await secondDb?.close();
    await db?.close();
  });

  const engines = () => apps.map((app) => app.get(JobEngine));

  it('runs a cron job that falls due in one of the two processes only', async () => {
    // A minute slot (of the database's clock, which pg-boss's cron follows) holds one run: start well inside one.
    const second = async () => (await db.dataSource.query<{ s: number }[]>(`select extract(second from now())::float as s`))[0].s;
    while ((await second()) > 50) await sleep(500);
    const runs: number[] = [];
    await Promise.all(engines().map((engine, i) => engine.schedule('probe-cron', '* * * * *', async () => void runs.push(i))));
    await until(() => runs.length > 0, 8_000);
    // Both processes checked the cron every second meanwhile.
    await sleep(3_000);
    expect(runs).toHaveLength(1);
  });

  it('hands each job to one process, and keeps one job per singleton key waiting', async () => {
    const handled: { process: number; n: number }[] = [];
    await Promise.all(
      engines().map((engine, process) =>
        engine.work<{ n: number }>('probe-work', async ({ n }) => {
          handled.push({ process, n });
          await sleep(50);
        }),
      ),
    );
    const [one, two] = engines();
    // Queues are stately: one waiting job per singleton key, so distinct jobs carry distinct keys.
    for (let n = 0; n < 6; n++) expect(await (n % 2 ? one : two).send('probe-work', { n }, { singletonKey: `job-${n}` })).not.toBeNull();
    await until(() => handled.length >= 6, 15_000);
    await sleep(1_000);
    expect(handled.map((h) => h.n).sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const firsts = await Promise.all([one.send('probe-work', { n: 10 }, { singletonKey: 'same' }), two.send('probe-work', { n: 11 }, { singletonKey: 'same' })]);
    expect(firsts.filter((id) => id !== null)).toHaveLength(1);
    await until(() => handled.length >= 7, 10_000);
    await sleep(1_000);
    expect(handled).toHaveLength(7);
  });

  it('retries a failing job with a growing wait, then completes it', async () => {
    const attempts: number[] = [];
    await engines()[0].work('probe-flaky', async () => {
      attempts.push(performance.now());
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`);
    });
    await engines()[1].send('probe-flaky', {}, { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true });
    await until(() => attempts.length >= 3, 20_000);
    const [first, second] = [attempts[1] - attempts[0], attempts[2] - attempts[1]];
    // pg-boss waits about delay × 2^retry (with up to as much again of jitter): ≥ 1 s, then ≥ 2 s.
    expect(first).toBeGreaterThanOrEqual(900);
    expect(second).toBeGreaterThanOrEqual(1_900);
    await sleep(1_000);
    expect(attempts).toHaveLength(3);
    expect((await engines()[0].failed()).map((j) => j.name)).not.toContain('probe-flaky');
  });

  it('lists a job that failed its last retry to admins, with its message and no stack', async () => {
    await engines()[0].work('probe-broken', async () => {
      throw new Error('the CRM is away');
    });
    await engines()[1].send('probe-broken', { partnership: 'cobalt-northgate' }, { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false });
    await until(async () => (await engines()[1].failed()).some((j) => j.name === 'probe-broken'), 20_000);

    const tokens = apps[1].get(TokenService);
    const http = supertest(apps[1].getHttpServer());
    const t: TestApp = {
      app: apps[1],
      http,
      db,
      logs,
      secretKey,
      token: async ({ email, role, partnership, side }) => (await tokens.create({ email, role, partnershipKey: partnership, side }, cliActor('test'))).token,
      close: async () => undefined,
    };
    const p = await createPartnership(t, 'jobs-failed');
    const res = await http.get('/api/jobs/failed').set(bearer(p.admin)).expect(200);
    const failed = res.body as FailedJob[];
    expect(failed.filter((j) => j.name === 'probe-broken')).toEqual([
      {
        id: expect.any(String),
        name: 'probe-broken',
        data: { partnership: 'cobalt-northgate' },
        attempts: 2,
        error: 'the CRM is away',
        createdAt: expect.any(String),
        failedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('job-engine.integration.spec');
    expect(logs.text).toContain('job failed');

    const forbidden = await http.get('/api/jobs/failed').set(bearer(p.memberA)).expect(403);
    expect(forbidden.body.message).toBe('This action needs an admin token');
    await http.get('/api/jobs/failed').expect(401);
  });
});
