import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmConnector } from '../core/crm-connector.js';
import type { ChangePage } from '../core/normalized.js';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/server.js';
import { passwordConfig, syntheticSeed, tokenConfig } from './__fixtures__/org.js';
import { SalesforceClient } from './client.js';
import { createSalesforceConnector, type SalesforceConnectorOptions } from './salesforce.connector.js';

const clock = () => new Date('2026-02-01T00:00:00.000Z');
let sim: SalesforceSimulator;
const open: CrmConnector[] = [];

beforeEach(async () => {
  sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 60, accounts: 5 }), clock });
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  await sim.stop();
});

function connector(options: SalesforceConnectorOptions = {}, config = passwordConfig(sim)) {
  const c = createSalesforceConnector(config, { now: clock, retryBaseMs: 5, ...options });
  open.push(c);
  return c;
}
async function opportunities(c: CrmConnector): Promise<number> {
  let n = 0;
  for await (const page of c.changes(null)) n += (page as ChangePage).opportunities.length;
  return n;
}

describe('Salesforce client: retries', () => {
  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    const c = connector();
    await c.connect();
    sim.inject({ kind: 'rateLimit', retryAfterSeconds: 1, match: '/queryAll' });
    const started = Date.now();
    expect(await opportunities(c)).toBe(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(sim.stats().statuses['429']).toBe(1);
  });

  it('surfaces RATE_LIMITED with the Retry-After when retries run out', async () => {
    const c = connector({ maxRetries: 0 });
    await c.connect();
    sim.inject({ kind: 'rateLimit', retryAfterSeconds: 30 });
    await expect(opportunities(c)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { status: 429, retryAfterMs: 30_000 } });
  });

  it('leaves a Retry-After of minutes to the sync instead of holding the request', async () => {
    const c = connector();
    await c.connect();
    sim.inject({ kind: 'rateLimit', retryAfterSeconds: 120 });
    const started = Date.now();
    await expect(opportunities(c)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 120_000 } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sim.stats().statuses['429']).toBe(1);
  });

  it('backs off on a 429 without Retry-After', async () => {
    const c = connector();
    sim.inject({ kind: 'rateLimit', times: 2 });
    expect(await opportunities(c)).toBe(60);
    expect(sim.stats().statuses['429']).toBe(2);
  });

  it('retries a 503 and counts every attempt as an API call', async () => {
    const c = connector();
    await c.connect();
    const before = c.apiCalls();
    sim.inject({ kind: 'serverError', status: 503, times: 2 });
    expect(await opportunities(c)).toBe(60);
    expect(sim.stats().statuses['503']).toBe(2);
    // One COUNT(), one account query, one opportunity query, plus the two failed attempts.
    expect(c.apiCalls() - before).toBe(5);
  });

  it('gives up with TEMPORARY after maxRetries', async () => {
    const c = connector({ maxRetries: 2 });
    await c.connect();
    sim.inject({ kind: 'serverError', status: 502, times: 10 });
    await expect(opportunities(c)).rejects.toMatchObject({ code: 'TEMPORARY', details: { status: 502, providerCode: 'SERVER_UNAVAILABLE' } });
    expect(sim.stats().statuses['502']).toBe(3);
  });

  it('retries a reset connection and a timed-out request', async () => {
    const c = connector({ requestTimeoutMs: 300 });
    await c.connect();
    sim.inject({ kind: 'connectionReset', match: '/queryAll' });
    sim.inject({ kind: 'slow', ms: 1000, match: '/queryAll' });
    expect(await opportunities(c)).toBe(60);
    // COUNT(), accounts, opportunities, and the two failed attempts.
    expect(sim.stats().requests.queryAll).toBe(5);
  });

  it('retries the token endpoint when it is down, not when it refuses', async () => {
    sim.inject({ kind: 'serverError', on: 'token' });
    await connector().connect();
    expect(sim.stats().requests.token).toBe(2);

    sim.inject({ kind: 'rejectPasswordLogins' });
    await expect(connector().connect()).rejects.toMatchObject({ code: 'AUTH_FAILED', message: 'Salesforce refused the login: authentication failure (invalid_grant)' });
    // The 503 never reached the grant; the refusal was not retried.
    expect([sim.stats().requests.token, sim.stats().tokenGrants.password]).toEqual([3, 2]);
  });
});

