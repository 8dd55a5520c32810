import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

const hookUrl = 'https://hooks.example.com/services/T0AB/B0CD/xoxb-very-secret-token';

describe('partnership calendar and notification settings', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  const url = () => `/api/partnerships/${p.key}`;
  const sealedOf = async (key: string) =>
    (await t.db.dataSource.query<{ webhook_url_sealed: string | null }[]>(`select webhook_url_sealed from partnerships where key = $1`, [key]))[0]
      .webhook_url_sealed;

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'cal-settings', {
      meeting: { rule: 'Second-Tuesday-Month-2', preworkBusinessDays: 3, holidays: ['2026-12-25', '2026-01-01', '2026-12-25'] },
      notifications: { webhookUrl: hookUrl },
    });
  });
  afterAll(() => t.close());

  it('keeps the rule normalised and the holidays sorted, once each', async () => {
    const res = await t.http.get(url()).set(bearer(p.memberB)).expect(200);
    expect(res.body.meeting).toEqual({ rule: 'second-tuesday-month-2', preworkBusinessDays: 3, holidays: ['2026-01-01', '2026-12-25'] });
  });

  it('shows only whether a webhook URL is set: sealed at rest, never returned, audited or logged', async () => {
    const res = await t.http.get(url()).set(bearer(p.memberA)).expect(200);
    expect(res.body.notifications).toEqual({ webhookUrlSet: true });
    expect(JSON.stringify(res.body)).not.toContain('very-secret');
    const sealed = await sealedOf(p.key);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('very-secret');
    const audit = await t.db.dataSource.query<{ before: unknown; after: unknown }[]>(`select before, after from audit_log`);
    expect(JSON.stringify(audit)).not.toContain('very-secret');
    expect(t.logs.text).not.toContain('very-secret');
  });

  it('changes the holidays alone, and removes the webhook with null', async () => {
    const moved = await t.http.patch(url()).set(bearer(p.memberA)).send({ meeting: { holidays: ['2027-01-01'] } }).expect(200);
    expect(moved.body.meeting).toEqual({ rule: 'second-tuesday-month-2', preworkBusinessDays: 3, holidays: ['2027-01-01'] });
    expect(moved.body.notifications).toEqual({ webhookUrlSet: true });

    const cleared = await t.http.patch(url()).set(bearer(p.memberA)).send({ notifications: { webhookUrl: null } }).expect(200);
    expect(cleared.body.notifications).toEqual({ webhookUrlSet: false });
    expect(await sealedOf(p.key)).toBeNull();
    const [partnership] = await t.db.dataSource.query<{ id: string }[]>(`select id from partnerships where key = $1`, [p.key]);
    const audit = await auditOf(t, partnership.id);
    expect(audit.filter((a) => a.action === 'partnership.webhook.update').map((a) => [a.before, a.after])).toEqual([
      [{ webhookUrlSet: false }, { webhookUrlSet: true }],
      [{ webhookUrlSet: true }, { webhookUrlSet: false }],
    ]);

    // Setting the same URL twice writes one audit row.
    await t.http.patch(url()).set(bearer(p.memberA)).send({ notifications: { webhookUrl: hookUrl } }).expect(200);
    await t.http.patch(url()).set(bearer(p.memberA)).send({ notifications: { webhookUrl: hookUrl } }).expect(200);
    expect((await auditOf(t, partnership.id)).filter((a) => a.action === 'partnership.webhook.update')).toHaveLength(3);
  });

  it('names the field of a bad rule, holiday or webhook URL', async () => {
    const cases: [Record<string, unknown>, string, string | RegExp][] = [
      [{ meeting: { rule: 'fifth-friday' } }, 'meeting.rule', /^expected a rule like third-thursday or second-tuesday-month-2/],
      [{ meeting: { rule: 'third-thursday-month-4' } }, 'meeting.rule', /^expected a rule like/],
      [{ meeting: { holidays: ['2026-02-30'] } }, 'meeting.holidays[0]', 'not a calendar date'],
      [{ meeting: { holidays: '2026-12-25' } }, 'meeting.holidays', /expected array/],
      [{ notifications: { webhookUrl: 'ftp://hooks.example.com/x' } }, 'notifications.webhookUrl', 'expected an http(s) URL'],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.http.patch(url()).set(bearer(p.memberA)).send(body).expect(400);
      expect(res.body.issues[0].field).toBe(field);
      expect(res.body.issues[0].message).toMatch(message);
    }
    const created = await t.http
      .post('/api/partnerships')
      .set(bearer(p.admin))
      .send({ key: 'cal-bad', name: 'x', currency: 'USD', meeting: { rule: 'every-thursday' }, sides: { A: { company: 'a' }, B: { company: 'b' } } })
      .expect(400);
    expect(created.body.issues.map((i: { field: string }) => i.field)).toEqual(['meeting.rule']);
  });
});
