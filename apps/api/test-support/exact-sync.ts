import { cliActor } from '../src/auth/principal.js';
import { exampleFile, exampleValues, type SyncedStore, type TwoCrms } from '../bench/soak/two-crms.js';
import { ApplyPartnershipService } from '../src/partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../src/partnership-file/partnership-file.loader.js';
import { SyncService } from '../src/sync/sync.service.js';
import { createTestApp, type TestApp } from './test-app.js';

export { startTwoCrms, syncBoth, reconcileBoth, runOptions, type SyncedStore, type TwoCrms } from '../bench/soak/two-crms.js';
export { compareWithFreshSync, figuresOf, quartersOf, type Comparison } from '../bench/soak/compare.js';

/** A test app (its own database: PGlite, or the CI's PostgreSQL) with the example partnership applied, pointing at these CRMs. */
export async function storeFor(crms: TwoCrms): Promise<SyncedStore & { t: TestApp }> {
  const t = await createTestApp();
  try {
    await t.app
      .get(ApplyPartnershipService)
      .apply(parsePartnershipFile(exampleFile, { ...exampleValues, SF_LOGIN_URL: crms.salesforce.url, HUBSPOT_BASE_PATH: crms.hubspot.url }), cliActor('test'));
    const [p] = await t.db.dataSource.query<{ id: string }[]>(`select id from partnerships where key = 'cobalt-northgate'`);
    const rows = await t.db.dataSource.query<{ side: 'A' | 'B'; id: string }[]>(`select s.side, c.id from crm_connections c join sides s on s.id = c.side_id`);
    const connections = Object.fromEntries(rows.map((r) => [r.side, r.id])) as { A: string; B: string };
    let closed: Promise<void> | undefined;
    return { t, dataSource: t.db.dataSource, partnershipId: p.id, connections, sync: t.app.get(SyncService), close: () => (closed ??= t.close()) };
  } catch (error) {
    await t.close();
    throw error;
  }
}
