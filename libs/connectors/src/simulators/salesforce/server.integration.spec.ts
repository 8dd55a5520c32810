import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticSeed } from '../../salesforce/__fixtures__/org.js';
import { salesforceId } from '../demo/deal-plan.js';
import { startSalesforceSimulator, type SalesforceSimulator } from './server.js';

/** The simulator checked at the wire, with plain fetch: what jsforce relies on (reference §1, §6). */
let nowMs = Date.parse('2026-02-01T00:00:00.000Z');
let sim: SalesforceSimulator;
let token: string;

beforeEach(async () => {
  nowMs = Date.parse('2026-02-01T00:00:00.000Z');
  sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 12, accounts: 3 }), clock: () => new Date(nowMs) });
  token = sim.issueTokens().accessToken;
});
afterEach(() => sim.stop());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sim.url}/services/data/v62.0${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
interface QueryBody {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: (Record<string, unknown> & { Id: string })[];
}
const read = async <T>(res: Response | Promise<Response>): Promise<T> => (await (await res).json()) as T;
const soql = (q: string, all = false, headers: Record<string, string> = {}) => get(`/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(q)}`, headers);

describe('OAuth token endpoint', () => {
  it('logs in with the password grant: own origin as instance_url, id ending in org/user', async () => {
    const { clientId, clientSecret, username, password } = sim.credentials;
    const res = await fetch(`${sim.url}/services/oauth2/token`, form({ grant_type: 'password', client_id: clientId, client_secret: clientSecret, username, password }));
    const body = await read<Record<string, unknown>>(res);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(body).toMatchObject({ instance_url: sim.url, id: `${sim.url}/id/00Dxx0000001gPLEAY/005xx000001Sv6AAAS`, token_type: 'Bearer' });
    expect(body.refresh_token).toBeUndefined();
  });

  it('answers refusals as {error, error_description} 400s', async () => {
    const { clientId, clientSecret } = sim.credentials;
    const cases: [Record<string, string>, unknown][] = [
      [{ grant_type: 'password', client_id: 'nope' }, { error: 'invalid_client_id', error_description: 'client identifier invalid' }],
      [{ grant_type: 'password', client_id: clientId, client_secret: 'nope' }, { error: 'invalid_client', error_description: 'invalid client credentials' }],
      [{ grant_type: 'password', client_id: clientId, client_secret: clientSecret, username: 'x', password: 'y' }, { error: 'invalid_grant', error_description: 'authentication failure' }],
      [{ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: 'stale' }, { error: 'invalid_grant', error_description: 'expired access/refresh token' }],
    ];
    for (const [fields, expected] of cases) {
      const res = await fetch(`${sim.url}/services/oauth2/token`, form(fields));
      expect([res.status, await res.json()]).toEqual([400, expected]);
    }
  });
});

describe('REST data API', () => {
  it('refuses a missing or revoked session with a 401 error array', async () => {
    await fetch(`${sim.url}/services/oauth2/revoke`, form({ token }));
    const res = await get('/sobjects/Opportunity/describe');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('describes fields, custom ones included, with Sforce-Limit-Info', async () => {
    const res = await get('/sobjects/Opportunity/describe');
    const names = (await read<{ fields: { name: string }[] }>(res)).fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['Id', 'SystemModstamp', 'CurrencyIsoCode', 'ForecastCategory', 'Partner_Attribution__c', 'Joint_Motion__c']));
    expect(res.headers.get('sforce-limit-info')).toBe('api-usage=1/15000');
  });

  it('filters with AND / OR / IN, joins relationship fields, orders and limits', async () => {
    // Amounts are 1000 × (k + 1) for opportunity k; the three accounts are k mod 3.
    const q = `SELECT Id, Amount, Account.Name, Account.Website FROM Opportunity WHERE (Amount >= 5000 AND Amount < 8000) OR Id IN ('${salesforceId('006', 0)}', 'none') ORDER BY Amount DESC LIMIT 3`;
    const body = await read<QueryBody>(soql(q));
    expect(body).toEqual({
      totalSize: 3,
      done: true,
      records: [7, 6, 5].map((thousands) => {
        const k = thousands - 1;
        return {
          attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${salesforceId('006', k)}` },
          Id: salesforceId('006', k),
          Amount: thousands * 1000,
          Account: { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${salesforceId('001', k % 3)}` }, Name: `Account ${k % 3}`, Website: `https://www.account-${k % 3}.example/` },
        };
      }),
    });
  });

  it('returns a null lookup as null and counts with COUNT()', async () => {
    sim.store.upsert('Opportunity', { Id: salesforceId('006', 0), AccountId: null });
    const one = await read<QueryBody>(soql(`SELECT Name, Account.Name FROM Opportunity WHERE Id = '${salesforceId('006', 0)}'`));
    expect(one.records[0]).toMatchObject({ Name: 'Deal 0', Account: null });
    expect(await (await soql('SELECT COUNT() FROM Opportunity WHERE Amount > 10000')).json()).toEqual({ totalSize: 2, done: true, records: [] });
  });

  it('shows deleted rows through queryAll only, and pages under /query/{locator}', async () => {
    nowMs += 60_000;
    sim.store.delete('Opportunity', salesforceId('006', 4));
    expect((await read<QueryBody>(soql('SELECT Id FROM Opportunity'))).totalSize).toBe(11);
    sim.store.upsert('Opportunity', { Id: salesforceId('006', 5), Amount: 1 });
    for (let i = 0; i < 400; i++) sim.store.upsert('Account', { Name: `Bulk ${i}` });
    const first = await read<QueryBody>(soql('SELECT Id, IsDeleted FROM Opportunity WHERE IsDeleted = true', true));
    expect(first.records.map((r) => r.Id)).toEqual([salesforceId('006', 4)]);

    const page1 = await read<QueryBody>(soql('SELECT Id FROM Account ORDER BY Id', true, { 'Sforce-Query-Options': 'batchSize=250' }));
    expect([page1.totalSize, page1.done, page1.records.length]).toEqual([403, false, 250]);
    expect(page1.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w+-250$/);
    const page2 = await read<QueryBody>(fetch(`${sim.url}${page1.nextRecordsUrl}`, { headers: { Authorization: `Bearer ${token}` } }));
    expect([page2.done, page2.records.length, page2.nextRecordsUrl]).toEqual([true, 153, undefined]);

    const gone = await fetch(`${sim.url}${page1.nextRecordsUrl}`, { headers: { Authorization: `Bearer ${token}` } });
    expect([gone.status, await gone.json()]).toEqual([400, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]]);
  });

  it('answers query mistakes the way Salesforce does', async () => {
    const cases: [string, string][] = [
      ['SELECT Bogus__c FROM Opportunity', 'INVALID_FIELD'],
      ["SELECT Id FROM Opportunity WHERE SystemModstamp > '2026-01-01T00:00:00Z'", 'INVALID_FIELD'],
      ['SELECT Id FROM Opportunity WHERE', 'MALFORMED_QUERY'],
      ['SELECT Id FROM Widget__c', 'INVALID_TYPE'],
    ];
    for (const [q, code] of cases) {
      const res = await soql(q);
      expect([res.status, (await read<{ errorCode: string }[]>(res))[0].errorCode]).toEqual([400, code]);
    }
    expect((await get('/sobjects/Widget/describe')).status).toBe(404);
    expect((await fetch(`${sim.url}/services/data/v63.0/limits`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('stops at the daily limit with 403 REQUEST_LIMIT_EXCEEDED', async () => {
    sim.inject({ kind: 'apiUsage', used: 14_999 });
    expect((await get('/limits')).status).toBe(200);
    const res = await get('/limits');
    expect([res.status, res.headers.get('sforce-limit-info'), await res.json()]).toEqual([403, 'api-usage=15000/15000', [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]]);
  });
});

describe('store', () => {
  it('stamps writes, appends history on tracked changes, and soft-deletes', async () => {
    nowMs = Date.parse('2026-03-01T12:34:56.789Z');
    const id = salesforceId('006', 2);
    const historyOf = () => sim.store.list('OpportunityHistory').filter((h) => h.OpportunityId === id);
    sim.store.upsert('Opportunity', { Id: id, StageName: 'Negotiation' });
    expect(sim.store.get('Opportunity', id)).toMatchObject({ SystemModstamp: '2026-03-01T12:34:56.000+0000', IsClosed: false, Probability: 80, ForecastCategory: 'Forecast', ForecastCategoryName: 'Commit' });
    expect(historyOf()).toEqual([expect.objectContaining({ CreatedDate: '2026-03-01T12:34:56.000+0000', StageName: 'Negotiation', Amount: 3000, Probability: 80, ForecastCategory: 'Forecast' })]);
    sim.store.upsert('Opportunity', { Id: id, Name: 'Renamed' });
    expect(historyOf()).toHaveLength(1);
    nowMs += 1000;
    sim.store.delete('Opportunity', id);
    expect(sim.store.get('Opportunity', id)).toMatchObject({ IsDeleted: true, SystemModstamp: '2026-03-01T12:34:57.000+0000' });
    expect(historyOf()[0].IsDeleted).toBe(true);
  });
});
