import type { AlertEvaluationView, AlertView, CreatePartnershipInput } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditOf, bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { AlertsEvaluator } from './alerts.evaluator.js';

/**
 * Each alert's trigger in a situation built by hand (rows inserted directly),
 * evaluated at chosen instants, and its deduplication: a second evaluation
 * raises nothing and queues no second delivery.
 */
describe('alerts', () => {
  let t: TestApp;
  let evaluator: AlertsEvaluator;

  const sql = <T = unknown>(query: string, params: unknown[] = []) => t.db.dataSource.query<T[]>(query, params);
  const at = (iso: string) => new Date(iso);
  const brief = (alerts: Pick<AlertView, 'kind' | 'subject' | 'period'>[]) => alerts.map((a) => [a.kind, a.subject, a.period]);

  /** A partnership with a CRO on side A, a head of partnerships on side B (the recipients) and a finance person (not one). */
  async function partnership(key: string, extra: Partial<CreatePartnershipInput> = {}): Promise<{ fixture: PartnershipFixture; id: string }> {
    const fixture = await createPartnership(t, key, {
      ...extra,
      sides: {
        A: {
          company: `${key} vendor`,
          people: [
            { name: 'Dana Reyes', email: `dana@${key}.test`, role: 'cro' },
            { name: 'Fin Ance', email: `fin@${key}.test`, role: 'finance' },
          ],
        },
        B: { company: `${key} reseller`, people: [{ name: 'Sam Okafor', email: `sam@${key}.test`, role: 'partnerships' }] },
      },
    });
    const [{ id }] = await sql<{ id: string }>(`select id from partnerships where key = $1`, [key]);
    return { fixture, id };
  }

  async function connection(partnershipId: string, side: 'A' | 'B', provider: 'salesforce' | 'hubspot'): Promise<string> {
    const [{ id }] = await sql<{ id: string }>(
      `insert into crm_connections (side_id, provider, mapping) select id, $3, '{}'::jsonb from sides where partnership_id = $1 and side = $2 returning id`,
      [partnershipId, side, provider],
    );
    return id;
  }

  async function meeting(partnershipId: string, quarter: string, date: string, status = 'scheduled', cancelledBy: string | null = null) {
    const [{ id }] = await sql<{ id: string }>(
      `insert into meetings (partnership_id, quarter, scheduled_date, status, cancelled_by) values ($1, $2, $3, $4, $5) returning id`,
      [partnershipId, quarter, date, status, cancelledBy],
    );
    return id;
  }

  async function syncRun(connectionId: string, status: string, startedAt: string, error: string | null = null) {
    await sql(
      `insert into sync_runs (connection_id, status, trigger, started_at, finished_at, error)
       values ($1, $2, 'schedule', $3::timestamptz, case when $2 = 'running' then null else $3::timestamptz + interval '1 minute' end, $4)`,
      [connectionId, status, startedAt, error],
    );
  }

  const stored = (partnershipId: string) =>
    sql<{ id: string; kind: string; subject: string; period: string }>(
      `select id, kind, subject, period from alerts where partnership_id = $1 order by raised_at, kind, subject`,
      [partnershipId],
    );
  const deliveries = (partnershipId: string) =>
    sql<{ kind: string; channel: string; dedupe_key: string; recipients: string[]; subject: string; body_text: string }>(
      `select kind, channel, dedupe_key, recipients, subject, body_text from delivery_outbox where partnership_id = $1 order by created_at, dedupe_key`,
      [partnershipId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    evaluator = t.app.get(AlertsEvaluator);
  });
  afterAll(() => t?.close());

  describe('kill candidates and motions at risk', () => {
    let id: string;

    beforeAll(async () => {
      ({ id } = await partnership('alerts-kill'));
      const conn = await connection(id, 'A', 'salesforce');
      const motion = async (key: string, name: string, forecasts: Record<string, number>) => {
        const [{ id: motionId }] = await sql<{ id: string }>(
          `insert into motions (partnership_id, key, name, status) values ($1, $2, $3, 'active') returning id`,
          [id, key, name],
        );
        for (const [quarter, forecast] of Object.entries(forecasts)) {
          await sql(`insert into motion_forecasts (motion_id, quarter, forecast) values ($1, $2, $3)`, [motionId, quarter, forecast]);
        }
      };
      await motion('mssp', 'MSSP upsell', { '2026-Q2': 200000, '2026-Q3': 100000 });
      await motion('edr', 'EDR attach', { '2026-Q2': 100000, '2026-Q3': 50000 });
      // One side, one record per group; produced = the amounts of the motion's groups created in the quarter.
      const deals = [
        { crmId: '006K00000000001', motion: 'mssp', amount: 8000, category: 'commit', created: '2026-04-10T00:00:00Z', close: '2026-06-15' },
        { crmId: '006K00000000002', motion: 'edr', amount: 10000, category: 'commit', created: '2026-05-01T00:00:00Z', close: '2026-06-20' },
        { crmId: '006K00000000003', motion: 'mssp', amount: 2000, category: 'pipeline', created: '2026-07-05T00:00:00Z', close: '2026-09-15' },
        { crmId: '006K00000000004', motion: 'edr', amount: 5000, category: 'pipeline', created: '2026-07-20T00:00:00Z', close: '2026-09-20' },
      ];
      for (const d of deals) {
        const [{ id: oppId }] = await sql<{ id: string }>(
          `insert into opportunities (partnership_id, side, connection_id, crm_id, account_name, account_domain, name, amount, currency,
             close_date, stage, forecast_category, attribution, motion_key, crm_created_at, crm_modified_at, raw)
           values ($1, 'A', $2, $3, $3, $4, $3, $5, 'USD', $6, 'Stage', $7, 'sourced', $8, $9, $9, '{}'::jsonb) returning id`,
          [id, conn, d.crmId, `${d.crmId.toLowerCase()}.example`, d.amount, d.close, d.category, d.motion, d.created],
        );
        await sql(
          `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage, forecast_category, attribution, motion_key, source)
           values ($1, $2, $3, 'USD', $4, 'Stage', $5, 'sourced', $6, 'backfill')`,
          [oppId, d.created, d.amount, d.close, d.category, d.motion],
        );
      }
    });

    it('raises the completed quarter’s kill candidates and the current quarter’s motions at risk, once each', async () => {
      // 2026-08-20: 2026-Q2 is the last completed quarter, 2026-Q3 has run 50 of its 92 days (0.543478).
      const now = at('2026-08-20T00:00:00Z');
      const raised = await evaluator.evaluate(id, now);
      // mssp: 8,000 of 200,000 in Q2 = 0.04 < 0.05, a kill candidate; edr: 10,000 of 100,000 = 0.10 is not.
      // Q3 pace: mssp 2,000 / (100,000 × 0.543478) = 0.0368 < 0.05, at risk; edr 5,000 / (50,000 × 0.543478) = 0.184 is not.
      expect(brief(raised)).toEqual([
        ['kill_candidate', 'mssp', '2026-Q2'],
        ['at_risk', 'mssp', '2026-Q3'],
      ]);
      expect(raised[0]).toMatchObject({
        message: 'MSSP upsell (mssp) is a kill candidate for 2026-Q2: produced 4.0% of forecast in an ended quarter, under the 5.0% kill threshold.',
        details: { quarter: '2026-Q2', motion: 'mssp', name: 'MSSP upsell', forecast: 200000, produced: 8000, attainment: 0.04, threshold: 0.05 },
        raisedAt: '2026-08-20T00:00:00.000Z',
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      expect(raised[1]).toMatchObject({
        message:
          'MSSP upsell (mssp) is at risk in 2026-Q3: 54.3% of the quarter gone and 2.0% of forecast produced: 3.7% of pace, under the 5.0% threshold.',
        details: { quarter: '2026-Q3', motion: 'mssp', forecast: 100000, produced: 2000, attainment: 0.02, elapsed: 0.543478, threshold: 0.05 },
      });

      // The same instant again, and an hour later: the conditions still hold, nothing new is raised or sent.
      expect(await evaluator.evaluate(id, now)).toEqual([]);
      expect(await evaluator.evaluate(id, at('2026-08-20T01:00:00Z'))).toEqual([]);
      expect((await stored(id)).map((r) => r.id).sort()).toEqual(raised.map((a) => a.id).sort());
      // One email each (no webhook is configured), to side A's CRO and side B's head of partnerships, not to finance.
      const sent = await deliveries(id);
      expect(sent).toHaveLength(2);
      const titles = ['Kill candidate (2026-Q2)', 'Motion at risk (2026-Q3)'];
      raised.forEach((alert, i) => {
        expect(sent.find((d) => d.dedupe_key === `alert:${alert.id}`)).toEqual({
          kind: 'alert',
          channel: 'email',
          dedupe_key: `alert:${alert.id}`,
          recipients: ['dana@alerts-kill.test', 'sam@alerts-kill.test'],
          subject: `[Alignboard] Partnership alerts-kill: ${titles[i]}`,
          body_text: expect.stringContaining(alert.message),
        });
      });
    });

    it('raises a kill candidate again for the next completed quarter, once even when two evaluations race', async () => {
      // 2026-11-20: 2026-Q3 has ended; mssp produced 2,000 of 100,000 = 0.02 (kill), edr 5,000 of 50,000 = 0.10.
      // 2026-Q4 has no forecasts: nothing is at risk.
      const now = at('2026-11-20T00:00:00Z');
      const [x, y] = await Promise.all([evaluator.evaluate(id, now), evaluator.evaluate(id, now)]);
      expect(brief([...x, ...y])).toEqual([['kill_candidate', 'mssp', '2026-Q3']]);
      expect((await stored(id)).map((r) => [r.kind, r.subject, r.period])).toEqual([
        ['at_risk', 'mssp', '2026-Q3'],
        ['kill_candidate', 'mssp', '2026-Q2'],
        ['kill_candidate', 'mssp', '2026-Q3'], // raised last
      ]);
      expect(await deliveries(id)).toHaveLength(3);
    });
  });

  it('raises two cancellations in a row by one side (the rule of health), once', async () => {
    const { id } = await partnership('alerts-cancel');
    await meeting(id, '2026-Q1', '2026-01-15', 'held');
    await meeting(id, '2026-Q2', '2026-04-16', 'cancelled', 'A');
    const q3 = await meeting(id, '2026-Q3', '2026-07-16');
    // The last meeting is still ahead: one cancellation is not a streak.
    expect(await evaluator.evaluate(id, at('2026-07-10T00:00:00Z'))).toEqual([]);

    await sql(`update meetings set status = 'cancelled', cancelled_by = 'A' where id = $1`, [q3]);
    const [q2] = await sql<{ id: string }>(`select id from meetings where partnership_id = $1 and quarter = '2026-Q2'`, [id]);
    const raised = await evaluator.evaluate(id, at('2026-07-20T00:00:00Z'));
    expect(brief(raised)).toEqual([['consecutive_cancellations', 'A', '2026-Q3']]);
    expect(raised[0].message).toBe(
      'Side A (alerts-cancel vendor) cancelled the last two meetings in a row: 2026-Q2 on 2026-04-16 and 2026-Q3 on 2026-07-16.',
    );
    expect(raised[0].details).toEqual({
      side: 'A',
      company: 'alerts-cancel vendor',
      meetings: [
        { id: q2.id, quarter: '2026-Q2', scheduledDate: '2026-04-16' },
        { id: q3, quarter: '2026-Q3', scheduledDate: '2026-07-16' },
      ],
    });
    expect(await evaluator.evaluate(id, at('2026-07-21T00:00:00Z'))).toEqual([]);
    expect(await deliveries(id)).toHaveLength(1);

    // B cancelling next breaks A's streak and starts none of its own.
    await meeting(id, '2026-Q3', '2026-07-30', 'cancelled', 'B');
    expect(await evaluator.evaluate(id, at('2026-07-31T00:00:00Z'))).toEqual([]);
  });

  it('raises nothing for a single cancellation, the first in the health window', async () => {
    const { id } = await partnership('alerts-one-cancel');
    await meeting(id, '2026-Q2', '2026-04-16', 'cancelled', 'A');
    // Evaluated in 2026-Q3: the completed quarter's window (2025-Q3 to 2026-Q2) holds that one meeting only.
    expect(await evaluator.evaluate(id, at('2026-07-01T00:00:00Z'))).toEqual([]);
    expect(await evaluator.evaluate(id, at('2026-07-20T00:00:00Z'))).toEqual([]);
  });

  it('raises prework late once its prework date (holidays skipped) has passed with no prework sent', async () => {
    const { id } = await partnership('alerts-prework');
    // Thursday 2026-07-16, 3 business days ahead, Monday 07-13 a holiday: Wed 15, Tue 14, (Mon 13, Sun, Sat), Fri 10.
    await sql(`update partnerships set holidays = '["2026-07-13"]'::jsonb where id = $1`, [id]);
    const meetingId = await meeting(id, '2026-Q3', '2026-07-16');

    expect(await evaluator.evaluate(id, at('2026-07-10T23:59:59Z'))).toEqual([]);
    // Without the holiday the prework date would be Monday 07-13, and nothing would be late on 07-11.
    const raised = await evaluator.evaluate(id, at('2026-07-11T00:00:00Z'));
    expect(brief(raised)).toEqual([['prework_late', meetingId, '2026-Q3']]);
    expect(raised[0].message).toBe(
      'Prework for the 2026-Q3 meeting on 2026-07-16 is late: it was due on 2026-07-10 (3 business days before) and none was sent.',
    );
    expect(raised[0].details).toEqual({ meetingId, quarter: '2026-Q3', scheduledDate: '2026-07-16', preworkDate: '2026-07-10', preworkBusinessDays: 3 });
    expect(await evaluator.evaluate(id, at('2026-07-13T09:00:00Z'))).toEqual([]);
    expect(await deliveries(id)).toHaveLength(1);

    // A packet generated by hand but not sent leaves the prework late; once sent, the condition no longer holds.
    await sql(
      `insert into prework_packets (partnership_id, meeting_id, version, as_of, content, html, pdf, generated_by, trigger)
       values ($1, $2, 1, '2026-07-13T09:30:00Z', '{}'::jsonb, '<html></html>', '\\x25504446'::bytea, 'test', 'manual')`,
      [id, meetingId],
    );
    const p = await t.db.dataSource.getRepository(Partnership).findOneByOrFail({ id });
    expect(brief(await evaluator.candidates(p, at('2026-07-14T00:00:00Z')))).toEqual([['prework_late', meetingId, '2026-Q3']]);
    await sql(`update meetings set prework_sent_at = '2026-07-14T08:00:00Z' where id = $1`, [meetingId]);
    expect(await evaluator.candidates(p, at('2026-07-14T09:00:00Z'))).toEqual([]);
  });

  it('raises artifact overdue 24 hours after a held meeting’s day began, unless its one-pager was sent', async () => {
    const { id } = await partnership('alerts-artifact');
    await meeting(id, '2026-Q1', '2026-01-15', 'held');
    const q2 = await meeting(id, '2026-Q2', '2026-04-16', 'held');
    await sql(
      `insert into artifacts (partnership_id, quarter, current_revision, sent_at, sent_revision, last_sent_at)
       values ($1, '2026-Q1', 1, '2026-01-15T18:00:00Z', 1, '2026-01-15T18:00:00Z')`,
      [id],
    );

    expect(await evaluator.evaluate(id, at('2026-04-16T23:59:59Z'))).toEqual([]);
    const raised = await evaluator.evaluate(id, at('2026-04-17T00:00:00Z'));
    expect(brief(raised)).toEqual([['artifact_overdue', q2, '2026-Q2']]);
    expect(raised[0].message).toBe(
      'The 2026-Q2 one-pager has not been sent: the meeting was held on 2026-04-16 and it was due by 2026-04-17T00:00:00.000Z.',
    );
    expect(raised[0].details).toEqual({ meetingId: q2, quarter: '2026-Q2', heldOn: '2026-04-16', dueAt: '2026-04-17T00:00:00.000Z', artifactId: null });

    // Created but not sent: still overdue, not raised twice.
    const [{ id: artifactId }] = await sql<{ id: string }>(
      `insert into artifacts (partnership_id, quarter, current_revision) values ($1, '2026-Q2', 1) returning id`,
      [id],
    );
    expect(await evaluator.evaluate(id, at('2026-04-18T00:00:00Z'))).toEqual([]);
    const p = await t.db.dataSource.getRepository(Partnership).findOneByOrFail({ id });
    expect((await evaluator.candidates(p, at('2026-04-18T00:00:00Z'))).map((c) => c.details.artifactId)).toEqual([artifactId]);
    await sql(`update artifacts set sent_at = '2026-04-18T08:00:00Z', sent_revision = 1, last_sent_at = '2026-04-18T08:00:00Z' where id = $1`, [artifactId]);
    expect(await evaluator.candidates(p, at('2026-04-18T09:00:00Z'))).toEqual([]);
    expect(await deliveries(id)).toHaveLength(1);
  });

  it('raises sync failing after two failed runs, one alert per outage', async () => {
    const { id } = await partnership('alerts-sync');
    const conn = await connection(id, 'A', 'salesforce');
    await connection(id, 'B', 'hubspot'); // never synced, created just now: not failing
    await syncRun(conn, 'succeeded', '2026-05-10T10:00:00Z');
    await syncRun(conn, 'failed', '2026-05-10T10:30:00Z', 'TEMPORARY: 503 Service Unavailable');
    // One failure, the last success 2 hours old: not yet.
    expect(await evaluator.evaluate(id, at('2026-05-10T12:00:00Z'))).toEqual([]);

    await syncRun(conn, 'failed', '2026-05-10T11:00:00Z', 'AUTH_EXPIRED: the refresh token was revoked');
    await syncRun(conn, 'running', '2026-05-10T11:30:00Z'); // has not ended: neither a failure nor a success
    const raised = await evaluator.evaluate(id, at('2026-05-10T12:00:00Z'));
    expect(brief(raised)).toEqual([['sync_failing', conn, '2026-05-10']]);
    expect(raised[0].message).toBe(
      'The Salesforce (side A, alerts-sync vendor) sync is failing since 2026-05-10T10:30:00.000Z: its last 2 runs failed. Last error: AUTH_EXPIRED: the refresh token was revoked.',
    );
    expect(raised[0].details).toEqual({
      connectionId: conn,
      side: 'A',
      provider: 'salesforce',
      reason: 'two_failed_runs',
      failingSince: '2026-05-10T10:30:00.000Z',
      failedRuns: 2,
      lastError: 'AUTH_EXPIRED: the refresh token was revoked',
      lastSuccessAt: '2026-05-10T10:01:00.000Z',
    });

    // Still failing the next day: the same outage, no new alert.
    await sql(`update sync_runs set status = 'failed', finished_at = started_at + interval '1 minute', error = 'AUTH_EXPIRED' where status = 'running' and connection_id = $1`, [conn]);
    await syncRun(conn, 'failed', '2026-05-11T09:00:00Z', 'AUTH_EXPIRED');
    expect(await evaluator.evaluate(id, at('2026-05-11T12:00:00Z'))).toEqual([]);

    // A success ends the outage; failing again later is a new one.
    await syncRun(conn, 'succeeded', '2026-05-11T10:00:00Z');
    expect(await evaluator.evaluate(id, at('2026-05-11T12:00:00Z'))).toEqual([]);
    await syncRun(conn, 'failed', '2026-05-12T09:00:00Z', 'RATE_LIMITED');
    await syncRun(conn, 'failed', '2026-05-12T10:00:00Z', 'RATE_LIMITED');
    const again = await evaluator.evaluate(id, at('2026-05-12T12:00:00Z'));
    expect(brief(again)).toEqual([['sync_failing', conn, '2026-05-12']]);
    expect(again[0].details).toMatchObject({ failingSince: '2026-05-12T09:00:00.000Z', failedRuns: 2, lastSuccessAt: '2026-05-11T10:01:00.000Z' });
    expect((await deliveries(id)).map((d) => d.dedupe_key)).toEqual([`alert:${raised[0].id}`, `alert:${again[0].id}`]);
  });

  it('raises sync drift once per reconciliation that healed records, their ids only for their own side', async () => {
    const { fixture, id } = await partnership('alerts-drift');
    const conn = await connection(id, 'B', 'hubspot');
    const report = (healed: Record<string, number>, records: { object: string; crmId: string; kind: string }[]) => ({
      checked: { opportunities: 900, accounts: 80 },
      healed: { opportunities: { missing: 0, changed: 0, deleted: 0, merged: 0, restored: 0, purged: 0, ...healed }, accounts: { missing: 0, changed: 0, deleted: 0, merged: 0, restored: 0, purged: 0 } },
      quarantined: 0,
      records,
      truncated: false,
    });
    const reconciliation = (finishedAt: string, r: ReturnType<typeof report>) =>
      sql(
        `insert into sync_runs (connection_id, kind, status, trigger, started_at, finished_at, report)
         values ($1, 'reconcile', 'succeeded', 'schedule', $2::timestamptz - interval '1 minute', $2::timestamptz, $3::jsonb)`,
        [conn, finishedAt, JSON.stringify(r)],
      );
    await reconciliation('2026-05-09T23:00:00Z', report({}, []));
    // A reconciliation that found nothing raises nothing.
    expect(await evaluator.evaluate(id, at('2026-05-10T00:00:00Z'))).toEqual([]);

    await reconciliation('2026-05-10T23:00:04Z', report({ changed: 2, purged: 1 }, [
      { object: 'opportunity', crmId: '40000001', kind: 'changed' },
      { object: 'opportunity', crmId: '40000002', kind: 'changed' },
      { object: 'opportunity', crmId: '40000003', kind: 'purged' },
    ]));
    const raised = await evaluator.evaluate(id, at('2026-05-11T00:00:00Z'));
    expect(brief(raised)).toEqual([['sync_drift', conn, '2026-05-10T23:00:04Z']]);
    expect(raised[0].message).toBe(
      'The HubSpot (side B, alerts-drift reseller) reconciliation of 2026-05-10T23:00:04Z healed 3 records no incremental sync had read right: ' +
        '2 changed, 1 purged. The figures are exact again; side B sees the records on the Sync page.',
    );
    expect(raised[0].details).toMatchObject({ side: 'B', healed: { changed: 2, purged: 1 }, records: [{ crmId: '40000001' }, { crmId: '40000002' }, { crmId: '40000003' }] });
    // Evaluated again: the same reconciliation, no second alert; sent once.
    expect(await evaluator.evaluate(id, at('2026-05-11T01:00:00Z'))).toEqual([]);
    expect(await deliveries(id)).toHaveLength(1);

    const asB = await t.http.get('/api/partnerships/alerts-drift/alerts?kind=sync_drift').set(bearer(fixture.memberB)).expect(200);
    expect(asB.body[0].details.records.map((r: { crmId: string }) => r.crmId)).toEqual(['40000001', '40000002', '40000003']);
    const asA = await t.http.get('/api/partnerships/alerts-drift/alerts?kind=sync_drift').set(bearer(fixture.memberA)).expect(200);
    expect(asA.body[0].details.records).toEqual([]);
    expect(asA.body[0].details.healed).toEqual({ changed: 2, purged: 1 });
  });

  it('still raises the other alerts when the figures cannot be computed, then reports the failure', async () => {
    const { id } = await partnership('alerts-partial');
    const conn = await connection(id, 'A', 'hubspot');
    await syncRun(conn, 'failed', '2026-05-10T10:00:00Z', 'TEMPORARY: 502');
    await syncRun(conn, 'failed', '2026-05-10T11:00:00Z', 'TEMPORARY: 502');
    const figures = vi.spyOn(t.app.get(MetricsService), 'quarterMetrics').mockRejectedValue(new Error('figures unavailable'));
    try {
      await expect(evaluator.evaluate(id, at('2026-05-10T12:00:00Z'))).rejects.toThrow('figures unavailable');
    } finally {
      figures.mockRestore();
    }
    expect((await stored(id)).map((r) => [r.kind, r.subject, r.period])).toEqual([['sync_failing', conn, '2026-05-10']]);
    expect(await deliveries(id)).toHaveLength(1);
    expect(await evaluator.evaluate(id, at('2026-05-10T12:00:00Z'))).toEqual([]);
  });

  describe('API', () => {
    let p: PartnershipFixture;
    let id: string;
    let outsider: PartnershipFixture;
    const url = (suffix = '') => `/api/partnerships/alerts-http/alerts${suffix}`;

    beforeAll(async () => {
      ({ fixture: p, id } = await partnership('alerts-http', { notifications: { webhookUrl: 'https://hooks.example.test/services/T000/B000/s3cr3t' } }));
      outsider = await createPartnership(t, 'alerts-elsewhere');
      // Two failed runs just now: failing whatever the date the test runs on.
      const conn = await connection(id, 'B', 'hubspot');
      await sql(
        `insert into sync_runs (connection_id, status, trigger, started_at, finished_at, error) values
         ($1, 'failed', 'schedule', now() - interval '20 minutes', now() - interval '19 minutes', 'TEMPORARY: 502'),
         ($1, 'failed', 'schedule', now() - interval '10 minutes', now() - interval '9 minutes', 'TEMPORARY: 502')`,
        [conn],
      );
    });

    it('evaluates on demand for members and admins, never for viewers or outsiders', async () => {
      await t.http.post(url('/evaluate')).set(bearer(p.viewer)).expect(403);
      await t.http.post(url('/evaluate')).set(bearer(outsider.memberA)).expect(404);
      const first = (await t.http.post(url('/evaluate')).set(bearer(p.memberA)).expect(200)).body as AlertEvaluationView;
      // The period is the UTC day the outage began: the first failed run's start (yesterday, when run just after midnight).
      const [{ day }] = await sql<{ day: string }>(`select to_char(min(started_at) at time zone 'UTC', 'YYYY-MM-DD') as day from sync_runs r join crm_connections c on c.id = r.connection_id join sides s on s.id = c.side_id where s.partnership_id = $1`, [id]);
      expect(first.raised.map((a) => [a.kind, a.period])).toEqual([['sync_failing', day]]);
      const second = (await t.http.post(url('/evaluate')).set(bearer(p.admin)).expect(200)).body as AlertEvaluationView;
      expect(second.raised).toEqual([]);
      // One email and one webhook post, each queued once; the webhook's address is never in the outbox row.
      const [alert] = first.raised;
      expect((await deliveries(id)).map((d) => [d.channel, d.dedupe_key])).toEqual([
        ['email', `alert:${alert.id}`],
        ['webhook', `alert:${alert.id}`],
      ]);
      const [hook] = await sql<{ webhook_payload: { text: string; blocks: unknown[] } }>(
        `select webhook_payload from delivery_outbox where partnership_id = $1 and channel = 'webhook'`,
        [id],
      );
      expect(hook.webhook_payload.text).toBe(`*Partnership alerts-http*: CRM sync failing (${alert.period}). ${alert.message}`);
      expect(hook.webhook_payload.blocks).toHaveLength(3);
      expect(JSON.stringify(hook)).not.toContain('s3cr3t');
    });

    it('lists open alerts, acknowledges once (audited), and answers 400/403/404 as it should', async () => {
      const open = (await t.http.get(url('?open=true')).set(bearer(p.viewer)).expect(200)).body as AlertView[];
      expect(open.map((a) => a.kind)).toEqual(['sync_failing']);
      const alertId = open[0].id;

      await t.http.post(url(`/${alertId}/acknowledge`)).set(bearer(p.viewer)).expect(403);
      await t.http.post(`/api/partnerships/alerts-elsewhere/alerts/${alertId}/acknowledge`).set(bearer(outsider.memberA)).expect(404);
      await t.http.post(url(`/${alertId}/acknowledge`)).set(bearer(outsider.memberA)).expect(404);
      const acked = (await t.http.post(url(`/${alertId}/acknowledge`)).set(bearer(p.memberB)).expect(200)).body as AlertView;
      expect(acked).toMatchObject({ id: alertId, acknowledgedBy: 'user:b@alerts-http.test' });
      expect(Date.parse(acked.acknowledgedAt!)).toBeGreaterThan(Date.now() - 60_000);

      const twice = await t.http.post(url(`/${alertId}/acknowledge`)).set(bearer(p.memberA)).expect(409);
      expect(twice.body.message).toBe(`Alert ${alertId} was already acknowledged by user:b@alerts-http.test at ${acked.acknowledgedAt}`);
      const audit = await auditOf(t, alertId);
      expect(audit).toEqual([
        {
          action: 'alert.acknowledge',
          actor: 'user:b@alerts-http.test',
          before: { kind: 'sync_failing', subject: open[0].subject, period: open[0].period, acknowledgedAt: null, acknowledgedBy: null },
          after: { kind: 'sync_failing', subject: open[0].subject, period: open[0].period, acknowledgedAt: acked.acknowledgedAt, acknowledgedBy: 'user:b@alerts-http.test' },
        },
      ]);

      expect((await t.http.get(url('?open=true')).set(bearer(p.memberA)).expect(200)).body).toEqual([]);
      expect((await t.http.get(url('?open=false')).set(bearer(p.memberA)).expect(200)).body).toEqual([acked]);
      expect((await t.http.get(url('?kind=sync_failing')).set(bearer(p.memberA)).expect(200)).body).toEqual([acked]);
      expect((await t.http.get(url('?kind=at_risk')).set(bearer(p.memberA)).expect(200)).body).toEqual([]);
      // Acknowledged is not resolved: the condition still holds, but the alert is not raised again.
      expect(((await t.http.post(url('/evaluate')).set(bearer(p.memberA)).expect(200)).body as AlertEvaluationView).raised).toEqual([]);

      expect((await t.http.get(url('?open=maybe')).set(bearer(p.memberA)).expect(400)).body.issues[0]).toEqual({ field: 'open', message: 'expected true or false' });
      expect((await t.http.get(url('?kind=fire')).set(bearer(p.memberA)).expect(400)).body.issues[0].field).toBe('kind');
      await t.http.get(url('?colour=red')).set(bearer(p.memberA)).expect(400);
      await t.http.get(url()).set(bearer(outsider.memberA)).expect(404);
      expect((await t.http.post(url('/not-an-id/acknowledge')).set(bearer(p.memberA)).expect(404)).body.message).toBe('No alert not-an-id');
      await t.http.post(url('/00000000-0000-4000-8000-000000000000/acknowledge')).set(bearer(p.memberA)).expect(404);
    });
  });
});
