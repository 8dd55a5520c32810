import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { packetFixture, seedPacketPartnership, type PacketFixtureIds } from './__fixtures__/packet-partnership.js';
import { pdfText } from './__fixtures__/pdf-text.js';

/** supertest's parser for a binary body: the response stream, collected into one Buffer. */
const binary = (res: unknown, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('prework packets API', () => {
  let t: TestApp;
  let fx: PacketFixtureIds;
  let member: { A: string; B: string; viewer: string };
  let other: PartnershipFixture;
  const key = 'packet-api';
  const url = (path = '') => `/api/partnerships/${key}/meetings/${fx.meetings.M2}/packet${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedPacketPartnership((sql, params) => t.db.dataSource.query(sql, params), key);
    member = {
      A: await t.token({ email: 'dana@packet-api.test', role: 'member', partnership: key, side: 'A' }),
      B: await t.token({ email: 'sam@packet-api.test', role: 'member', partnership: key, side: 'B' }),
      viewer: await t.token({ email: 'viewer@packet-api.test', role: 'viewer', partnership: key, side: 'A' }),
    };
    other = await createPartnership(t, 'packet-other');
  });
  afterAll(() => t.close());

  it('generates a version as of an instant, and serves it as JSON, HTML and PDF', async () => {
    await t.http.get(url()).set(bearer(member.A)).expect(404);

    const created = await t.http.post(url()).set(bearer(member.A)).send({ asOf: '2026-04-13T08:00:00+02:00' }).expect(201);
    expect(created.body).toMatchObject({
      meetingId: fx.meetings.M2,
      quarter: '2026-Q2',
      version: 1,
      asOf: packetFixture.asOf, // 08:00+02:00 is 06:00Z
      generatedBy: 'user:dana@packet-api.test',
      trigger: 'manual',
    });
    // The figures of the fixture's hand-checked packet (see packet-content.integration.spec.ts).
    expect(created.body.content.number.current.joint.total).toBe(219000);
    expect(created.body.content.number.ended.joint.total).toBe(120000);

    const read = await t.http.get(url()).set(bearer(member.viewer)).expect(200);
    expect(read.body).toEqual(created.body);

    const html = await t.http.get(url('.html')).set(bearer(member.B)).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html.text).toMatch(/^<!doctype html>/);
    expect(html.text).toContain('USD 219,000'); // the joint number of 2026-Q2
    expect(html.text).toContain('Co-sell playbook &lt;draft&gt;'); // people's text is escaped, never markup
    expect(html.text).not.toContain('<draft>');
    expect(html.text).not.toMatch(/<script|<link|src="http/);
    expect(html.text.match(/<section class="motion">/g)).toHaveLength(2);
    expect(html.text.match(/<svg /g)).toHaveLength(2);

    const pdf = await t.http.get(url('.pdf')).set(bearer(member.B)).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('inline; filename="prework-packet-api-2026-Q2-v1.pdf"');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(bytes);
    expect(text).toMatch(/Joint number\s+USD 120,000\s+USD 219,000/);
    expect(text).toContain('Motion: Cloud migration');
    expect(text).toContain('Kill candidate: produced 4.0% of forecast in an ended quarter, under the 5.0% kill threshold');
    expect(text).toContain('Stark via Northgate (Stark Industries)');
    // Side A shares no deal names: its names stay out of the packet both sides receive.
    expect(text).not.toContain('Stark firewall');
    expect(html.text).not.toContain('Stark firewall');
  });

  it('keeps every version: a regeneration is the next one, and ?version= reads an older one', async () => {
    const second = await t.http.post(url()).set(bearer(member.B)).send({}).expect(201);
    expect(second.body).toMatchObject({ version: 2, trigger: 'manual', generatedBy: 'user:sam@packet-api.test' });
    // Now is past every change of the fixture, K3's delivery on 04-20 included.
    expect(second.body.content.asks.find((a: { id: string }) => a.id === fx.asks.K3).status).toBe('delivered');

    expect((await t.http.get(url()).set(bearer(member.A)).expect(200)).body.version).toBe(2);
    const first = await t.http.get(url()).query({ version: 1 }).set(bearer(member.A)).expect(200);
    expect(first.body.asOf).toBe(packetFixture.asOf);
    expect(first.body.content.asks.find((a: { id: string }) => a.id === fx.asks.K3).status).toBe('open');
    await t.http.get(url('.html')).query({ version: 1 }).set(bearer(member.A)).expect(200);
    const missing = await t.http.get(url()).query({ version: 9 }).set(bearer(member.A)).expect(404);
    expect(missing.body.message).toBe(`Meeting ${fx.meetings.M2} has no prework packet version 9`);

    const list = await t.http.get(`/api/partnerships/${key}/packets`).set(bearer(member.viewer)).expect(200);
    expect(list.body.map((p: { version: number }) => p.version)).toEqual([2, 1]);
    expect(list.body[1]).toMatchObject({ meetingId: fx.meetings.M2, quarter: '2026-Q2', asOf: packetFixture.asOf, trigger: 'manual' });
    expect(list.body[1].pdfBytes).toBeGreaterThan(1000);
    const ofM1 = await t.http.get(`/api/partnerships/${key}/packets`).query({ meetingId: fx.meetings.M1 }).set(bearer(member.A)).expect(200);
    expect(ofM1.body).toEqual([]);

    const audit = await t.db.dataSource.query<{ action: string; after: { version: number } }[]>(
      `select action, after from audit_log where entity_type = 'prework_packet' order by id`,
    );
    expect(audit.map((a) => [a.action, a.after.version])).toEqual([['meeting.prework_packet', 1], ['meeting.prework_packet', 2]]);
  });

  it('sends a version to both sides on request, recording the first send on the meeting', async () => {
    const sent = await t.http.post(url()).set(bearer(member.A)).send({ send: true }).expect(201);
    expect(sent.body.version).toBe(3);
    const outbox = await t.db.dataSource.query<{ channel: string; dedupe_key: string; recipients: string[]; kind: string }[]>(
      `select channel, dedupe_key, recipients, kind from delivery_outbox where partnership_id = $1`,
      [fx.partnershipId],
    );
    // No webhook is configured: email only, to every attendee of M2 who has an address.
    expect(outbox).toEqual([
      { channel: 'email', dedupe_key: `packet:${fx.meetings.M2}:3`, recipients: ['dana@cobalt.example', 'lee@cobalt.example', 'sam@northgate.example'], kind: 'packet' },
    ]);
    const [attachment] = await t.db.dataSource.query<{ filename: string; content_type: string; content: Buffer }[]>(
      `select a.filename, a.content_type, a.content from delivery_attachments a join delivery_outbox d on d.id = a.delivery_id where d.partnership_id = $1`,
      [fx.partnershipId],
    );
    expect([attachment.filename, attachment.content_type]).toEqual(['prework-packet-api-2026-Q2-v3.pdf', 'application/pdf']);
    expect(pdfText(attachment.content)).toContain('USD 219,000');

    const meeting = await t.http.get(`/api/partnerships/${key}/meetings/${fx.meetings.M2}`).set(bearer(member.A)).expect(200);
    expect(meeting.body.preworkSentAt).toBe(sent.body.generatedAt);
    const audit = await auditOf(t, fx.meetings.M2);
    expect(audit.at(-1)).toMatchObject({ action: 'meeting.update', before: { preworkSentAt: null }, after: { preworkSentAt: sent.body.generatedAt } });
  });

  it('rejects bad input naming the field, and keeps viewers and other partnerships out', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ asOf: '2026-04-13' }, 'asOf', 'expected an ISO 8601 instant like 2026-04-13T09:00:00Z'],
      [{ asOf: '2999-01-01T00:00:00Z' }, 'asOf', 'must not be in the future: a packet shows data as it stood'],
      [{ send: 'yes' }, 'send', 'expected true or false'],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.http.post(url()).set(bearer(member.A)).send(body).expect(400);
      expect(res.body.issues[0]).toEqual({ field, message });
    }
    const unknown = await t.http.post(url()).set(bearer(member.A)).send({ version: 2 }).expect(400);
    expect(unknown.body.message).toContain('"version"');
    for (const version of ['0', 'two', '1.5']) {
      const res = await t.http.get(url()).query({ version }).set(bearer(member.A)).expect(400);
      expect(res.body.issues[0].field).toBe('version');
    }
    const badList = await t.http.get(`/api/partnerships/${key}/packets`).query({ meetingId: 'nope' }).set(bearer(member.A)).expect(400);
    expect(badList.body.issues[0]).toEqual({ field: 'meetingId', message: 'expected a meeting id (UUID)' });

    const viewer = await t.http.post(url()).set(bearer(member.viewer)).send({}).expect(403);
    expect(viewer.body.message).toBe('Viewer tokens are read-only');

    // Another partnership's members see neither the meeting nor its packet, by either key.
    for (const path of ['', '.html', '.pdf']) await t.http.get(url(path)).set(bearer(other.memberA)).expect(404);
    await t.http.post(url()).set(bearer(other.memberA)).send({}).expect(404);
    const viaOwnKey = await t.http.get(`/api/partnerships/${other.key}/meetings/${fx.meetings.M2}/packet`).set(bearer(other.memberA)).expect(404);
    expect(viaOwnKey.body.message).toBe(`No meeting ${fx.meetings.M2} in partnership ${other.key}`);
    await t.http.get(`/api/partnerships/${key}/meetings/not-a-uuid/packet`).set(bearer(member.A)).expect(404);
  });

  it('refuses to send the packet of a cancelled meeting', async () => {
    const res = await t.http.post(`/api/partnerships/${key}/meetings/${fx.meetings.M1c}/packet`).set(bearer(member.A)).send({ send: true }).expect(409);
    expect(res.body.message).toBe(`Meeting ${fx.meetings.M1c} was cancelled; its packet is not sent`);
  });

  it('publishes the packet routes in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs/openapi.json').expect(200)).body;
    for (const path of ['/packet', '/packet.html', '/packet.pdf']) expect(doc.paths).toHaveProperty([`/api/partnerships/{key}/meetings/{id}${path}`]);
    expect(doc.paths).toHaveProperty(['/api/partnerships/{key}/packets']);
  });
});
