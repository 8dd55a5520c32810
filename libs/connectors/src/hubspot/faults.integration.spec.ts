import { afterEach, describe, expect, it } from 'vitest';
import { CrmError } from '../core/errors.js';
import { startHubspotSimulator, type HubspotSimulator, type HubspotSimulatorOptions } from '../simulators/hubspot/server.js';
import { connection, deal, drain, portal, testMapping } from './__fixtures__/portal.js';
import { createHubspotConnector, type HubspotConnectorOptions } from './hubspot.connector.js';

const NOW = '2026-11-23T12:00:00Z';
// No lookback: these tests count exactly what each request returns.
const fast: HubspotConnectorOptions = { now: () => new Date(NOW), maxRequestsPerSecond: 1000, searchRequestsPerSecond: 1000, retryBaseMs: 10, lookbackMs: 0 };
const seed = () => portal(Array.from({ length: 120 }, (_, i) => deal(101 + i, new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString())));
const LIST = 'GET /crm/v3/objects/deals';

let sim: HubspotSimulator;
afterEach(() => sim?.stop());

async function start(options: Partial<HubspotSimulatorOptions> = {}) {
  sim = await startHubspotSimulator({ seed: seed(), ...options });
  return sim;
}

async function fullSync(options: HubspotConnectorOptions = {}, credentials?: Record<string, string>) {
  const connector = createHubspotConnector(connection(sim.url, credentials), { ...fast, ...options });
  try {
    return await drain(connector.changes(null));
  } finally {
    await connector.close();
  }
}

const statuses = (endpoint: string) => sim.stats().log.filter((r) => r.endpoint === endpoint).map((r) => r.status);
const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as CrmError);

