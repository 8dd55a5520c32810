import type { ChangePage, NormalizedAccount, NormalizedOpportunity } from '@alignboard/connectors';
import { describe, expect, it } from 'vitest';
import { canJoin, PageReadAhead, type PreparedPage } from './page-batches.js';

const opp = (crmId: string, accountCrmId: string | null = null) => ({ crmId, accountCrmId }) as NormalizedOpportunity;
const account = (crmId: string) => ({ crmId }) as NormalizedAccount;
const page = (cursor: number, over: Partial<ChangePage> = {}): ChangePage => ({
  opportunities: [], accounts: [], deletions: [], quarantined: [], cursor: { at: cursor }, progress: { fetched: cursor, total: null }, ...over,
});
const prepared = (p: ChangePage, history: [string, string][] = []): PreparedPage => ({
  page: p,
  history: new Map(history.map(([id, at]) => [id, [{ validFrom: at }]])),
});
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Pages handed out one at a time by `release()`, as a CRM answers. */
function source(pages: PreparedPage[], failAfter?: number) {
  let served = 0;
  const waiting: (() => void)[] = [];
  return {
    read: () =>
      new Promise<PreparedPage | null>((resolve, reject) => {
        waiting.push(() => {
          if (failAfter !== undefined && served === failAfter) reject(new Error('the CRM is gone'));
          else resolve(pages[served++] ?? null);
        });
      }),
    release: async (n = 1) => {
      for (let i = 0; i < n; i++) {
        while (!waiting.length) await tick();
        waiting.shift()!();
        await tick();
      }
    },
  };
}

describe('canJoin: pages written together end as they would one by one', () => {
  it('joins pages with distinct records and accounts', () => {
    expect(canJoin(page(1, { opportunities: [opp('1', 'a1')], accounts: [account('a1')] }), page(2, { opportunities: [opp('2', 'a1')] }))).toBe(true);
  });
  it('keeps apart pages sharing a record, as an opportunity, a deletion or a quarantined record', () => {
    expect(canJoin(page(1, { opportunities: [opp('1')] }), page(2, { opportunities: [opp('1')] }))).toBe(false);
    expect(canJoin(page(1, { deletions: [{ crmId: '1', deletedAt: '2026-01-01T00:00:00.000Z' }] }), page(2, { opportunities: [opp('1')] }))).toBe(false);
    expect(canJoin(page(1, { quarantined: [{ crmId: '1', objectType: 'opportunity', reason: 'bad', raw: {} }] }), page(2, { opportunities: [opp('1')] }))).toBe(false);
  });
  it('keeps apart a later account that earlier opportunities point to or that an earlier page holds', () => {
    // Its name must reach those opportunities after they are written.
    expect(canJoin(page(1, { opportunities: [opp('1', 'a1')] }), page(2, { accounts: [account('a1')] }))).toBe(false);
    expect(canJoin(page(1, { accounts: [account('a1')] }), page(2, { accounts: [account('a1')] }))).toBe(false);
    expect(canJoin(page(1, { quarantined: [{ crmId: 'a1', objectType: 'account', reason: 'bad', raw: {} }] }), page(2, { accounts: [account('a1')] }))).toBe(false);
  });
  it('keeps apart two pages each holding records without an id (their keys are positions on the page)', () => {
    const anonymous = { quarantined: [{ crmId: null, objectType: 'opportunity' as const, reason: 'no Id', raw: {} }] };
    expect(canJoin(page(1, anonymous), page(2, anonymous))).toBe(false);
    expect(canJoin(page(1, anonymous), page(2, { opportunities: [opp('2')] }))).toBe(true);
  });
});

describe('PageReadAhead', () => {
  it('hands over the first page alone, then what was read meanwhile as one page with the last cursor', async () => {
    const pages = [1, 2, 3].map((n) => prepared(page(n, { opportunities: [opp(String(n))] }), [[String(n), `2026-01-0${n}T00:00:00.000Z`]]));
    const crm = source(pages);
    const ahead = new PageReadAhead(crm.read, { aheadRecords: 10, batchRecords: 10 });
    await crm.release();
    const first = await ahead.next();
    expect(first!.page.opportunities.map((o) => o.crmId)).toEqual(['1']);
    await crm.release(3);
    const second = await ahead.next();
    expect(second!.page.opportunities.map((o) => o.crmId)).toEqual(['2', '3']);
    expect(second!.page.cursor).toEqual({ at: 3 });
    expect(second!.page.progress).toEqual({ fetched: 3, total: null });
    expect([...second!.history.keys()]).toEqual(['2', '3']);
    expect(await ahead.next()).toBeNull();
  });

  it('does not join a page sharing a record with the batch', async () => {
    const pages = [prepared(page(1, { opportunities: [opp('1')] })), prepared(page(2, { opportunities: [opp('1')] })), prepared(page(3, { opportunities: [opp('3')] }))];
    const crm = source(pages);
    const ahead = new PageReadAhead(crm.read, { aheadRecords: 10, batchRecords: 10 });
    await crm.release(4);
    expect((await ahead.next())!.page.opportunities.map((o) => o.crmId)).toEqual(['1']);
    expect((await ahead.next())!.page.opportunities.map((o) => o.crmId)).toEqual(['1', '3']);
    expect(await ahead.next()).toBeNull();
  });

  it('stops joining once a batch holds batchRecords', async () => {
    const pages = [1, 2, 3].map((n) => prepared(page(n, { opportunities: [opp(String(n))] })));
    const crm = source(pages);
    const ahead = new PageReadAhead(crm.read, { aheadRecords: 10, batchRecords: 2 });
    await crm.release(4);
    expect((await ahead.next())!.page.cursor).toEqual({ at: 2 });
    expect((await ahead.next())!.page.cursor).toEqual({ at: 3 });
    expect(await ahead.next()).toBeNull();
  });

  it('reads no further ahead than aheadRecords', async () => {
    const pages = [1, 2, 3, 4].map((n) => prepared(page(n, { opportunities: [opp(String(n))] })));
    let reads = 0;
    const ahead = new PageReadAhead(async () => pages[reads++] ?? null, { aheadRecords: 2, batchRecords: 1 });
    await tick();
    expect(reads).toBe(2);
    expect((await ahead.next())!.page.cursor).toEqual({ at: 1 });
    await tick();
    expect(reads).toBe(3);
  });

  it('hands over the pages read before a failure, then the failure', async () => {
    const pages = [1, 2].map((n) => prepared(page(n, { opportunities: [opp(String(n))] })));
    const crm = source(pages, 2);
    const ahead = new PageReadAhead(crm.read, { aheadRecords: 10, batchRecords: 10 });
    await crm.release(3);
    expect((await ahead.next())!.page.cursor).toEqual({ at: 2 });
    await expect(ahead.next()).rejects.toThrow('the CRM is gone');
  });
});
