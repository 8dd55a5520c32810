import { simpleParser, type ParsedMail } from 'mailparser';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGGER } from '../app/app.tokens.js';
import { CLOCK } from '../clock/clock.js';
import { JobEngine } from '../jobs/job-engine.js';
import { PartnershipsService } from '../partnerships/partnerships.service.js';
import { bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { DeliveryService } from './delivery.service.js';
import { DeliveryWorker } from './delivery.worker.js';
import { MailSender, smtpNotConfigured } from './mail-sender.js';
import type { OutgoingMessage } from './outgoing-message.js';

/** A real SMTP server on loopback that requires the password and keeps what it receives. */
class LocalSmtp {
  readonly received: { from: string; to: string[]; user: string; mail: ParsedMail }[] = [];
  private readonly server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, done) =>
      auth.username === 'alice' && auth.password === 'p@ss w0rd' ? done(null, { user: auth.username }) : done(new Error('Invalid username or password')),
    onData: (stream, session, done) => {
      simpleParser(stream)
        .then((mail) => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: String(session.user),
            mail,
          });
          done();
        })
        .catch(done);
    },
  });
  port = 0;

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server.server, 'listening');
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A webhook receiver on loopback that answers each POST with the next scripted status (then 200). */
class LocalWebhook {
  readonly posts: { path: string; status: number; body: unknown }[] = [];
  script: number[] = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const status = this.script.shift() ?? 200;
      this.posts.push({ path: req.url ?? '', status, body: JSON.parse(body) });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
    });
  });
  url = '';

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const minute = 60_000;

