import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { createApp } from '../app/create-app.js';
import { loadEnv } from '../config/env.js';
import { connect, type Database } from '../database/database.js';
import { createLogger } from '../logging/logger.js';
import { seedPacketPartnership, type PacketFixtureIds } from './__fixtures__/packet-partnership.js';
import { PacketScheduler } from './packet.scheduler.js';

/**
 * Two API processes on one database, each with its own Nest application and
 * scheduler. On PostgreSQL the second has its own connection pool; the
 * embedded database serves a single connection, so there the two share it
 * (and their transactions take turns on it, as two processes' would on a
 * one-connection server).
 */
async function secondInstance(t: TestApp): Promise<{ app: INestApplication; close(): Promise<void> }> {
  const database: Database =
    t.db.kind === 'postgres' ? await connect(t.db.url, null, false, 2) : { ...t.db, close: async () => undefined };
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'error', ALIGNBOARD_SECRET_KEY: t.secretKey.toString('hex') });
  const app = await createApp({ env, database, secretKey: t.secretKey, logger: createLogger(env, t.logs) });
  return {
    app,
    // Nest destroys the data source it was given; the first app and the test database then find it closed.
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * M2 of the fixture is on Thursday 2026-04-16 with 3 business days of
 * prework lead, and Tuesday 2026-04-14 is a holiday of the partnership:
 * 04-15 (1), 04-14 skipped, 04-13 (2), Friday 04-10 (3). Prework is due on
 * 2026-04-10. The other meetings are held or cancelled, and in the past.
 */
describe('prework packet scheduler', () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof secondInstance>>;
  let fx: PacketFixtureIds;

  beforeAll(async () => {
    t = await createTestApp();
    second = await secondInstance(t);
    fx = await seedPacketPartnership((sql, params) => t.db.dataSource.query(sql, params), 'packet-cron', { holidays: ['2026-04-14'] });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const packets = () =>
    t.db.dataSource.query<{ version: number; trigger: string; generated_by: string; as_of: Date; generated_at: Date }[]>(
      `select version, trigger, generated_by, as_of, generated_at from prework_packets where meeting_id = $1 order by version`,
      [fx.meetings.M2],
    );

  it('waits for the prework date, holidays respected', async () => {
    const outcome = await t.app.get(PacketScheduler).tick(Date.parse('2026-04-09T23:59:59Z'));
    expect(outcome).toEqual({ generated: [], alreadySent: [], failed: [] });
    expect(await packets()).toEqual([]);
  });

  it('stores and sends exactly one packet when two processes tick at once', async () => {
    const now = Date.parse('2026-04-10T00:00:00Z');
    const [a, b] = await Promise.all([t.app.get(PacketScheduler).tick(now), second.app.get(PacketScheduler).tick(now)]);
    // Both found the meeting due and built a packet; the one that locked the meeting second found its prework sent.
    expect([...a.generated, ...b.generated]).toHaveLength(1);
    expect([...a.alreadySent, ...b.alreadySent]).toEqual([fx.meetings.M2]);
    expect([...a.failed, ...b.failed]).toEqual([]);

    expect(await packets()).toEqual([
      { version: 1, trigger: 'schedule', generated_by: 'schedule', as_of: new Date(now), generated_at: new Date(now) },
    ]);
    const [meeting] = await t.db.dataSource.query<{ prework_sent_at: Date }[]>(`select prework_sent_at from meetings where id = $1`, [fx.meetings.M2]);
    expect(meeting.prework_sent_at).toEqual(new Date(now));
    const outbox = await t.db.dataSource.query<{ channel: string; dedupe_key: string; recipients: string[]; attachments: number }[]>(
      `select d.channel, d.dedupe_key, d.recipients, (select count(*)::int from delivery_attachments a where a.delivery_id = d.id) as attachments
       from delivery_outbox d where d.partnership_id = $1`,
      [fx.partnershipId],
    );
    expect(outbox).toEqual([
      {
        channel: 'email',
        dedupe_key: `packet:${fx.meetings.M2}:1`,
        recipients: ['dana@cobalt.example', 'lee@cobalt.example', 'sam@northgate.example'],
        attachments: 1,
      },
    ]);
  });

  it('does nothing more at later ticks, in either process', async () => {
    const later = Date.parse('2026-04-10T01:00:00Z');
    const outcomes = [await t.app.get(PacketScheduler).tick(later), await second.app.get(PacketScheduler).tick(later)];
    expect(outcomes).toEqual([
      { generated: [], alreadySent: [], failed: [] },
      { generated: [], alreadySent: [], failed: [] },
    ]);
    expect(await packets()).toHaveLength(1);
  });

  it('sends a late prework at the next tick, up to the meeting day, and never for a cancelled meeting', async () => {
    const q = (sql: string, params?: unknown[]) => t.db.dataSource.query(sql, params);
    const late = await seedPacketPartnership(q, 'packet-cron-late');
    const cancelled = await seedPacketPartnership(q, 'packet-cron-cancelled');
    await q(`update meetings set status = 'cancelled', cancelled_by = 'A' where id = $1`, [cancelled.meetings.M2]);

    // The meeting day itself (04-16): the prework date (04-13) has passed and nothing was sent.
    const outcome = await t.app.get(PacketScheduler).tick(Date.parse('2026-04-16T08:00:00Z'));
    expect(outcome.generated).toHaveLength(1);
    const rows = await t.db.dataSource.query<{ meeting_id: string }[]>(`select meeting_id from prework_packets where meeting_id = any($1::uuid[])`, [
      [late.meetings.M2, cancelled.meetings.M2],
    ]);
    expect(rows).toEqual([{ meeting_id: late.meetings.M2 }]);

    // The day after, a meeting that never got its prework is past helping.
    const after = await seedPacketPartnership(q, 'packet-cron-after');
    expect((await t.app.get(PacketScheduler).tick(Date.parse('2026-04-17T00:00:00Z'))).generated).toEqual([]);
    const none = await t.db.dataSource.query(`select 1 from prework_packets where meeting_id = $1`, [after.meetings.M2]);
    expect(none).toEqual([]);
  });
});
