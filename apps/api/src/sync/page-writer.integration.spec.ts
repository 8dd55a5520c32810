import type { ChangePage, NormalizedOpportunity } from '@alignboard/connectors';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { writePage, staleIds, type PageContext } from './page-writer.js';

const opp = (over: Partial<NormalizedOpportunity> & { crmId: string; modifiedAt: string }): NormalizedOpportunity => ({
  accountCrmId: '001A', accountName: 'Acme', accountDomain: 'acme.example', name: 'Deal', amount: '1000.00',
  currency: 'USD', closeDate: '2026-05-15', stage: 'Prospecting', forecastCategory: 'pipeline', probability: 0.1,
  attribution: 'sourced', motionKey: 'mssp-upsell', partnerRecordId: null, createdAt: '2026-01-10T12:00:00.000Z',
  isDeleted: false, deletedAt: null, warnings: [], raw: { Id: over.crmId }, ...over,
});

const page = (over: Partial<ChangePage>): ChangePage => ({
  opportunities: [], accounts: [], deletions: [], quarantined: [], cursor: {}, progress: { fetched: 0, total: null }, ...over,
});

describe('writePage', () => {
  let db: TestDatabase;
  let ctx: PageContext;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    await db.dataSource.query('delete from partnerships');
    const [p] = await db.dataSource.query<{ id: string }[]>(`insert into partnerships (key, name, currency) values ('pw', 'PW', 'USD') returning id`);
    const [s] = await db.dataSource.query<{ id: string }[]>(`insert into sides (partnership_id, side, company, shared_fields) values ($1, 'A', 'Co', '[]') returning id`, [p.id]);
    const [c] = await db.dataSource.query<{ id: string }[]>(`insert into crm_connections (side_id, provider, mapping) values ($1, 'salesforce', '{}') returning id`, [s.id]);
    const [r] = await db.dataSource.query<{ id: string }[]>(`insert into sync_runs (connection_id, trigger) values ($1, 'cli') returning id`, [c.id]);
    ctx = { partnershipId: p.id, side: 'A', connectionId: c.id, runId: r.id, knownCurrencies: new Set(['USD', 'EUR']), baseCurrency: 'USD', now: () => new Date('2027-03-31T23:00:00.000Z') };
  });

  const write = (p: Partial<ChangePage>, history = new Map()) =>
    db.dataSource.transaction((m) => writePage(m, ctx, page(p), history));
  const history = (crmId: string) =>
    db.dataSource.query<{ valid_from: Date; forecast_category: string; amount: string; source: string; is_deleted: boolean }[]>(
      `select h.valid_from, h.forecast_category, h.amount, h.source, h.is_deleted from opportunity_history h
       join opportunities o on o.id = h.opportunity_id where o.crm_id = $1 order by h.valid_from`,
      [crmId],
    );

  it('inserts new records with a history row at the CRM stamp, and backfills their earlier history', async () => {
    const counts = await write(
      { opportunities: [opp({ crmId: 'o1', modifiedAt: '2026-03-01T00:00:00.000Z', forecastCategory: 'commit', amount: '1500.00' })] },
      new Map([['o1', [
        { validFrom: '2026-01-10T12:00:00.000Z', forecastCategory: 'pipeline', amount: '1000.00' },
        { validFrom: '2026-02-01T09:00:00.000Z', forecastCategory: 'upside', amount: '1200.00' },
      ]]]),
    );
    expect(counts).toEqual({ fetched: 1, upserted: 1, unchanged: 0, deleted: 0, quarantined: 0 });
    const rows = await history('o1');
    expect(rows.map((r) => [r.valid_from.toISOString(), r.forecast_category, Number(r.amount), r.source])).toEqual([
      ['2026-01-10T12:00:00.000Z', 'pipeline', 1000, 'backfill'],
      ['2026-02-01T09:00:00.000Z', 'upside', 1200, 'backfill'],
      ['2026-03-01T00:00:00.000Z', 'commit', 1500, 'sync'],
    ]);
  });

  it('never overwrites a newer stored version with an older one, and counts replays as unchanged', async () => {
    await write({ opportunities: [opp({ crmId: 'o2', modifiedAt: '2026-03-02T00:00:00.000Z', amount: '2000.00' })] });
    const stale = await write({ opportunities: [opp({ crmId: 'o2', modifiedAt: '2026-03-01T00:00:00.000Z', amount: '1.00' })] });
    const replay = await write({ opportunities: [opp({ crmId: 'o2', modifiedAt: '2026-03-02T00:00:00.000Z', amount: '2000.00' })] });
    expect(stale).toMatchObject({ upserted: 0, unchanged: 1 });
    expect(replay).toMatchObject({ upserted: 0, unchanged: 1 });
    const [row] = await db.dataSource.query<{ amount: string }[]>(`select amount from opportunities where crm_id = 'o2'`);
    expect(Number(row.amount)).toBe(2000);
    expect(await history('o2')).toHaveLength(1);

    const newer = await write({ opportunities: [opp({ crmId: 'o2', modifiedAt: '2026-03-05T00:00:00.000Z', amount: '2500.00' })] });
    expect(newer).toMatchObject({ upserted: 1, unchanged: 0 });
  });

  it("replaces a changed record's history with the CRM's, as a fresh full sync would store it", async () => {
    await write({ opportunities: [opp({ crmId: 'o2', modifiedAt: '2026-03-02T00:00:00.000Z', amount: '2000.00', attribution: 'sourced' })] });
    // Two edits since (one unseen by any sync), and the attribution (no CRM history) changed too.
    await write(
      { opportunities: [opp({ crmId: 'o2', modifiedAt: '2026-03-05T00:00:00.000Z', amount: '2500.00', attribution: 'influenced' })] },
      new Map([['o2', [
        { validFrom: '2026-03-02T00:00:00.000Z', amount: '2000.00' },
        { validFrom: '2026-03-03T00:00:00.000Z', amount: '2200.00' },
        { validFrom: '2026-03-05T00:00:00.000Z', amount: '2500.00' },
      ]]]),
    );
    const rows = await db.dataSource.query<{ valid_from: Date; amount: string; attribution: string; source: string }[]>(
      `select h.valid_from, h.amount, h.attribution, h.source from opportunity_history h join opportunities o on o.id = h.opportunity_id
       where o.crm_id = 'o2' order by h.valid_from`,
    );
    expect(rows.map((r) => [r.valid_from.toISOString(), Number(r.amount), r.attribution, r.source])).toEqual([
      ['2026-03-02T00:00:00.000Z', 2000, 'influenced', 'backfill'],
      ['2026-03-03T00:00:00.000Z', 2200, 'influenced', 'backfill'],
      ['2026-03-05T00:00:00.000Z', 2500, 'influenced', 'sync'],
    ]);
  });

  it('with force, writes the CRM version over a later stored one (a portal restored from a backup)', async () => {
    await write({ opportunities: [opp({ crmId: 'o9', modifiedAt: '2026-03-05T00:00:00.000Z', amount: '900.00' })] });
    const counts = await db.dataSource.transaction((m) =>
      writePage(m, ctx, page({ opportunities: [opp({ crmId: 'o9', modifiedAt: '2026-03-01T00:00:00.000Z', amount: '100.00' })] }), new Map(), { force: true }),
    );
    expect(counts).toMatchObject({ upserted: 1, unchanged: 0 });
    const [row] = await db.dataSource.query<{ amount: string }[]>(`select amount from opportunities where crm_id = 'o9'`);
    expect(Number(row.amount)).toBe(100);
    expect((await history('o9')).map((r) => [r.valid_from.toISOString(), Number(r.amount)])).toEqual([['2026-03-01T00:00:00.000Z', 100]]);
  });

  it('keeps only the latest version when a page holds a record twice', async () => {
    await write({ opportunities: [
      opp({ crmId: 'o3', modifiedAt: '2026-03-02T00:00:00.000Z', amount: '5.00' }),
      opp({ crmId: 'o3', modifiedAt: '2026-03-01T00:00:00.000Z', amount: '4.00' }),
    ] });
    const [row] = await db.dataSource.query<{ amount: string }[]>(`select amount from opportunities where crm_id = 'o3'`);
    expect(Number(row.amount)).toBe(5);
  });

  it('stamps deletions with the CRM deletion time and keeps the record for past instants', async () => {
    await write({ opportunities: [opp({ crmId: 'o4', modifiedAt: '2026-03-01T00:00:00.000Z' })] });
    const counts = await write({ deletions: [{ crmId: 'o4', deletedAt: '2026-04-01T08:00:00.000Z' }, { crmId: 'never-seen', deletedAt: '2026-04-01T08:00:00.000Z' }] });
    expect(counts).toMatchObject({ deleted: 1 });
    const rows = await history('o4');
    expect(rows.map((r) => [r.valid_from.toISOString(), r.is_deleted])).toEqual([
      ['2026-03-01T00:00:00.000Z', false],
      ['2026-04-01T08:00:00.000Z', true],
    ]);
  });

  it('quarantines a record in an unknown currency without touching the stored version, then heals', async () => {
    await write({ opportunities: [opp({ crmId: 'o5', modifiedAt: '2026-03-01T00:00:00.000Z', amount: '10.00' })] });
    const counts = await write({ opportunities: [opp({ crmId: 'o5', modifiedAt: '2026-03-02T00:00:00.000Z', amount: '99.00', currency: 'JPY' })] });
    expect(counts).toMatchObject({ upserted: 0, quarantined: 1 });
    const [q] = await db.dataSource.query<{ reason: string; crm_id: string }[]>(`select reason, crm_id from quarantined_records`);
    expect(q).toEqual({ crm_id: 'o5', reason: 'unknown currency JPY: no rate to USD in the CRM\'s dated rates or the partnership\'s currencyRates' });
    const [row] = await db.dataSource.query<{ amount: string }[]>(`select amount from opportunities where crm_id = 'o5'`);
    expect(Number(row.amount)).toBe(10);

    await write({ opportunities: [opp({ crmId: 'o5', modifiedAt: '2026-03-03T00:00:00.000Z', amount: '11.00', currency: 'EUR' })] });
    expect(await db.dataSource.query(`select * from quarantined_records`)).toEqual([]);
  });

  it('keeps connector-quarantined records with their reason, the rest of the page goes on', async () => {
    const counts = await write({
      opportunities: [opp({ crmId: 'o6', modifiedAt: '2026-03-01T00:00:00.000Z' })],
      quarantined: [{ crmId: 'bad1', objectType: 'opportunity', reason: 'CloseDate "31/02/2026" is not a date', raw: { Id: 'bad1' } }],
    });
    expect(counts).toMatchObject({ fetched: 2, upserted: 1, quarantined: 1 });
    const rows = await db.dataSource.query<{ crm_id: string; reason: string; run_id: string }[]>(`select crm_id, reason, run_id from quarantined_records`);
    expect(rows).toEqual([{ crm_id: 'bad1', reason: 'CloseDate "31/02/2026" is not a date', run_id: ctx.runId }]);
    // Seen when the product clock says, not when the database's clock does.
    const [seen] = await db.dataSource.query<{ first_seen_at: Date; last_seen_at: Date }[]>(`select first_seen_at, last_seen_at from quarantined_records`);
    expect([seen.first_seen_at.toISOString(), seen.last_seen_at.toISOString()]).toEqual(['2027-03-31T23:00:00.000Z', '2027-03-31T23:00:00.000Z']);
  });

  it('carries account name and domain changes over to their opportunities', async () => {
    await write({ opportunities: [opp({ crmId: 'o7', modifiedAt: '2026-03-01T00:00:00.000Z', accountCrmId: '001Z', accountDomain: 'old.example' })] });
    await write({ accounts: [{ crmId: '001Z', name: 'Renamed', website: 'https://www.new.example', domain: 'new.example', modifiedAt: '2026-03-04T00:00:00.000Z', isDeleted: false, raw: {} }] });
    const [row] = await db.dataSource.query<{ account_name: string; account_domain: string }[]>(`select account_name, account_domain from opportunities where crm_id = 'o7'`);
    expect(row).toEqual({ account_name: 'Renamed', account_domain: 'new.example' });
  });

  it('tells which records a page will write: new, or newer than stored', async () => {
    await write({ opportunities: [opp({ crmId: 'o8', modifiedAt: '2026-03-01T00:00:00.000Z' }), opp({ crmId: 'o10', modifiedAt: '2026-03-01T00:00:00.000Z' })] });
    const read = [
      opp({ crmId: 'o8', modifiedAt: '2026-03-01T00:00:00.000Z' }),
      opp({ crmId: 'o9', modifiedAt: '2026-03-01T00:00:00.000Z' }),
      opp({ crmId: 'o10', modifiedAt: '2026-03-01T00:00:01.000Z' }),
      opp({ crmId: 'o8', modifiedAt: '2026-02-01T00:00:00.000Z' }),
    ];
    expect(await staleIds(db.dataSource.manager, ctx.connectionId, read)).toEqual(['o9', 'o10']);
  });
});
