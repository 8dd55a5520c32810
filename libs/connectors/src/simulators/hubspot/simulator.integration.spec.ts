import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deal, portal } from '../../hubspot/__fixtures__/portal.js';
import { startHubspotSimulator, type HubspotSimulator } from './server.js';

/** Response bodies are read loosely here: the assertions are the schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

/** The simulator's wire contract checked with plain fetch (the connector tests use the real SDK). */
describe('HubSpot simulator wire format', () => {
  let sim: HubspotSimulator;
  const auth = { authorization: 'Bearer pat-wire' };
  const get = (path: string) => fetch(`${sim.url}${path}`, { headers: auth });
  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const deals = Array.from({ length: 5 }, (_, i) => deal(101 + i, `2026-11-0${i + 1}T00:00:00.000Z`, { amount: String(100 * (i + 1)) }));
    deals.push({ ...deal(106, '2026-11-06T00:00:00.000Z'), archived: true, archivedAt: '2026-11-07T08:00:00.000Z' });
    sim = await startHubspotSimulator({
      seed: portal(deals, { '101': ['9000'] }),
      credentials: { accessToken: 'pat-wire', clientId: 'cid', clientSecret: 'cs', refreshToken: 'rt' },
    });
  });
  afterAll(() => sim.stop());

  it('answers JSON with the charset and HubSpot rate-limit headers, errors included', async () => {
    for (const res of [await get('/crm/v3/objects/deals'), await get('/crm/v3/objects/deals/999')]) {
      expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(res.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
      expect(res.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(res.headers.get('x-hubspot-ratelimit-secondly')).toBe('19');
    }
  });

  it('pages the list by id, takes comma-separated properties, and leaves paging off the last page', async () => {
    const first = await json(get('/crm/v3/objects/deals?limit=3&properties=amount,dealstage'));
    expect(first.results.map((r: { id: string }) => r.id)).toEqual(['101', '102', '103']);
    expect(first.results[0].properties).toEqual({
      amount: '100',
      dealstage: 'qualifiedtobuy',
      createdate: '2026-01-05T10:00:00.000Z',
      hs_lastmodifieddate: '2026-11-01T00:00:00.000Z',
      hs_object_id: '101',
    });
    expect(first.paging.next.after).toBe('104');
    const last = await json(get('/crm/v3/objects/deals?limit=3&after=104&properties=amount&properties=nope'));
    expect(last.results.map((r: { id: string }) => r.id)).toEqual(['104', '105']);
    expect('paging' in last).toBe(false);
    expect('nope' in last.results[0].properties).toBe(false);
    const archived = await json(get('/crm/v3/objects/deals?archived=true'));
    expect(archived.results.map((r: { id: string; archived: boolean; archivedAt: string }) => [r.id, r.archived, r.archivedAt])).toEqual([
      ['106', true, '2026-11-07T08:00:00.000Z'],
    ]);
  });

  it('answers an unknown object with 404 OBJECT_NOT_FOUND in the HubSpot error shape', async () => {
    const res = await get('/crm/v3/objects/deals/999');
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(['category', 'context', 'correlationId', 'message', 'status']);
    expect(body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('searches with filters, one sort, a total and offset paging, and refuses to page past 10,000', async () => {
    const search = (body: unknown) => post('/crm/v3/objects/deals/search', body);
    const between = await json(
      search({
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'BETWEEN', value: String(Date.parse('2026-11-02T00:00:00Z')), highValue: '2026-11-04T00:00:00Z' }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
        limit: 2,
      }),
    );
    expect([between.total, between.results.map((r: { id: string }) => r.id), between.paging.next.after]).toEqual([3, ['104', '103'], '2']);
    const inIds = await json(search({ filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'IN', values: ['101', '105', '106'] }] }] }));
    // Search never returns archived records.
    expect(inIds.results.map((r: { id: string }) => r.id)).toEqual(['101', '105']);
    const orGroups = await json(
      search({
        filterGroups: [
          { filters: [{ propertyName: 'amount', operator: 'GT', value: '400' }] },
          { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: '101' }, { propertyName: 'amount', operator: 'LT', value: '150' }] },
        ],
      }),
    );
    expect(orGroups.results.map((r: { id: string }) => r.id)).toEqual(['101', '105']);

    const past = await search({ limit: 200, after: '9900' });
    expect(past.status).toBe(400);
    expect(await json(past)).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect((await search({ limit: 201 })).status).toBe(400);
    expect((await search({ filterGroups: [{ filters: [{ propertyName: 'nope', operator: 'EQ', value: '1' }] }] })).status).toBe(400);
  });

  it('batch-reads with 207 for missing ids, and v4 associations with 207 and integer toObjectId', async () => {
    const read = await post('/crm/v3/objects/deals/batch/read', { inputs: [{ id: '101' }, { id: '999' }], properties: ['amount'], propertiesWithHistory: ['amount'] });
    expect(read.status).toBe(207);
    const body = await json(read);
    expect(body.results[0].propertiesWithHistory.amount).toEqual([{ value: '100', timestamp: '2026-01-05T10:00:00.000Z', sourceType: 'CRM_UI' }]);
    expect(body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999'] } });

    const assoc = await post('/crm/v4/associations/deals/companies/batch/read', { inputs: [{ id: '101' }, { id: '102' }] });
    expect(assoc.status).toBe(207);
    const links = await json(assoc);
    expect(links.results).toEqual([
      {
        from: { id: '101' },
        to: [{ toObjectId: 9000, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }, { category: 'HUBSPOT_DEFINED', typeId: 341, label: null }] }],
      },
    ]);
    expect(links.errors[0]).toMatchObject({ subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: { fromObjectId: ['102'] } });
  });

  it('gives stage metadata as strings and lists the custom deal properties', async () => {
    const pipelines = await json(get('/crm/v3/pipelines/deals'));
    expect(pipelines.results[0].stages.find((s: { id: string }) => s.id === 'closedwon').metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    const properties = await json(get('/crm/v3/properties/deals'));
    expect(properties.results.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['amount', 'partner_attribution', 'joint_motion']));
  });

  it('expires tokens, refreshes through /oauth/v1/token for 1800 s, and sends 429 bodies with the policy', async () => {
    sim.inject({ kind: 'expireToken' });
    const expired = await get('/crm/v3/pipelines/deals');
    expect([expired.status, (await json(expired)).category]).toEqual([401, 'EXPIRED_AUTHENTICATION']);
    const token = await fetch(`${sim.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&client_id=cid&client_secret=cs&refresh_token=rt',
    });
    const issued = await json(token);
    expect([issued.token_type, issued.expires_in, issued.refresh_token]).toEqual(['bearer', 1800, 'rt']);
    auth.authorization = `Bearer ${issued.access_token}`;
    expect((await get('/crm/v3/pipelines/deals')).status).toBe(200);

    sim.inject({ kind: 'rateLimit', policy: 'TEN_SECONDLY_ROLLING', retryAfterSeconds: 2 });
    const limited = await get('/crm/v3/pipelines/deals');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    const body = await json(limited);
    expect(Object.keys(body).sort()).toEqual(['correlationId', 'errorType', 'message', 'policyName', 'requestId', 'status']);
    expect(body).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
  });

  it('lets tests edit, archive and merge deals with fresh stamps and history', async () => {
    sim.store.updateDeal('103', { amount: '333' }, { at: '2026-11-20T00:00:00Z' });
    const edited = sim.store.deals.get('103')!;
    expect(edited.properties.hs_lastmodifieddate).toBe('2026-11-20T00:00:00.000Z');
    expect(edited.history.get('amount')!.map((h) => h.value)).toEqual(['333', '300']);
    sim.store.mergeDeals('104', '105', { at: '2026-11-21T00:00:00Z' });
    expect(sim.store.deals.get('105')).toMatchObject({ archived: true, archivedAt: '2026-11-21T00:00:00.000Z' });
    expect(sim.store.deals.get('104')!.properties).toMatchObject({ hs_merged_object_ids: '105', hs_lastmodifieddate: '2026-11-21T00:00:00.000Z' });
    expect(sim.stats().byEndpoint['GET /crm/v3/objects/deals']).toBeGreaterThan(0);
  });
});
