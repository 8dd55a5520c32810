import type { SalesforceSimulator } from '@alignboard/connectors';
import type { DealGroupsView, QuarterMetrics } from '@alignboard/contracts';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { cliActor } from '../auth/principal.js';
import { startDemoCrms, type DemoCrms } from '../cli/demo/demo-crms.js';
import { ApplyPartnershipService } from '../partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../partnership-file/partnership-file.loader.js';
import { SyncService, type SyncOptions } from '../sync/sync.service.js';
import { PartnershipDataLoader } from './partnership-data.loader.js';

const examples = new URL('../../../../examples/', import.meta.url);
const values = parseEnv(readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')) as Record<string, string>;
// Edits made by the test are stamped with the real clock; the connector's window must reach past them.
const options: SyncOptions = { trigger: 'cli', connector: { now: () => new Date(Date.now() + 120_000), retryBaseMs: 5 } };
const base = '/api/partnerships/cobalt-northgate';

/** The figures' cache follows the CRMs: simulator edit → sync → new number, same process, no full reload. */
describe('metrics after a sync', () => {
  let crms: DemoCrms;
  let sf: SalesforceSimulator;
  let t: TestApp;
  let admin: string;
  let partnershipId: string;
  let connectionA: string;

  beforeAll(async () => {
    crms = await startDemoCrms(values, { now: new Date('2026-11-23T12:00:00Z'), perSide: 120, seed: 7, usualPorts: false });
    sf = crms.salesforce;
    t = await createTestApp();
    const text = readFileSync(new URL('cobalt-northgate.yaml', examples), 'utf8');
    await t.app.get(ApplyPartnershipService).apply(
      parsePartnershipFile(text, { ...values, SF_LOGIN_URL: crms.salesforceUrl, HUBSPOT_BASE_PATH: crms.hubspotUrl }),
      cliActor('test'),
    );
    [{ id: partnershipId }] = await t.db.dataSource.query(`select id from partnerships where key = 'cobalt-northgate'`);
    [{ id: connectionA }] = await t.db.dataSource.query(
      `select c.id from crm_connections c join sides s on s.id = c.side_id where s.partnership_id = $1 and s.side = 'A'`,
      [partnershipId],
    );
    const outcomes = await t.app.get(SyncService).syncPartnership(partnershipId, options);
    expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
    admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
    await crms?.stop();
  });

  it('changes the joint number by exactly the edit after the next sync, patching the edited record in', async () => {
    const quarter = '2026-Q4';
    const before = (await t.http.get(`${base}/metrics?quarter=${quarter}`).set(bearer(admin)).expect(200)).body as QuarterMetrics;
    const view = (await t.http.get(`${base}/groups?quarter=${quarter}&figure=joint.total`).set(bearer(admin)).expect(200)).body as DealGroupsView;
    // A group whose amount is one USD record of side A (the booking side): its amount is the group's.
    const target = view.groups
      .map((g) => g.members.filter((m) => m.side === 'A'))
      .find((a) => a.length === 1 && a[0].currency === 'USD' && a[0].amount! > 1000)?.[0];
    expect(target).toBeDefined();

    const loader = t.app.get(PartnershipDataLoader);
    const loads = vi.spyOn(loader, 'load');
    const patches = vi.spyOn(loader, 'changedSince');
    try {
      sf.store.upsert('Opportunity', { Id: target!.crmId, Amount: target!.amount! + 1 });
      // Not yet synced: the figures are what the database holds.
      expect((await t.http.get(`${base}/metrics?quarter=${quarter}`).set(bearer(admin)).expect(200)).body.joint.total).toBe(before.joint.total);
      expect((await t.app.get(SyncService).syncConnection(connectionA, options)).status).toBe('succeeded');
      const after = (await t.http.get(`${base}/metrics?quarter=${quarter}`).set(bearer(admin)).expect(200)).body as QuarterMetrics;
      expect(Math.round((after.joint.total - before.joint.total) * 100) / 100).toBe(1);
      expect(patches).toHaveBeenCalled();
      expect(loads).not.toHaveBeenCalled();
      const edited = (await t.http.get(`${base}/groups?quarter=${quarter}`).set(bearer(admin)).expect(200)).body as DealGroupsView;
      expect(edited.groups.flatMap((g) => g.members).find((m) => m.crmId === target!.crmId)).toMatchObject({ amount: target!.amount! + 1 });
    } finally {
      loads.mockRestore();
      patches.mockRestore();
    }
  });

  it('drops a record the CRM purged from every figure once a reconciliation finds it, patching the cache', async () => {
    const quarter = '2026-Q4';
    const before = (await t.http.get(`${base}/metrics?quarter=${quarter}`).set(bearer(admin)).expect(200)).body as QuarterMetrics;
    const view = (await t.http.get(`${base}/groups?quarter=${quarter}&figure=joint.total`).set(bearer(admin)).expect(200)).body as DealGroupsView;
    const group = view.groups.find((g) => g.members.length === 1 && g.members[0].side === 'A' && g.members[0].currency === 'USD' && g.members[0].amount! > 1000)!;
    expect(group).toBeDefined();
    const loads = vi.spyOn(t.app.get(PartnershipDataLoader), 'load');
    try {
      // Emptied from the recycle bin: no sync can see it go, only a reconciliation.
      sf.store.purge('Opportunity', group.members[0].crmId);
      expect((await t.app.get(SyncService).syncConnection(connectionA, options)).status).toBe('succeeded');
      expect((await t.http.get(`${base}/metrics?quarter=${quarter}`).set(bearer(admin)).expect(200)).body.joint.total).toBe(before.joint.total);
      const reconciled = await t.app.get(SyncService).reconcileConnection(connectionA, options);
      expect(reconciled.report!.healed.opportunities.purged).toBe(1);
      const after = (await t.http.get(`${base}/metrics?quarter=${quarter}`).set(bearer(admin)).expect(200)).body as QuarterMetrics;
      expect(Math.round((before.joint.total - after.joint.total) * 100) / 100).toBe(group.amount);
      expect(loads).not.toHaveBeenCalled();
      // Kept in the database, marked: the raw record and its history are not lost.
      const [row] = await t.db.dataSource.query<{ purged: boolean }[]>(`select purged_at is not null as purged from opportunities where crm_id = $1`, [group.members[0].crmId]);
      expect(row.purged).toBe(true);
    } finally {
      loads.mockRestore();
    }
  });
});
