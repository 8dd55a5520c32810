import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

/**
 * The 5xx that issue #13's fuzzing found, one case each: every one is a 400
 * that names the field, and nothing is stored.
 */
describe('bad input is a 400 naming the field', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  const base = '/api/partnerships/bad-input';
  const ask = { fromSide: 'A', toSide: 'B', quarterRaised: '2026-Q2', text: 'Intro to three MSSP accounts' };
  const rows = async (table: string) =>
    Number((await t.db.dataSource.query<{ n: string }[]>(`select count(*) as n from ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'bad-input');
  });
  afterAll(() => t.close());

  it('%00 in a path segment names the path parameter, before the partnership is looked up', async () => {
    for (const path of ['/api/partnerships/%00', `/api/partnerships/%00/asks`, `/api/partnerships/bad%00input/metrics?quarter=2026-Q2`]) {
      const res = await t.http.get(path).set(bearer(p.admin));
      expect(res.status, path).toBe(400);
      expect(res.body.issues, path).toEqual([{ field: 'key', message: 'must not contain a NUL character (U+0000)' }]);
    }
    const motion = await t.http.get(`${base}/motions/m%00`).set(bearer(p.memberA)).expect(400);
    expect(motion.body.issues).toEqual([{ field: 'motionKey', message: 'must not contain a NUL character (U+0000)' }]);
    const ask = await t.http.patch(`${base}/asks/%00`).set(bearer(p.memberA)).send({ text: 'x' }).expect(400);
    expect(ask.body.issues[0].field).toBe('id');
  });

  it('a NUL in a body string names its path, and stores nothing', async () => {
    const before = await rows('asks');
    const text = await t.http.post(`${base}/asks`).set(bearer(p.memberA)).send({ ...ask, text: 'Intro\u0000' }).expect(400);
    expect(text.body.issues).toEqual([{ field: 'text', message: 'must not contain a NUL character (U+0000)' }]);
    const owner = await t.http.post(`${base}/asks`).set(bearer(p.memberA)).send({ ...ask, owner: '\u0000' }).expect(400);
    expect(owner.body.issues[0].field).toBe('owner');
    expect(await rows('asks')).toBe(before);

    const renamed = await t.http.patch(base).set(bearer(p.admin)).send({ name: 'Renamed\u0000' }).expect(400);
    expect(renamed.body.issues).toEqual([{ field: 'name', message: 'must not contain a NUL character (U+0000)' }]);
    const override = await t.http.post(`${base}/groups/overrides`).set(bearer(p.memberA)).send({ kind: 'link', a: 'a\u0000', b: 'b' }).expect(400);
    expect(override.body.issues[0].field).toBe('a');
    // Nested: the dotted path the zod issues use.
    const nested = await t.http
      .post(`${base}/motions`)
      .set(bearer(p.memberA))
      .send({ key: 'mssp', name: 'MSSP', owners: { A: 'Sam', B: 'Ana\u0000' }, forecasts: { '2026-Q2': 1 } })
      .expect(400);
    expect(nested.body.issues[0].field).toBe('owners.B');
    const people = [
      { name: 'Sam', email: 'sam@bad-input.test', role: 'exec' },
      { name: 'Ana\u0000', email: 'ana@bad-input.test', role: 'exec' },
    ];
    const list = await t.http.put(`${base}/sides/A`).set(bearer(p.memberA)).send({ company: 'Vendor', people }).expect(400);
    expect(list.body.issues[0].field).toBe('people[1].name');
    // A key holding a NUL would not fit in jsonb either; the field is the object holding it.
    const key = await t.http.post(`${base}/motions`).set(bearer(p.memberA)).send({ key: 'mssp', forecasts: { '2026-Q2\u0000': 1 } }).expect(400);
    expect(key.body.issues).toEqual([{ field: 'forecasts', message: 'must not contain a key with a NUL character (U+0000)' }]);
    expect((await t.http.get(base).set(bearer(p.admin)).expect(200)).body.name).toBe('Partnership bad-input');
  });

  it('a NUL in a query value names the query parameter', async () => {
    const res = await t.http.get(`${base}/metrics?quarter=2026-Q2%00`).set(bearer(p.memberA)).expect(400);
    expect(res.body.issues).toEqual([{ field: 'quarter', message: 'must not contain a NUL character (U+0000)' }]);
  });

  it('a lone UTF-16 surrogate in a body string names its path, and writes no audit row', async () => {
    const audits = await rows('audit_log');
    const res = await t.http
      .patch(base)
      .set(bearer(p.admin))
      .set('Content-Type', 'application/json')
      .send('{"name":"\\ud800x"}')
      .expect(400);
    expect(res.body.issues).toEqual([{ field: 'name', message: 'must be valid Unicode: a lone UTF-16 surrogate cannot be stored' }]);
    const low = await t.http.post(`${base}/asks`).set(bearer(p.memberA)).set('Content-Type', 'application/json').send(JSON.stringify({ ...ask, text: 'x\udc00' }));
    expect(low.status).toBe(400);
    expect(low.body.issues[0].field).toBe('text');
    // A well-formed pair (an emoji) is text like any other.
    await t.http.patch(base).set(bearer(p.admin)).send({ name: 'Partnership bad-input 🤝' }).expect(200);
    await t.http.patch(base).set(bearer(p.admin)).send({ name: 'Partnership bad-input' }).expect(200);
    expect(await rows('audit_log')).toBe(audits + 2);
  });

  it('trend quarters outside 1970–2999 name from or to, and a span over 20 quarters names to', async () => {
    const trend = (query: string) => t.http.get(`${base}/metrics/trend?${query}`).set(bearer(p.memberA));
    const early = await trend('from=0000-Q1&to=2026-Q4').expect(400);
    expect(early.body.issues).toEqual([{ field: 'from', message: 'expected a year from 1970 to 2999' }]);
    const late = await trend('from=2026-Q1&to=9999-Q4').expect(400);
    expect(late.body.issues).toEqual([{ field: 'to', message: 'expected a year from 1970 to 2999' }]);
    const both = await trend('from=0000-Q1&to=9999-Q4').expect(400);
    expect(both.body.issues.map((i: { field: string }) => i.field)).toEqual(['from', 'to']);
    const span = await trend('from=1970-Q1&to=2999-Q4').expect(400);
    expect(span.body.issues).toEqual([{ field: 'to', message: 'at most 20 quarters: 1970-Q1 to 2999-Q4 is 4120' }]);
    expect((await trend('from=2999-Q1&to=2999-Q4').expect(200)).body).toHaveLength(4);
  });

  it('a metrics quarter before 1970 is a 400, not a quarter starting in 1900', async () => {
    const res = await t.http.get(`${base}/metrics?quarter=0000-Q1`).set(bearer(p.memberA)).expect(400);
    expect(res.body.issues).toEqual([{ field: 'quarter', message: 'expected a year from 1970 to 2999' }]);
    const first = await t.http.get(`${base}/metrics?quarter=1970-Q1`).set(bearer(p.memberA)).expect(200);
    expect(first.body.quarterStart).toBe('1970-01-01T00:00:00.000Z');
  });

  // Found by the fuzz suite (api-fuzz.integration.spec.ts): PostgreSQL has no year 0, and versions are int4.
  it('a date outside 1970–2999 names the field, where year 0 reached the database', async () => {
    const before = await rows('asks');
    for (const due of ['0000-01-01', '1969-12-31', '3000-01-01']) {
      const res = await t.http.post(`${base}/asks`).set(bearer(p.memberA)).send({ ...ask, due }).expect(400);
      expect(res.body.issues, due).toEqual([{ field: 'due', message: 'expected a date from 1970-01-01 to 2999-12-31' }]);
    }
    expect(await rows('asks')).toBe(before);
    const meeting = await t.http.post(`${base}/meetings`).set(bearer(p.memberA)).send({ quarter: '2026-Q2', scheduledDate: '0000-01-01' }).expect(400);
    expect(meeting.body.issues[0].field).toBe('scheduledDate');
    await t.http.post(`${base}/asks`).set(bearer(p.memberA)).send({ ...ask, due: '2999-12-31' }).expect(201);
  });

  it('a packet version past what the database counts names version', async () => {
    const meeting = await t.http.post(`${base}/meetings`).set(bearer(p.memberA)).send({ quarter: '2026-Q3', scheduledDate: '2026-07-16' }).expect(201);
    const packet = `${base}/meetings/${meeting.body.id}/packet`;
    await t.http.post(packet).set(bearer(p.memberA)).send({}).expect(201);
    for (const suffix of ['', '.html', '.pdf']) {
      const res = await t.http.get(`${packet}${suffix}?version=2147483648`).set(bearer(p.memberA)).expect(400);
      // The error is JSON, though the route answers HTML or PDF when it succeeds.
      expect(res.headers['content-type'], suffix).toMatch(/^application\/json/);
      expect(res.body.issues).toEqual([{ field: 'version', message: 'expected a version number up to 2147483647' }]);
    }
    await t.http.get(`${packet}?version=2147483647`).set(bearer(p.memberA)).expect(404);
  });

  it('a body over 100 kB is a 413 in the one error shape, and stores nothing', async () => {
    const before = await rows('asks');
    const res = await t.http.post(`${base}/asks`).set(bearer(p.memberA)).send({ ...ask, text: 'x'.repeat(120_000) }).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: expect.any(String) });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(await rows('asks')).toBe(before);
  });
});
