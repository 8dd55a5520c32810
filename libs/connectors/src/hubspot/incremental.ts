import type { HubspotClient } from './client.js';
import { raiseMark, rereadFrom, type HubspotCursor } from './cursor.js';
import type { RawObject } from './raw.js';

/**
 * Incremental reading through the CRM search API
 * (https://developers.hubspot.com/docs/api/crm/search): windows on
 * `hs_lastmodifieddate` from the mark minus the lookback up to `endMs`,
 * sorted ascending, 200 a page. A query never pages past 10,000 results, so a
 * window whose first page reports more is halved until it does not; a single
 * millisecond holding more than 10,000 deals is drained by `hs_object_id`.
 *
 * The stored mark is the highest stamp read, HubSpot's own; `endMs` (the
 * machine's clock less the indexing lag) only bounds the windows. Search
 * indexes edits late and a portal's clock is not ours, so each run reads
 * again behind the mark what may not have been searchable when the previous
 * run passed it (`rereadFrom`). Deals read again unchanged are the sync's
 * `unchanged`. Each batch's state records HubSpot's clock when this run began.
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
  lookbackMs: number,
): AsyncGenerator<SearchBatch, HubspotCursor> {
  let state = initial;
  // HubSpot's clock at this run's first answer: what the next run reads again is judged by it.
  let startedMs: number | null = null;
  const search = async (startMs: number, hiMs: number, offset: number) => {
    const page = await client.searchDeals({
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
    if (startedMs === null && page.serverMs !== null) {
      startedMs = page.serverMs;
      state = { ...state, crmRunStartedMs: startedMs };
    }
    return page;
  };

  // Where this run reads from, and the ids at that instant it may skip.
  let scanMs: number;
  let skipAtScan: Set<string>;
  if (state.cursor.drain) {
    // A run stopped inside a drain had read everything before that millisecond.
    const drained = state.cursor.drain.ms;
    state = yield* drain(client, state, properties);
    scanMs = drained + 1;
    skipAtScan = new Set();
  } else {
    scanMs = rereadFrom(state, lookbackMs);
    // From the mark itself, the deals already read at it need not come again.
    skipAtScan = new Set(scanMs === state.cursor.ms ? state.cursor.idsAtMs : []);
  }

  // The nearest upper bound last seen over the cap: the next window tries it before `endMs`.
  let overCapAt: number | null = null;
  while (scanMs <= endMs) {
    let hiMs: number = overCapAt !== null && overCapAt >= scanMs ? overCapAt : endMs;
    overCapAt = null;
    let page = await search(scanMs, hiMs, 0);
    while (page.total > RESULT_CAP && hiMs > scanMs) {
      overCapAt = hiMs;
      hiMs = scanMs + Math.floor((hiMs - scanMs) / 2);
      page = await search(scanMs, hiMs, 0);
    }
    if (page.total > RESULT_CAP) {
      state = { ...state, cursor: { ...state.cursor, drain: { ms: scanMs, afterId: '0' } } };
      state = yield* drain(client, state, properties);
      [scanMs, skipAtScan] = [scanMs + 1, new Set()];
      continue;
    }

    const seen = new Set<string>();
    // The latest instant read in this window and the ids read at it: where a restarted window begins.
    let keyMs = scanMs;
    let keyIds = [...skipAtScan];
    let offset = 0;
    let windowTotal = page.total;
    let finished = false;
    for (;;) {
      const fresh: RawObject[] = [];
      let cursor = state.cursor;
      for (const deal of page.results) {
        const ms = modifiedMsOf(deal);
        if (seen.has(deal.id) || (ms === scanMs && skipAtScan.has(deal.id))) continue;
        seen.add(deal.id);
        fresh.push(deal);
        cursor = raiseMark(cursor, ms, deal.id);
        if (ms > keyMs) [keyMs, keyIds] = [ms, [deal.id]];
        else if (ms === keyMs) keyIds.push(deal.id);
      }
      // A deal edited while the window is read leaves it, and every later offset moves down:
      // when the total shrinks, read again from where the vacated positions now start.
      const shrunk = windowTotal - page.total;
      windowTotal = page.total;
      const next = shrunk > 0 ? Math.max(0, offset - shrunk) : page.nextAfter === null ? null : Number(page.nextAfter);
      finished = next === null;
      state = { ...state, cursor, window: finished ? null : { startMs: scanMs, endMs: hiMs, after: String(next), total: windowTotal } };
      if (fresh.length || finished) yield { deals: fresh, state, remaining: Math.max(0, windowTotal - seen.size) };
      // Past the 10,000th result (the window grew while read): a new window from the keyset.
      if (next === null || next + LIMIT > RESULT_CAP) break;
      offset = next;
      page = await search(scanMs, hiMs, offset);
    }
    [scanMs, skipAtScan] = finished ? [hiMs + 1, new Set()] : [keyMs, new Set(keyIds)];
  }
  return state;
}

/** More than 10,000 deals at one millisecond: page them by `hs_object_id` (keyset, never an offset). */
async function* drain(client: HubspotClient, initial: HubspotCursor, properties: string[]): AsyncGenerator<SearchBatch, HubspotCursor> {
  let state = initial;
  const { ms } = state.cursor.drain!;
  let afterId = state.cursor.drain!.afterId;
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
    let cursor = state.cursor;
    for (const deal of page.results) cursor = raiseMark(cursor, ms, deal.id);
    if (page.results.length) afterId = page.results[page.results.length - 1].id;
    state = done
      ? { ...state, window: null, cursor: { ...cursor, drain: null } }
      : { ...state, window: { startMs: ms, endMs: ms, after: null, total: page.total }, cursor: { ...cursor, drain: { ms, afterId } } };
    yield { deals: page.results, state, remaining: Math.max(0, page.total - page.results.length) };
    if (done) return state;
  }
}