describe('delivery outbox', () => {
  let t: TestApp;
  let smtp: LocalSmtp;
  let hook: LocalWebhook;
  /** The worker of a process with SMTP configured (the app's own has none). */
  let worker: DeliveryWorker;
  let smtpSender: MailSender;
  let delivery: DeliveryService;

  const secretPath = '/services/T0001/B0002/hook-s3cret-token';

  beforeAll(async () => {
    t = await createTestApp();
    smtp = new LocalSmtp();
    hook = new LocalWebhook();
    await Promise.all([smtp.start(), hook.start()]);
    smtpSender = new MailSender({
      ALIGNBOARD_SMTP_URL: `smtp://alice:${encodeURIComponent('p@ss w0rd')}@127.0.0.1:${smtp.port}`,
      ALIGNBOARD_MAIL_FROM: 'Alignboard <noreply@alignboard.test>',
    });
    worker = workerWith(smtpSender);
    delivery = t.app.get(DeliveryService);
  });
  afterAll(async () => {
    smtpSender.close();
    await t.close();
    await Promise.all([smtp.close(), hook.close()]);
  });

  const workerWith = (mail: MailSender) =>
    new DeliveryWorker(false, t.app.get(LOGGER), t.db.dataSource, t.app.get(JobEngine), t.app.get(PartnershipsService), mail, t.app.get(CLOCK));

  const partnershipId = async (key: string) =>
    (await t.db.dataSource.query<{ id: string }[]>(`select id from partnerships where key = $1`, [key]))[0].id;

  const message = (pid: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    partnershipId: pid,
    kind: 'packet',
    dedupeKey: 'packet:m1:1',
    subject: 'Prework: Q2 2026 alignment meeting on 2026-04-16',
    html: '<h1>Prework</h1><p>Joint number: $1,250,000</p>',
    text: 'Prework\nJoint number: $1,250,000',
    to: [],
    ...overrides,
  });

  const enqueue = (m: OutgoingMessage) => t.db.dataSource.transaction((manager) => delivery.enqueue(manager, m));

  const list = async (p: PartnershipFixture) =>
    (await t.http.get(`/api/partnerships/${p.key}/deliveries`).set(bearer(p.memberA)).expect(200)).body as {
      channel: string;
      status: string;
      attempts: number;
      lastError: string | null;
      nextAttemptAt: string | null;
      sentAt: string | null;
      recipients: string[];
      attachments: unknown[];
    }[];

  it('emails the message, recipients, subject and PDF through a real SMTP server, and posts the webhook', async () => {
    const p = await createPartnership(t, 'deliver-mail', { notifications: { webhookUrl: `${hook.url}${secretPath}` } });
    const pid = await partnershipId(p.key);
    const queued = await enqueue(
      message(pid, {
        to: ['Dana@Cobalt.example', 'sam@northgate.example', 'dana@cobalt.example'],
        attachments: [{ filename: 'prework-2026-Q2.pdf', contentType: 'application/pdf', content: pdf }],
        webhook: { text: 'Prework for 2026-Q2 is out', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Prework*' } }] },
      }),
    );
    expect(queued.email).not.toBeNull();
    expect(queued.webhook).not.toBeNull();

    const now = new Date(Date.now() + minute);
    expect(await worker.deliverDue({ now })).toEqual({ sent: 2, retrying: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const [got] = smtp.received;
    expect(got.user).toBe('alice');
    expect(got.from).toBe('noreply@alignboard.test');
    expect(got.to).toEqual(['dana@cobalt.example', 'sam@northgate.example']); // lower-cased, once each
    expect(got.mail.subject).toBe('Prework: Q2 2026 alignment meeting on 2026-04-16');
    expect(got.mail.text?.trim()).toBe('Prework\nJoint number: $1,250,000');
    expect(got.mail.html).toContain('<p>Joint number: $1,250,000</p>');
    expect(got.mail.attachments).toHaveLength(1);
    expect(got.mail.attachments[0]).toMatchObject({ filename: 'prework-2026-Q2.pdf', contentType: 'application/pdf' });
    expect(Buffer.compare(got.mail.attachments[0].content, pdf)).toBe(0);

    expect(hook.posts).toHaveLength(1);
    expect(hook.posts[0]).toEqual({
      path: secretPath,
      status: 200,
      body: { text: 'Prework for 2026-Q2 is out', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Prework*' } }] },
    });

    const rows = await list(p);
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.lastError, r.nextAttemptAt, r.sentAt])).toEqual([
      ['email', 'sent', 1, null, null, now.toISOString()],
      ['webhook', 'sent', 1, null, null, now.toISOString()],
    ]);
    expect(rows[0]).toMatchObject({
      recipients: ['dana@cobalt.example', 'sam@northgate.example'],
      attachments: [{ filename: 'prework-2026-Q2.pdf', contentType: 'application/pdf', bytes: pdf.length }],
    });
    expect(JSON.stringify(rows)).not.toContain('s3cret');
    expect(t.logs.text).not.toContain('s3cret');
    expect(t.logs.text).not.toContain('p@ss');
  });

  it('retries a failing webhook with backoff: delivered on the third attempt, nothing lost, nothing sent twice', async () => {
    const p = await createPartnership(t, 'deliver-retry', { notifications: { webhookUrl: `${hook.url}${secretPath}` } });
    const pid = await partnershipId(p.key);
    hook.posts.length = 0;
    hook.script = [500, 500];
    await enqueue(message(pid, { kind: 'alert', dedupeKey: 'alert:kill:2026-Q1', subject: 'Kill candidate: mssp-upsell', to: [] }));

    const t0 = new Date(Date.now() + minute);
    expect(await worker.deliverDue({ now: t0 })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [row] = await list(p);
    expect(row).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 1, lastError: 'webhook answered 500: boom' });
    expect(row.nextAttemptAt).toBe(new Date(t0.getTime() + minute).toISOString()); // 1 minute after the first failure

    // Not due yet: nothing is posted.
    expect(await worker.deliverDue({ now: new Date(t0.getTime() + 59_000) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(hook.posts).toHaveLength(1);

    const t1 = new Date(t0.getTime() + minute);
    expect(await worker.deliverDue({ now: t1 })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    [row] = await list(p);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row.nextAttemptAt).toBe(new Date(t1.getTime() + 2 * minute).toISOString()); // then 2 minutes

    const t2 = new Date(t1.getTime() + 2 * minute);
    expect(await worker.deliverDue({ now: t2 })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    [row] = await list(p);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null, sentAt: t2.toISOString(), nextAttemptAt: null });

    // Later passes find nothing: the receiver saw exactly three posts of the same payload, one accepted.
    expect(await worker.deliverDue({ now: new Date(t2.getTime() + 60 * minute) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(hook.posts.map((x) => x.status)).toEqual([500, 500, 200]);
    expect(new Set(hook.posts.map((x) => JSON.stringify(x.body))).size).toBe(1);
    expect(hook.posts[0].body).toEqual({ text: 'Kill candidate: mssp-upsell\nPrework\nJoint number: $1,250,000' });
  });

  it('ignores a second enqueue of the same message, per channel', async () => {
    const p = await createPartnership(t, 'deliver-dedupe', { notifications: { webhookUrl: `${hook.url}${secretPath}` } });
    const pid = await partnershipId(p.key);
    smtp.received.length = 0;
    hook.posts.length = 0;
    const m = message(pid, {
      dedupeKey: 'artifact:2026-Q2:sent',
      kind: 'artifact',
      to: ['dana@cobalt.example'],
      attachments: [{ filename: 'one-pager.pdf', contentType: 'application/pdf', content: pdf }],
    });
    const first = await enqueue(m);
    const second = await enqueue({ ...m, subject: 'a different subject, same key' });
    expect(first.email && first.webhook).toBeTruthy();
    expect(second).toEqual({ email: null, webhook: null });

    const [counts] = await t.db.dataSource.query<{ rows: number; attachments: number }[]>(
      `select count(*)::int as rows, (select count(*)::int from delivery_attachments a join delivery_outbox d on d.id = a.delivery_id where d.partnership_id = $1) as attachments
       from delivery_outbox where partnership_id = $1`,
      [pid],
    );
    expect(counts).toEqual({ rows: 2, attachments: 1 });

    await worker.deliverDue({ now: new Date(Date.now() + minute) });
    expect(smtp.received.map((r) => r.mail.subject)).toEqual([m.subject]);
    expect(hook.posts).toHaveLength(1);
  });

  it('keeps email pending while SMTP is not configured, and sends it once it is', async () => {
    const p = await createPartnership(t, 'deliver-nosmtp');
    const pid = await partnershipId(p.key);
    smtp.received.length = 0;
    const queued = await enqueue(message(pid, { dedupeKey: 'packet:m2:1', to: ['finance@northgate.example'] }));
    expect(queued.webhook).toBeNull(); // no webhook URL on this partnership

    const unconfigured = t.app.get(DeliveryWorker); // the test app's env has no ALIGNBOARD_SMTP_URL
    for (let i = 0; i < 3; i++) {
      expect(await unconfigured.deliverDue({ now: new Date(Date.now() + (i + 1) * 60 * minute) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    }
    const [waiting] = await list(p);
    expect(waiting).toMatchObject({ channel: 'email', status: 'pending', attempts: 0, lastError: smtpNotConfigured });

    expect(await worker.deliverDue({ now: new Date(Date.now() + minute) })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((r) => r.to)).toEqual([['finance@northgate.example']]);
    const [sent] = await list(p);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('lets two workers on one database share the outbox without sending anything twice', async () => {
    const p = await createPartnership(t, 'deliver-two', { notifications: { webhookUrl: `${hook.url}${secretPath}` } });
    const pid = await partnershipId(p.key);
    hook.posts.length = 0;
    hook.script = [];
    for (let i = 1; i <= 6; i++) await enqueue(message(pid, { dedupeKey: `alert:${i}`, kind: 'alert', webhook: { text: `alert ${i}` } }));

    const now = new Date(Date.now() + minute);
    const other = workerWith(smtpSender);
    const passes = await Promise.all([worker.deliverDue({ now, limit: 4 }), other.deliverDue({ now, limit: 4 })]);
    expect(passes[0].sent + passes[1].sent).toBe(6);
    expect(hook.posts.map((x) => (x.body as { text: string }).text).sort()).toEqual(['alert 1', 'alert 2', 'alert 3', 'alert 4', 'alert 5', 'alert 6']);
    expect((await list(p)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('gives up after ten failed attempts and keeps the delivery listed as failed', async () => {
    const p = await createPartnership(t, 'deliver-fail', { notifications: { webhookUrl: `${hook.url}${secretPath}` } });
    const pid = await partnershipId(p.key);
    hook.posts.length = 0;
    hook.script = Array.from({ length: 12 }, () => 503);
    await enqueue(message(pid, { dedupeKey: 'alert:overdue', kind: 'alert' }));

    const t0 = Date.now() + minute;
    const outcomes: string[] = [];
    // Two hours apart: every retry is due (the longest wait is one hour).
    for (let i = 0; i < 11; i++) {
      const pass = await worker.deliverDue({ now: new Date(t0 + i * 120 * minute) });
      outcomes.push(pass.failed ? 'failed' : pass.retrying ? 'retrying' : 'idle');
    }
    expect(outcomes).toEqual([...Array(9).fill('retrying'), 'failed', 'idle']);
    expect(hook.posts).toHaveLength(10);
    const [row] = await list(p);
    expect(row).toMatchObject({ status: 'failed', attempts: 10, lastError: 'webhook answered 503: boom', nextAttemptAt: null });
    hook.script = [];
  });

  it('stores errors without the webhook URL, and lets viewers read the list but not outsiders', async () => {
    const p = await createPartnership(t, 'deliver-down', { notifications: { webhookUrl: 'http://127.0.0.1:9/hooks/T9/B9/zz-secret-zz' } });
    const pid = await partnershipId(p.key);
    await enqueue(message(pid, { dedupeKey: 'alert:down', kind: 'alert' }));
    await worker.deliverDue({ now: new Date(Date.now() + minute) });
    const rows = (await t.http.get(`/api/partnerships/${p.key}/deliveries`).query({ kind: 'alert' }).set(bearer(p.viewer)).expect(200)).body;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(rows[0].lastError).toMatch(/fetch failed/);
    expect(JSON.stringify(rows)).not.toContain('zz-secret-zz');
    expect(t.logs.text).not.toContain('zz-secret-zz');

    const bad = await t.http.get(`/api/partnerships/${p.key}/deliveries`).query({ status: 'lost' }).set(bearer(p.viewer)).expect(400);
    expect(bad.body.issues[0].field).toBe('status');
    const outsider = await createPartnership(t, 'deliver-outsider');
    await t.http.get(`/api/partnerships/${p.key}/deliveries`).set(bearer(outsider.memberA)).expect(404);
  });
});
