import type { HubspotClient } from './client.js';
import type { HubspotCursor } from './cursor.js';
import type { RawObject } from './raw.js';

/**
 * Incremental reading through the CRM search API
 * (https://developers.hubspot.com/docs/api/crm/search): windows
 * `[cursor.ms, endMs]` on `hs_lastmodifieddate`, sorted ascending, 200 a page.
 * A query never pages past 10,000 results, so a window whose first page
 * reports more is halved until it does not; a single millisecond holding more
 * than 10,000 deals is drained by `hs_object_id` instead.
 */
export interface SearchBatch {
  deals: RawObject[];
  state: HubspotCursor;
  /** Deals the current window or drain still holds after this batch, as HubSpot counts them. */
  remaining: number;
}

const LIMIT = 200;
const RESULT_CAP = 10_000;
const PROPERTY = 'hs_lastmodifieddate';

export function modifiedMsOf(deal: RawObject): number {
  const value = deal.properties[PROPERTY];
  const ms = typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Date.parse(value)) : NaN;
  return Number.isFinite(ms) ? ms : Date.parse(deal.updatedAt ?? '');
}

export async function* incrementalBatches(
  client: HubspotClient,
  initial: HubspotCursor,
  endMs: number,
  properties: string[],
): AsyncGenerator<SearchBatch, HubspotCursor> {
  let state = initial;
  const search = (startMs: number, hiMs: number, offset: number) =>
    client.searchDeals({
      filterGroups: [
        {
          filters: [
            { propertyName: PROPERTY, operator: 'GTE', value: String(startMs) },
            { propertyName: PROPERTY, operator: 'LTE', value: String(hiMs) },
          ],
        },
      ],
      sorts: [{ propertyName: PROPERTY, direction: 'ASCENDING' }],
      properties,
      limit: LIMIT,
      after: String(offset),
    });

  // The nearest upper bound last seen over the cap: the next window tries it before `endMs`.
  let overCapAt: number | null = null;
  while (state.cursor.ms <= endMs) {
    if (state.cursor.drainAfterId !== null) {
      state = yield* drain(client, state, properties);
      continue;
    }
    const startMs = state.cursor.ms;
    let hiMs: number = overCapAt !== null && overCapAt >= startMs ? overCapAt : endMs;
    overCapAt = null;
    let page = await search(startMs, hiMs, 0);
    while (page.total > RESULT_CAP && hiMs > startMs) {
      overCapAt = hiMs;
      hiMs = startMs + Math.floor((hiMs - startMs) / 2);
      page = await search(startMs, hiMs, 0);
    }
    if (page.total > RESULT_CAP) {
      state = { ...state, cursor: { ...state.cursor, idsAtMs: [], drainAfterId: '0' } };
      continue;
    }

    // Ids at `startMs` read before (a previous page or run), and ids read in this window.
    const readAtStart = new Set(state.cursor.idsAtMs);
    const seen = new Set<string>();
    let keyMs = startMs;
    let keyIds = [...state.cursor.idsAtMs];
    let offset = 0;
    let windowTotal = page.total;
    for (;;) {
      const fresh: RawObject[] = [];
      for (const deal of page.results) {
        const ms = modifiedMsOf(deal);
        if (seen.has(deal.id) || (ms === startMs && readAtStart.has(deal.id))) continue;
        seen.add(deal.id);
        fresh.push(deal);
        if (ms > keyMs) [keyMs, keyIds] = [ms, [deal.id]];
        else if (ms === keyMs) keyIds.push(deal.id);
      }
      // A deal edited while the window is read leaves it, and every later offset moves down:
      // when the total shrinks, read again from where the vacated positions now start.
      const shrunk = windowTotal - page.total;
      windowTotal = page.total;
      const next = shrunk > 0 ? Math.max(0, offset - shrunk) : page.nextAfter === null ? null : Number(page.nextAfter);
      const done = next === null;
      state = done
        ? { ...state, window: null, cursor: { property: PROPERTY, ms: hiMs + 1, idsAtMs: [], drainAfterId: null } }
        : {
            ...state,
            window: { startMs, endMs: hiMs, after: String(next), total: windowTotal },
            // A copy: the ids at `keyMs` keep growing after this page is handed over.
            cursor: { property: PROPERTY, ms: keyMs, idsAtMs: [...keyIds], drainAfterId: null },
          };
      if (fresh.length || done) yield { deals: fresh, state, remaining: Math.max(0, windowTotal - seen.size) };
      // Past the 10,000th result (the window grew while read): a new window from the keyset.
      if (done || next + LIMIT > RESULT_CAP) break;
      offset = next;
      page = await search(startMs, hiMs, offset);
    }
  }
  return state;
}

/** More than 10,000 deals at one millisecond: page them by `hs_object_id` (keyset, never an offset). */
async function* drain(client: HubspotClient, initial: HubspotCursor, properties: string[]): AsyncGenerator<SearchBatch, HubspotCursor> {
  let state = initial;
  const ms = state.cursor.ms;
  let afterId = state.cursor.drainAfterId ?? '0';
  for (;;) {
    const page = await client.searchDeals({
      filterGroups: [
        {
          filters: [
            { propertyName: PROPERTY, operator: 'EQ', value: String(ms) },
            { propertyName: 'hs_object_id', operator: 'GT', value: afterId },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit: LIMIT,
      after: '0',
    });
    const done = page.nextAfter === null || !page.results.length;
    if (page.results.length) afterId = page.results[page.results.length - 1].id;
    state = done
      ? { ...state, window: null, cursor: { property: PROPERTY, ms: ms + 1, idsAtMs: [], drainAfterId: null } }
      : { ...state, window: { startMs: ms, endMs: ms, after: null, total: page.total }, cursor: { property: PROPERTY, ms, idsAtMs: [], drainAfterId: afterId } };
    yield { deals: page.results, state, remaining: Math.max(0, page.total - page.results.length) };
    if (done) return state;
  }
}