describe('Salesforce client: sessions', () => {
  it('refreshes an expired session once and replays the request', async () => {
    const refreshed: Record<string, string>[] = [];
    const c = connector({ onTokenRefresh: (credentials) => void refreshed.push(credentials) });
    await c.connect();
    sim.inject({ kind: 'expireSessions' });
    expect(await opportunities(c)).toBe(60);
    expect(sim.stats().tokenGrants).toEqual({ password: 2 });
    expect(sim.stats().statuses['401']).toBe(1);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toMatchObject({ ...sim.credentials, instanceUrl: sim.url });
    expect(refreshed[0].accessToken).toMatch(/^00Dxx0000001gPL!AR/);
  });

  it('refreshes a stored token with the refresh token and persists what it got', async () => {
    const config = tokenConfig(sim);
    const refreshed: Record<string, string>[] = [];
    const c = connector({ onTokenRefresh: (credentials) => void refreshed.push(credentials) }, config);
    sim.inject({ kind: 'expireSessions' });
    expect(await opportunities(c)).toBe(60);
    expect(sim.stats().tokenGrants).toEqual({ refresh_token: 1 });
    expect(refreshed).toEqual([{ ...config.credentials, accessToken: expect.not.stringMatching(config.credentials.accessToken), instanceUrl: sim.url }]);
  });

  it('fails AUTH_FAILED when the refresh token is revoked, without looping', async () => {
    const c = connector({}, tokenConfig(sim));
    sim.inject({ kind: 'revokeRefreshTokens' });
    sim.inject({ kind: 'expireSessions' });
    await expect(c.connect()).rejects.toMatchObject({ code: 'AUTH_FAILED', message: 'Salesforce refused the login: expired access/refresh token (invalid_grant)' });
    expect(sim.stats().tokenGrants).toEqual({ refresh_token: 1 });
    expect(sim.stats().statuses['401']).toBe(1);
  });

  it('stops after one refresh when Salesforce keeps refusing the new session', async () => {
    const c = connector();
    sim.inject({ kind: 'rejectSessions' });
    await expect(c.connect()).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { status: 401 } });
    expect(sim.stats().tokenGrants).toEqual({ password: 2 });
    expect(sim.stats().statuses['401']).toBe(2);
  });
});

describe('Salesforce client: quota and request errors', () => {
  it('stops with DAILY_LIMIT on 403 REQUEST_LIMIT_EXCEEDED, without retrying', async () => {
    const c = connector();
    await c.connect();
    sim.inject({ kind: 'dailyLimitExhausted' });
    await expect(opportunities(c)).rejects.toMatchObject({ code: 'DAILY_LIMIT', details: { status: 403, providerCode: 'REQUEST_LIMIT_EXCEEDED' } });
    expect(sim.stats().statuses['403']).toBe(1);
  });

  it('stops with DAILY_LIMIT once Sforce-Limit-Info shows more than 90% used', async () => {
    const c = connector();
    await c.connect();
    sim.inject({ kind: 'apiUsage', used: 13_600 });
    await expect(opportunities(c)).rejects.toMatchObject({ code: 'DAILY_LIMIT', message: expect.stringContaining('13601 of its 15000') });
    // One request (the first COUNT()) told us 13,601 of 15,000; nothing was sent after it.
    expect(sim.stats().apiUsage).toBe(13_601);
  });

  it('maps query errors: INVALID_FIELD and MALFORMED_QUERY to INVALID_REQUEST, a lost locator to CURSOR_INVALID', async () => {
    const client = new SalesforceClient(passwordConfig(sim), { retryBaseMs: 5 });
    await client.login();
    await expect(client.query('SELECT Bogus__c FROM Opportunity')).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { status: 400, providerCode: 'INVALID_FIELD' } });
    await expect(client.query('SELEC Id FROM Opportunity')).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { providerCode: 'MALFORMED_QUERY' } });
    await expect(client.query('SELECT Id FROM Opportunity WHERE SystemModstamp > \'2026-01-01\'')).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { providerCode: 'INVALID_FIELD' } });
    await expect(client.queryMore('/services/data/v62.0/query/01gxx0000999999AAA-200')).rejects.toMatchObject({ code: 'CURSOR_INVALID', details: { providerCode: 'INVALID_QUERY_LOCATOR' } });
    await client.close();
    expect(sim.stats().requests.revoke).toBe(1);
  });
});
