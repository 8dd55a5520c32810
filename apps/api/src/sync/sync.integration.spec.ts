import type { DealPlan, HubspotSimulator, SalesforceSimulator } from '@alignboard/connectors';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { cliActor } from '../auth/principal.js';
import { startDemoCrms, type DemoCrms } from '../cli/demo/demo-crms.js';
import { ApplyPartnershipService } from '../partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../partnership-file/partnership-file.loader.js';
import { CLOCK } from '../clock/clock.js';
import { LOGGER } from '../app/app.tokens.js';
import { SecretBox } from '../crypto/secret-box.js';
import { ConnectorFactory } from './connector-factory.js';
import { SyncScheduler } from './sync.scheduler.js';
import { SyncService, type SyncOptions } from './sync.service.js';

const examples = new URL('../../../../examples/', import.meta.url);
const values = parseEnv(readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')) as Record<string, string>;
const planNow = new Date('2026-11-23T12:00:00Z');
// Edits made by the tests are stamped with the real clock; the window must reach past them.
const options = (over: Partial<SyncOptions> = {}): SyncOptions => ({
  trigger: 'cli',
  connector: { now: () => new Date(Date.now() + 120_000), retryBaseMs: 5 },
  ...over,
});

describe('sync: real CRM clients ↔ simulators ↔ database', () => {
  let crms: DemoCrms;
  let plan: DealPlan;
  let sf: SalesforceSimulator;
  let hs: HubspotSimulator;
  let t: TestApp;
  let sync: SyncService;
  let connection: { A: string; B: string };
  const q = <T>(sql: string, params: unknown[] = []) => t.db.dataSource.query<T[]>(sql, params);

  beforeAll(async () => {
    crms = await startDemoCrms(values, { now: planNow, perSide: 160, seed: 11, usualPorts: false });
    ({ plan, salesforce: sf, hubspot: hs } = crms);
    t = await createTestApp();
    const text = readFileSync(new URL('cobalt-northgate.yaml', examples), 'utf8');
    await t.app.get(ApplyPartnershipService).apply(
      parsePartnershipFile(text, { ...values, SF_LOGIN_URL: sf.url, HUBSPOT_BASE_PATH: hs.url }),
      cliActor('test'),
    );
    sync = t.app.get(SyncService);
    const rows = await q<{ side: 'A' | 'B'; id: string }>(`select s.side, c.id from crm_connections c join sides s on s.id = c.side_id`);
    connection = Object.fromEntries(rows.map((r) => [r.side, r.id])) as { A: string; B: string };
  });
  afterAll(async () => {
    await t?.close();
    await crms?.stop();
  });

  const storedBySide = (side: 'A' | 'B') =>
    q<{ crm_id: string; amount: string | null; is_deleted: boolean }>(
      `select o.crm_id, o.amount, o.is_deleted from opportunities o where o.side = $1 order by o.crm_id`,
      [side],
    );
  const quarantinedIds = async (side: 'A' | 'B') =>
    new Set((await q<{ crm_id: string }>(`select crm_id from quarantined_records where connection_id = $1`, [connection[side]])).map((r) => r.crm_id));

  it('syncs both sides in full, quarantining what cannot be normalized and nothing else', async () => {
    const outcomes = await sync.syncPartnership((await q<{ id: string }>(`select id from partnerships`))[0].id, options());
    expect(outcomes.map((o) => [o.side, o.status, o.message])).toEqual([['A', 'succeeded', null], ['B', 'succeeded', null]]);

    for (const side of ['A', 'B'] as const) {
      const planned = plan.deals.filter((d) => d.side === side);
      const quarantined = await quarantinedIds(side);
      expect(quarantined.size).toBeGreaterThan(0);
      const stored = await storedBySide(side);
      // Every planned record is either stored or quarantined with a reason, never both, never lost.
      const storedIds = new Set(stored.map((s) => s.crm_id));
      for (const deal of planned) expect(storedIds.has(deal.crmId) !== quarantined.has(deal.crmId)).toBe(true);
      // Deleted records are kept, flagged, for instants before their deletion.
      const deleted = planned.filter((d) => d.deleted && !quarantined.has(d.crmId)).map((d) => d.crmId).sort();
      expect(stored.filter((s) => s.is_deleted).map((s) => s.crm_id)).toEqual(deleted);
    }
    const reasons = await q<{ reason: string }>(`select reason from quarantined_records`);
    for (const r of reasons) expect(r.reason.length).toBeGreaterThan(10);
  });

  it('rebuilds each record’s category and amount at every past instant from the CRM history', async () => {
    const quarantined = new Set([...(await quarantinedIds('A')), ...(await quarantinedIds('B'))]);
    const checked = plan.deals.filter((d) => !d.deleted && d.states.length >= 3 && !quarantined.has(d.crmId)).slice(0, 12);
    expect(checked.length).toBeGreaterThan(5);
    for (const deal of checked) {
      for (const state of deal.states) {
        const instant = new Date(Date.parse(state.at) + 1000).toISOString();
        const [row] = await q<{ forecast_category: string; amount: string | null }>(
          `select h.forecast_category, h.amount from opportunity_history h join opportunities o on o.id = h.opportunity_id
           where o.crm_id = $1 and h.valid_from <= $2 order by h.valid_from desc limit 1`,
          [deal.crmId, instant],
        );
        expect({ id: deal.crmId, at: state.at, category: row?.forecast_category, amount: row?.amount == null ? null : Number(row.amount) })
          .toEqual({ id: deal.crmId, at: state.at, category: state.category, amount: state.amount });
      }
    }
  });

  it('then reads only what changed, stamping history with the CRM’s modification time', async () => {
    const quarantined = await quarantinedIds('A');
    const target = plan.deals.find((d) => d.side === 'A' && !d.deleted && !quarantined.has(d.crmId))!;
    const edited = sf.store.upsert('Opportunity', { Id: target.crmId, Amount: 123456 });
    const run = await sync.syncConnection(connection.A, options());
    expect(run.status).toBe('succeeded');
    const [counts] = await q<{ records_upserted: number }>(`select records_upserted from sync_runs where id = $1`, [run.runId]);
    expect(counts.records_upserted).toBe(1);
    const [latest] = await q<{ valid_from: Date; amount: string; source: string }>(
      `select h.valid_from, h.amount, h.source from opportunity_history h join opportunities o on o.id = h.opportunity_id
       where o.crm_id = $1 order by h.valid_from desc limit 1`,
      [target.crmId],
    );
    expect(Number(latest.amount)).toBe(123456);
    expect(latest.source).toBe('sync');
    expect(latest.valid_from.toISOString()).toBe(new Date(String(edited.SystemModstamp).replace('+0000', 'Z')).toISOString());

    const again = await sync.syncConnection(connection.A, options());
    const [second] = await q<{ records_upserted: number }>(`select records_upserted from sync_runs where id = $1`, [again.runId]);
    expect(second.records_upserted).toBe(0);
  });

  it('resumes after a crash between pages with no loss, no duplicates and the same end state', async () => {
    const before = await storedBySide('B');
    await q(`delete from opportunities where side = 'B'`);
    await q(`update crm_connections set sync_cursor = null where id = $1`, [connection.B]);
    const crashed = await sync.syncConnection(connection.B, options({ stopAfterPages: 1 }));
    expect(crashed.status).toBe('stopped');
    const partial = await storedBySide('B');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(before.length);

    const resumed = await sync.syncConnection(connection.B, options());
    expect(resumed.status).toBe('succeeded');
    expect(await storedBySide('B')).toEqual(before);
    const [dupes] = await q<{ n: number }>(
      `select count(*)::int as n from (select opportunity_id, valid_from from opportunity_history group by 1, 2 having count(*) > 1) d`,
    );
    expect(dupes.n).toBe(0);
  });

  it('runs one sync of a connection at a time, even from two services', async () => {
    // A second service has its own holder id, exactly as a second API process would.
    const other = new SyncService(t.db.dataSource, t.app.get(SecretBox), t.app.get(ConnectorFactory), t.app.get(LOGGER), t.app.get(CLOCK));
    const outcomes = await Promise.all([sync.syncConnection(connection.B, options()), other.syncConnection(connection.B, options())]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'succeeded']);
    expect(outcomes.find((o) => o.status === 'skipped')!.message).toMatch(/another sync of this connection is running/);
  });

  it('syncs every connection on a scheduler tick, recorded as scheduled runs', async () => {
    const before = await q<{ n: number }>(`select count(*)::int as n from sync_runs where trigger = 'schedule'`);
    await t.app.get(SyncScheduler).tick();
    const runs = await q<{ status: string }>(`select status from sync_runs where trigger = 'schedule' order by started_at`);
    expect(before[0].n).toBe(0);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('stops on the daily API limit, keeping what was stored, with a message that says so', async () => {
    const before = await storedBySide('B');
    hs.inject({ kind: 'dailyLimitExhausted' });
    try {
      const run = await sync.syncConnection(connection.B, options());
      expect(run.status).toBe('stopped');
      expect(run.message).toMatch(/daily API limit/);
      expect(await storedBySide('B')).toEqual(before);
    } finally {
      hs.clearFaults();
    }
  });

  it('shows sync status and each side only its own quarantined records through the API', async () => {
    const dana = await t.token({ email: 'dana@cobalt.example', role: 'member', partnership: 'cobalt-northgate' });
    const status = await t.http.get('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${dana}`).expect(200);
    expect(status.body.sides.map((s: { side: string; provider: string }) => [s.side, s.provider])).toEqual([['A', 'salesforce'], ['B', 'hubspot']]);
    const [countA] = await q<{ n: number }>(`select count(*)::int as n from opportunities where side = 'A' and not is_deleted`);
    expect(status.body.sides[0].opportunities).toBe(countA.n);
    expect(status.body.sides[0].lastRun.status).toBe('succeeded');

    const quarantine = await t.http.get('/api/partnerships/cobalt-northgate/sync/quarantine?side=B').set('Authorization', `Bearer ${dana}`).expect(200);
    expect(quarantine.body.length).toBe((await quarantinedIds('A')).size);
    expect(new Set(quarantine.body.map((r: { side: string }) => r.side))).toEqual(new Set(['A']));
    await t.http.post('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${dana}`).send({ side: 'C' }).expect(400);
    const bad = await t.http.post('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${dana}`).send({ reconcile: 'yes' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('reconcile');
  });

  it('reconciles on request through the API, and shows the last reconciliation and what it healed', async () => {
    const dana = await t.token({ email: 'dana@cobalt.example', role: 'member', partnership: 'cobalt-northgate' });
    const deal = plan.deals.find((d) => d.side === 'A' && !d.deleted && !d.partnerRecordId)!;
    // Stamped long before the cursor: no incremental run reads it.
    sf.store.upsert('Opportunity', { Id: deal.crmId, Amount: 424242 }, { at: '2025-01-01T00:00:00.000Z' });
    const started = await t.http.post('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${dana}`).send({ side: 'A', reconcile: true }).expect(202);
    expect(started.body).toMatchObject({ kind: 'reconcile', started: [{ side: 'A' }] });
    let side: { lastReconciliation: { status: string; report: { healed: { opportunities: Record<string, number> }; records: { crmId: string; kind: string }[] } } | null } | undefined;
    for (let i = 0; i < 100 && !side?.lastReconciliation; i++) {
      const status = await t.http.get('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${dana}`).expect(200);
      side = status.body.sides[0];
      if (!side?.lastReconciliation) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(side!.lastReconciliation!.status).toBe('succeeded');
    expect(side!.lastReconciliation!.report.healed.opportunities.changed).toBe(1);
    expect(side!.lastReconciliation!.report.records).toEqual([{ object: 'opportunity', crmId: deal.crmId, kind: 'changed' }]);
    const [row] = await q<{ amount: string }>(`select amount::text from opportunities where crm_id = $1`, [deal.crmId]);
    expect(Number(row.amount)).toBe(424242);

    // Side B sees what side A's reconciliation healed as counts, never A's record ids.
    const sam = await t.token({ email: 'sam@northgate.example', role: 'member', partnership: 'cobalt-northgate' });
    const asB = await t.http.get('/api/partnerships/cobalt-northgate/sync').set('Authorization', `Bearer ${sam}`).expect(200);
    expect(asB.body.sides[0].lastReconciliation.report.healed.opportunities.changed).toBe(1);
    expect(asB.body.sides[0].lastReconciliation.report.records).toEqual([]);
    expect(asB.body.sides[0].lastReconciliation.report.truncated).toBe(true);
    const runs = await t.http.get('/api/partnerships/cobalt-northgate/sync/runs').set('Authorization', `Bearer ${sam}`).expect(200);
    expect(JSON.stringify(runs.body)).not.toContain(deal.crmId);
  });

  it('reconciles each connection whose last reconciliation is older than the interval, and only those', async () => {
    const count = async () => (await q<{ n: number }>(`select count(*)::int as n from sync_runs where kind = 'reconcile' and trigger = 'schedule'`))[0].n;
    const before = await count();
    await t.app.get(SyncScheduler).reconcileDue();
    // Side A was reconciled just now (the test before): only side B was due.
    expect((await count()) - before).toBe(1);
    await t.app.get(SyncScheduler).reconcileDue();
    expect((await count()) - before).toBe(1);
  });
});
