import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from 'pino';
import { createPartnership } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { LOGGER } from '../app/app.tokens.js';
import { CLOCK } from '../clock/clock.js';
import { JobEngine } from '../jobs/job-engine.js';
import { AlertsCron } from './alerts.cron.js';
import { AlertsEvaluator } from './alerts.evaluator.js';

/**
 * The hourly evaluation with two API processes on one database: each process
 * has its own cron with its own lease holder; one of them evaluates each
 * partnership, and every alert is raised and queued once.
 */
describe('alerts cron', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const sql = <T = unknown>(query: string, params: unknown[] = []) => t.db.dataSource.query<T[]>(query, params);
  const now = () => new Date('2026-07-20T00:00:00Z');

  /** A second serving process: the same code and database, another lease holder. */
  const anotherProcess = () => new AlertsCron(true, t.app.get<Logger>(LOGGER), t.db.dataSource, t.app.get(AlertsEvaluator), t.app.get(CLOCK), t.app.get(JobEngine));

  beforeAll(async () => {
    t = await createTestApp();
    ids = {};
    for (const key of ['cron-one', 'cron-two', 'cron-three']) {
      await createPartnership(t, key, {
        sides: {
          A: { company: `${key} vendor`, people: [{ name: 'Dana Reyes', email: `dana@${key}.test`, role: 'cro' }] },
          B: { company: `${key} reseller`, people: [] },
        },
      });
      const [{ id }] = await sql<{ id: string }>(`select id from partnerships where key = $1`, [key]);
      ids[key] = id;
      // The same situation in each: the 2026-Q1 meeting was held, side B cancelled the 2026-Q2 and 2026-Q3 ones.
      await sql(
        `insert into meetings (partnership_id, quarter, scheduled_date, status, cancelled_by) values
         ($1, '2026-Q1', '2026-01-15', 'held', null), ($1, '2026-Q2', '2026-04-16', 'cancelled', 'B'),
         ($1, '2026-Q3', '2026-07-16', 'cancelled', 'B')`,
        [id],
      );
    }
  });
  afterAll(() => t?.close());

  it('does nothing on its hourly tick in a process that does not serve', async () => {
    await t.app.get(AlertsCron).hourly();
    expect(await sql(`select id from alerts`)).toEqual([]);
  });

  it('evaluates each partnership in one process only, raising and queueing each alert once', async () => {
    const [one, two] = [anotherProcess(), anotherProcess()];
    const outcomes = await Promise.all([one.tick(now), two.tick(now)]);

    const evaluated = outcomes.flatMap((o) => o.evaluated).sort();
    expect(evaluated).toEqual(Object.values(ids).sort());
    for (const id of Object.values(ids)) {
      // Each partnership: evaluated by one process, skipped by the other.
      expect(outcomes.filter((o) => o.evaluated.includes(id))).toHaveLength(1);
      expect(outcomes.filter((o) => o.skipped.includes(id))).toHaveLength(1);
    }
    expect(outcomes[0].raised + outcomes[1].raised).toBe(3);

    const alerts = await sql<{ partnership_id: string; kind: string; subject: string; period: string }>(
      `select partnership_id, kind, subject, period from alerts order by partnership_id`,
    );
    expect(alerts).toEqual(
      Object.values(ids)
        .sort()
        .map((id) => ({ partnership_id: id, kind: 'consecutive_cancellations', subject: 'B', period: '2026-Q3' })),
    );
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from delivery_outbox where kind = 'alert'`);
    expect(n).toBe(3);

    // Later in the same hour, a third process finds every partnership taken.
    const late = await anotherProcess().tick(now);
    expect(late).toEqual({ evaluated: [], skipped: Object.values(ids).sort((a, b) => keyOf(a).localeCompare(keyOf(b))), raised: 0 });
  });

  it('evaluates again once the leases expire, raising nothing already raised', async () => {
    await sql(`update alert_evaluation_leases set expires_at = now() - interval '1 second'`);
    const next = await anotherProcess().tick(now);
    expect(next.evaluated).toHaveLength(3);
    expect(next.raised).toBe(0);
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from delivery_outbox where kind = 'alert'`);
    expect(n).toBe(3);
  });

  it('gives a partnership’s lease back when its evaluation fails, so the next tick retries it', async () => {
    await sql(`update alert_evaluation_leases set expires_at = now() - interval '1 second'`);
    const cron = anotherProcess();
    const evaluate = vi.spyOn(t.app.get(AlertsEvaluator), 'evaluate').mockImplementation(async (id) => {
      if (id === ids['cron-two']) throw new Error('metrics unavailable');
      return [];
    });
    try {
      const outcome = await cron.tick(now);
      expect(outcome.evaluated.sort()).toEqual([ids['cron-one'], ids['cron-three']].sort());
      const leases = await sql<{ partnership_id: string }>(`select partnership_id from alert_evaluation_leases where expires_at > now()`);
      expect(leases.map((l) => l.partnership_id).sort()).toEqual([ids['cron-one'], ids['cron-three']].sort());
      expect(t.logs.text).toContain('evaluating alerts failed');
    } finally {
      evaluate.mockRestore();
    }
    expect(await anotherProcess().tick(now)).toEqual({ evaluated: [ids['cron-two']], skipped: [ids['cron-one'], ids['cron-three']], raised: 0 });
  });

  function keyOf(id: string): string {
    return Object.entries(ids).find(([, v]) => v === id)![0];
  }
});