describe('HubSpot connector under faults', () => {
  it('waits out a 429 TEN_SECONDLY_ROLLING for its Retry-After, then goes on', async () => {
    await start();
    sim.inject({ kind: 'rateLimit', policy: 'TEN_SECONDLY_ROLLING', retryAfterSeconds: 1, match: LIST });
    const started = Date.now();
    const pages = await fullSync();
    expect(pages.flatMap((p) => p.opportunities)).toHaveLength(120);
    expect(statuses(LIST).slice(0, 2)).toEqual([429, 200]);
    const [limited, retried] = sim.stats().log.filter((r) => r.endpoint === LIST);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('backs off exponentially from a 429 without Retry-After (and from the search SECONDLY limit)', async () => {
    await start();
    sim.inject({ kind: 'rateLimit', policy: 'TEN_SECONDLY_ROLLING', times: 2, match: LIST });
    const pages = await fullSync({ retryBaseMs: 50 });
    expect(pages.flatMap((p) => p.opportunities)).toHaveLength(120);
    const list = sim.stats().log.filter((r) => r.endpoint === LIST);
    expect(list.slice(0, 3).map((r) => r.status)).toEqual([429, 429, 200]);
    // 50–100 ms, then 100–200 ms (jittered doubling).
    expect(list[1].at - list[0].at).toBeGreaterThanOrEqual(50);
    expect(list[2].at - list[1].at).toBeGreaterThanOrEqual(100);

    sim.resetStats();
    sim.inject({ kind: 'rateLimit', policy: 'SECONDLY', match: 'search' });
    sim.store.updateDeal('101', { amount: '5' }, { at: '2026-11-23T12:30:00Z' });
    const connector = createHubspotConnector(connection(sim.url), { ...fast, now: () => new Date('2026-11-23T13:00:00Z') });
    const next = await drain(connector.changes(pages[pages.length - 1].cursor));
    await connector.close();
    expect(next.flatMap((p) => p.opportunities.map((o) => o.crmId))).toEqual(['101']);
    expect(statuses('POST /crm/v3/objects/deals/search')).toEqual([429, 200]);
  });

  it('stops at once on the 429 DAILY limit with DAILY_LIMIT', async () => {
    await start();
    sim.inject({ kind: 'dailyLimitExhausted' });
    const error = await rejection(fullSync());
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: 'DAILY_LIMIT', details: { status: 429, providerCode: 'DAILY' } });
    // The first request of connect() (pipelines), not retried.
    expect(sim.stats().log.map((r) => [r.endpoint, r.status])).toEqual([['GET /crm/v3/pipelines/deals', 429]]);
  });

  it('retries 5xx and goes on; gives up with TEMPORARY when they persist', async () => {
    await start();
    sim.inject({ kind: 'serverError', status: 503, times: 2, match: 'associations' });
    const pages = await fullSync();
    expect(pages.flatMap((p) => p.opportunities).every((o) => o.accountDomain !== null)).toBe(true);
    expect(statuses('POST /crm/v4/associations/deals/companies/batch/read').slice(0, 3)).toEqual([503, 503, 200]);

    sim.resetStats();
    sim.inject({ kind: 'serverError', status: 500, times: 10, match: 'pipelines' });
    const error = await rejection(fullSync({ maxRetries: 2 }));
    expect(error).toMatchObject({ code: 'TEMPORARY', details: { status: 500, providerCode: 'INTERNAL_ERROR' } });
    expect(statuses('GET /crm/v3/pipelines/deals')).toEqual([500, 500, 500]);
  });

  it('treats a response slower than requestTimeoutMs as temporary and retries it', async () => {
    await start();
    sim.inject({ kind: 'slow', delayMs: 400, match: 'pipelines' });
    const pages = await fullSync({ requestTimeoutMs: 150 });
    expect(pages.flatMap((p) => p.opportunities)).toHaveLength(120);
    expect(sim.stats().byEndpoint['GET /crm/v3/pipelines/deals']).toBe(2);
  });

  it('refreshes an expired OAuth token once through /oauth/v1/token and replays the request', async () => {
    const oauth = { accessToken: 'old-token', clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rt-1' };
    await start({ credentials: oauth });
    const refreshed: Record<string, string>[] = [];
    const connector = createHubspotConnector(connection(sim.url, oauth), { ...fast, onTokenRefresh: (c) => void refreshed.push(c) });
    await connector.connect();
    sim.inject({ kind: 'expireToken' });
    const pages = await drain(connector.changes(null));
    await connector.close();

    expect(pages.flatMap((p) => p.opportunities)).toHaveLength(120);
    const log = sim.stats().log.slice(3).map((r) => [r.endpoint, r.status]);
    expect(log.slice(0, 3)).toEqual([
      [LIST, 401],
      ['POST /oauth/v1/token', 200],
      [LIST, 200],
    ]);
    expect(sim.stats().log[4].body).toEqual({ grant_type: 'refresh_token', client_id: 'cid' });
    expect(sim.stats().byEndpoint['POST /oauth/v1/token']).toBe(1);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toMatchObject({ clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rt-1' });
    expect(refreshed[0].accessToken).toMatch(/^CJS/);
    // expires_in 1800 s.
    expect(Date.parse(refreshed[0].accessTokenExpiresAt) - Date.now()).toBeGreaterThan(1790_000);
    expect(Date.parse(refreshed[0].accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(1800_000);
  });

  it('fails with AUTH_FAILED on a 401 it cannot refresh, or when the refresh is refused', async () => {
    await start({ credentials: { accessToken: 'pat-good', clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rt-1' } });
    const noRefresh = await rejection(fullSync({}, { accessToken: 'pat-wrong' }));
    expect(noRefresh).toMatchObject({ code: 'AUTH_FAILED', details: { status: 401, providerCode: 'INVALID_AUTHENTICATION' } });
    expect(sim.stats().byEndpoint['POST /oauth/v1/token']).toBeUndefined();

    const refused = await rejection(fullSync({}, { accessToken: 'pat-wrong', clientId: 'cid', clientSecret: 'csecret', refreshToken: 'revoked' }));
    expect(refused?.code).toBe('AUTH_FAILED');
    expect(refused?.message).toBe(
      'HubSpot refused to refresh the OAuth token (refresh the OAuth token: HubSpot answered 400 BAD_REFRESH_TOKEN: missing or unknown refresh token)',
    );
  });

  it('connect() validates the mapped properties against /crm/v3/properties/deals', async () => {
    await start();
    const config = { ...connection(sim.url), mapping: { ...testMapping, motion: { property: 'joint_motion_typo' } } };
    const connector = createHubspotConnector(config, fast);
    const error = await rejection(connector.connect());
    expect(error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(error?.message).toBe('the mapping\'s motion property "joint_motion_typo" does not exist on HubSpot deals in this portal');
    await connector.close();
  });

  it('reports a response without Content-Type as UNEXPECTED_RESPONSE (API drift), without retrying', async () => {
    await start();
    sim.inject({ kind: 'noContentType', match: 'pipelines' });
    const error = await rejection(fullSync());
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect(sim.stats().byEndpoint['GET /crm/v3/pipelines/deals']).toBe(1);
  });

  it('limits requests with its own per-connection limiter: search at 4 in any second by default, the rest at maxRequestsPerSecond', async () => {
    sim = await startHubspotSimulator({ seed: portal(Array.from({ length: 1_100 }, (_, i) => deal(101 + i, '2026-11-01T00:00:00Z'))) });
    const first = await fullSync();
    for (let i = 0; i < 1_100; i++) sim.store.updateDeal(String(101 + i), { amount: String(i) }, { at: new Date(Date.parse('2026-11-23T12:10:00Z') + i).toISOString() });
    sim.resetStats();
    const searching = createHubspotConnector(connection(sim.url), { ...fast, searchRequestsPerSecond: undefined, now: () => new Date('2026-11-23T13:00:00Z') });
    await drain(searching.changes(first[first.length - 1].cursor));
    await searching.close();
    const searches = sim.stats().log.filter((r) => r.endpoint.endsWith('/search')).map((r) => r.at);
    // 1,100 changed deals: six pages of 200. HubSpot allows 5 searches a second; ours is 4 in any
    // sliding second, so four pages go without waiting (request-limiter.spec shows that) and the
    // fifth a second after the first.
    expect(searches).toHaveLength(6);
    // Arrival times carry the client's own delays (a new socket, a busy event loop): a little tolerance.
    expect(searches[4] - searches[0]).toBeGreaterThanOrEqual(950);
    expect(searches[5] - searches[1]).toBeGreaterThanOrEqual(950);

    sim.resetStats();
    const general = createHubspotConnector(connection(sim.url), { ...fast, maxRequestsPerSecond: 10 });
    await general.connect();
    await general.history(['101', '102', '103']);
    await general.close();
    const at = sim.stats().log.map((r) => r.at);
    // Four requests at 10/s: 300 ms from the first send to the last (arrivals jitter a little).
    expect(at).toHaveLength(4);
    expect(at[3] - at[0]).toBeGreaterThanOrEqual(270);
  });
});
