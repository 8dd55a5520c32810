import { describe, expect, it } from 'vitest';
import { syntheticSeed } from '../../salesforce/__fixtures__/org.js';
import { salesforceId } from '../demo/deal-plan.js';
import { runQuery } from './query-engine.js';
import { parseSoql } from './soql.js';
import { SalesforceStore } from './store.js';

describe('the history index the store keeps as it writes', () => {
  it('answers an OpportunityId IN query exactly as a full scan would, after edits and a purge', () => {
    let now = Date.parse('2026-02-01T00:00:00.000Z');
    const store = new SalesforceStore(syntheticSeed({ opportunities: 30, accounts: 2 }), () => new Date((now += 1000)));
    const ids = Array.from({ length: 30 }, (_, k) => salesforceId('006', k));
    for (let round = 0; round < 3; round++) for (const id of ids.filter((_, k) => k % (round + 2) === 0)) store.upsert('Opportunity', { Id: id, Amount: 1000 * round + 1 });
    store.purge('Opportunity', ids[4]);
    const wanted = [ids[0], ids[4], ids[6], ids[9], ids[12]];
    const soql = `SELECT Id, OpportunityId, Amount FROM OpportunityHistory WHERE OpportunityId IN (${wanted.map((id) => `'${id}'`).join(', ')})`;
    const indexed = runQuery(store, parseSoql(soql), { includeDeleted: true, version: '62.0' }).records.map((r) => r.Id);
    // The same query against the store without its index: the engine scans (and indexes) the table itself.
    const scanned = runQuery({ schema: store.schema, rows: (o) => store.rows(o), byId: (o, id) => store.byId(o, id) }, parseSoql(soql), { includeDeleted: true, version: '62.0' }).records.map((r) => r.Id);
    expect(indexed.length).toBeGreaterThan(6);
    expect(indexed).toEqual(scanned);
  });
});
