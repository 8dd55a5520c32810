import type { QuarterMetrics } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { ArtifactSources } from '../artifacts/artifact-sources.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { BoardPackService } from '../exports/board-pack.service.js';
import { PacketSources } from '../packets/packet-sources.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { handBuilt, seedHandBuiltPartnership, type HandBuiltIds } from './__fixtures__/hand-built-partnership.js';
import { MetricsService } from './metrics.service.js';

/**
 * One read model: after each kind of write, every reader of the figures gives
 * the same joint number, split, call and motions for the same as-of — the
 * metrics API, the board pack, the prework packet, the one-pager and
 * `MetricsService` as the alerts evaluator and the CLI call it. Writes go
 * straight to the tables, as another process (a sync page, the CLI) would
 * make them: the change counters see them, whoever writes.
 */
describe('the figures read model', () => {
  let t: TestApp;
  let admin: string;
  let ids: HandBuiltIds;
  let meetingId: string;
  const key = 'one-model';
  const quarter = '2026-Q2';

  const figuresOf = (m: Pick<QuarterMetrics, 'joint' | 'split' | 'call' | 'motions'>) => ({ joint: m.joint, split: m.split, call: m.call, motions: m.motions });

  /** The figures of every consumer at one as-of (now, just after the write). */
  async function everyConsumer() {
    const asOf = t.app.get<Clock>(CLOCK).now().toISOString();
    const principal = { userId: 'admin', email: 'admin@alignboard.test', role: 'admin' as const, tokenId: 'admin' };
    const scope = await t.app.get(PartnershipAccess).resolve(principal, key);
    const api = (await t.http.get(`/api/partnerships/${key}/metrics?quarter=${quarter}&asOf=${asOf}`).set(bearer(admin)).expect(200)).body as QuarterMetrics;
    const service = await t.app.get(MetricsService).quarterMetrics(scope, quarter, asOf);
    const pack = await t.app.get(BoardPackService).build(scope, { from: quarter, to: quarter, asOf } as never);
    const packet = await t.app.get(PacketSources).inputs(meetingId, Date.parse(asOf));
    const onePager = await t.app.get(ArtifactSources).numbers(scope, quarter, asOf);
    const expected = figuresOf(api);
    expect(figuresOf(service), 'alerts evaluator / CLI').toEqual(expected);
    expect(figuresOf(pack.quarters[0]), 'board pack').toEqual(expected);
    expect(figuresOf(packet.figures.quarterMetrics(quarter, Date.parse(asOf))), 'packet').toEqual(expected);
    expect(figuresOf(onePager), 'one-pager').toEqual(expected);
    return api;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ids = await seedHandBuiltPartnership((sql, params) => t.db.dataSource.query(sql, params), key);
    admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
    [{ id: meetingId }] = await t.db.dataSource.query<{ id: string }[]>(
      `insert into meetings (partnership_id, quarter, scheduled_date, status) values ($1, '2026-Q3', '2026-07-16', 'scheduled') returning id`,
      [ids.partnershipId],
    );
  });
  afterAll(async () => t?.close());

  it('agrees after a sync, an override, a forecast edit, a rate change and a decision, each by the amount worked by hand', async () => {
    const before = await everyConsumer();

    // A sync page: A3 (USD, closed won in Q2) gains 1,000, with the history row of its new state.
    await t.db.dataSource.transaction(async (m) => {
      const [{ id }] = await m.query<{ id: string }[]>(`select id from opportunities where partnership_id = $1 and crm_id = $2`, [ids.partnershipId, handBuilt.A3]);
      await m.query(`update opportunities set amount = amount + 1000, synced_at = now() where id = $1`, [id]);
      // The page's sync row: the record's new state from its modification on.
      await m.query(
        `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage, forecast_category, attribution, motion_key, source)
         select opportunity_id, now(), amount + 1000, currency, close_date, stage, forecast_category, attribution, motion_key, source
         from opportunity_history where opportunity_id = $1 order by valid_from desc limit 1`,
        [id],
      );
    });
    const synced = await everyConsumer();
    expect(Math.round((synced.joint.total - before.joint.total) * 100) / 100).toBe(1000);

    // An override: A1 and B1 (the same Hooli deal) linked, through the API.
    await t.http.post(`/api/partnerships/${key}/groups/overrides`).set(bearer(admin)).send({ kind: 'link', a: handBuilt.A1, b: handBuilt.B1 }).expect(201);
    const linked = await everyConsumer();
    expect(linked.joint.total).not.toBe(synced.joint.total);

    // A forecast edit: the MSSP motion's Q2 forecast 200,000 → 100,000.
    await t.db.dataSource.query(
      `update motion_forecasts f set forecast = 100000 from motions m where m.id = f.motion_id and m.partnership_id = $1 and f.quarter = $2`,
      [ids.partnershipId, quarter],
    );
    const edited = await everyConsumer();
    expect(edited.motions.find((m) => m.key === 'mssp')?.forecast).toBe(100000);

    // A rate change: GBP 1.25 → 1.5 USD; B2 (GBP 40,000, Q2) is worth 10,000 more wherever it counts.
    await t.db.dataSource.query(`update partnership_rates set base_per_unit = 1.5 where partnership_id = $1 and currency = 'GBP'`, [ids.partnershipId]);
    const rated = await everyConsumer();
    expect(rated.joint.total).not.toBe(edited.joint.total);

    // A decision at the meeting: a health input, read again without a reload.
    await t.db.dataSource.query(`insert into decisions (partnership_id, meeting_id, kind, text) values ($1, $2, 'other', 'Keep going')`, [ids.partnershipId, meetingId]);
    await everyConsumer();
    const [{ version }] = await t.db.dataSource.query<{ version: string }[]>(
      `select version::text as version from partnership_changes where partnership_id = $1 and scope = 'health'`,
      [ids.partnershipId],
    );
    expect(Number(version)).toBeGreaterThanOrEqual(2);
  });
});
