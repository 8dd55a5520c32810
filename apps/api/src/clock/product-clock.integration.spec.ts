import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { TokenService } from '../auth/token.service.js';
import { cliActor } from '../auth/principal.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import type { Clock } from './clock.js';

/**
 * The product decides and stamps "now" from its clock alone: an app whose
 * clock stands in August 2031 — years from the test process's date and from
 * the database's — says 2031 wherever it says a time.
 */
describe('the product clock', () => {
  const start = Date.parse('2031-08-14T09:30:00.000Z');
  let nowMs = start;
  const clock: Clock = { now: () => new Date(nowMs) };
  const at = (ms: number) => new Date(ms).toISOString();
  let t: TestApp;
  let p: PartnershipFixture;
  const sql = <T>(query: string, params: unknown[] = []) => t.db.dataSource.query<T[]>(query, params);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    p = await createPartnership(t, 'clock-p');
  });
  afterAll(() => t.close());

  it("answers the product's now on /api/health", async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', now: '2031-08-14T09:30:00.000Z' });
  });

  it('stamps what it writes, through entities, raw SQL and the audit log, with the clock', async () => {
    const [partnership] = await sql<{ id: string; created_at: Date; updated_at: Date }>(`select id, created_at, updated_at from partnerships where key = $1`, [p.key]);
    expect([at(partnership.created_at.getTime()), at(partnership.updated_at.getTime())]).toEqual([at(start), at(start)]);
    const tokens = await sql<{ created_at: Date }>(`select created_at from api_tokens`);
    expect(tokens.map((r) => at(r.created_at.getTime()))).toEqual(tokens.map(() => at(start)));

    const created = await t.http
      .post(`/api/partnerships/${p.key}/asks`)
      .set(bearer(p.memberA))
      .send({ fromSide: 'A', toSide: 'B', quarterRaised: '2031-Q3', text: 'Two MSSP intros' })
      .expect(201);
    expect([created.body.createdAt, created.body.updatedAt, created.body.history[0].changedAt]).toEqual([at(start), at(start), at(start)]);

    nowMs = start + 3_600_000;
    const edited = await t.http.patch(`/api/partnerships/${p.key}/asks/${created.body.id}`).set(bearer(p.memberB)).send({ status: 'in_progress' }).expect(200);
    expect([edited.body.createdAt, edited.body.updatedAt]).toEqual([at(start), '2031-08-14T10:30:00.000Z']);
    expect(edited.body.history.map((h: { changedAt: string }) => h.changedAt)).toEqual([at(start), '2031-08-14T10:30:00.000Z']);
    const audit = await sql<{ action: string; at: Date }>(`select action, at from audit_log where entity_id = $1 order by at`, [created.body.id]);
    expect(audit.map((r) => [r.action, at(r.at.getTime())])).toEqual([
      ['ask.create', at(start)],
      ['ask.update', '2031-08-14T10:30:00.000Z'],
    ]);

    await t.db.dataSource.transaction((m) =>
      t.app.get(DeliveryService).enqueue(m, {
        partnershipId: partnership.id,
        kind: 'alert',
        dedupeKey: 'clock-test',
        subject: 'A test message',
        html: '<p>test</p>',
        text: 'test',
        to: ['dana@clock-p.test'],
      }),
    );
    const [outbox] = await sql<{ created_at: Date; next_attempt_at: Date }>(`select created_at, next_attempt_at from delivery_outbox where dedupe_key = 'clock-test'`);
    // Due at once on the clock the delivery worker compares it with.
    expect([at(outbox.created_at.getTime()), at(outbox.next_attempt_at.getTime())]).toEqual(['2031-08-14T10:30:00.000Z', '2031-08-14T10:30:00.000Z']);
  });

  it('plans meetings from the quarter the clock is in', async () => {
    nowMs = start;
    const res = await t.http.post(`/api/partnerships/${p.key}/meetings/generate`).set(bearer(p.admin)).expect(200);
    // 14 August 2031: Q3's third Thursday (17 July) has passed, Q4's is 16 October.
    expect(res.body.quarters).toEqual(['2031-Q3', '2031-Q4']);
    expect(res.body.skipped).toEqual([{ quarter: '2031-Q3', reason: 'date_passed', meetingId: null, date: '2031-07-17' }]);
    expect(res.body.created.map((m: { quarter: string; scheduledDate: string; createdAt: string }) => [m.quarter, m.scheduledDate, m.createdAt])).toEqual([
      ['2031-Q4', '2031-10-16', at(start)],
    ]);
  });

  it('computes the figures as of the clock when no as-of is given', async () => {
    const res = await t.http.get(`/api/partnerships/${p.key}/metrics?quarter=2031-Q3`).set(bearer(p.memberA)).expect(200);
    expect(res.body.asOf).toBe(at(start));
  });

  it('expires tokens by the clock', async () => {
    nowMs = start;
    const { token } = await t.app
      .get(TokenService)
      .create({ email: 'soon@clock-p.test', role: 'admin', expiresAt: new Date(start + 30 * 60_000) }, cliActor('test'));
    await t.http.get('/api/partnerships').set(bearer(token)).expect(200);
    nowMs = start + 31 * 60_000;
    await t.http.get('/api/partnerships').set(bearer(token)).expect(401);
  });
});
