import { z } from 'zod';
import { CrmError } from '../core/errors.js';
import type { SyncCursor } from '../core/normalized.js';

/**
 * The HubSpot sync position, stored with every page (reference §5.2). Every
 * instant in it is HubSpot's own (`hs_lastmodifieddate`, a response's `Date`):
 * the sync machine's clock only bounds a search window, never where the next
 * run starts.
 *
 * - `backfill` (mode `backfill`): the list endpoint's `after`; the highest
 *   `hs_lastmodifieddate` listed, with the ids at it; and HubSpot's clock when
 *   the backfill began (the first list page's `Date`), below which no deal
 *   edited during the backfill can be stamped.
 * - `cursor` (mode `incremental`): the highest `hs_lastmodifieddate` read
 *   (`ms`) and the ids read at it; `drain` is set while one millisecond
 *   holding more than 10,000 deals is paged by `hs_object_id`.
 * - `crmRunStartedMs`: HubSpot's clock when the run that wrote this cursor
 *   began (its first answer's `Date`). Every edit stamped a lookback before
 *   it was searchable by then, so that run read it; the next run reads again
 *   only from there (`rereadFrom`), not a whole lookback every time.
 * - `window`: the search window being read (for progress and diagnosis).
 * - `archivedScan`: the archived list's `after` while a scan is under way, and
 *   when the last complete scan finished.
 *
 * v1 cursors (whose `ms` was one past a window that ended at the machine's
 * clock) are read as v2: their `ms` becomes the mark, and the lookback reaches
 * behind it.
 */
const cursorSchema = z.object({
  v: z.literal(2),
  mode: z.enum(['backfill', 'incremental']),
  backfill: z
    .object({
      after: z.string().nullable(),
      maxUpdatedMs: z.number(),
      idsAtMax: z.array(z.string()),
      crmStartedAtMs: z.number().nullable(),
    })
    .nullable(),
  cursor: z.object({
    property: z.literal('hs_lastmodifieddate'),
    ms: z.number(),
    idsAtMs: z.array(z.string()),
    drain: z.object({ ms: z.number(), afterId: z.string() }).nullable(),
  }),
  window: z
    .object({ startMs: z.number(), endMs: z.number(), after: z.string().nullable(), total: z.number() })
    .nullable(),
  archivedScan: z.object({ after: z.string().nullable(), lastCompletedAt: z.string().nullable() }),
  crmRunStartedMs: z.number().nullable().default(null),
});

const v1Schema = z.object({
  v: z.literal(1),
  mode: z.enum(['backfill', 'incremental']),
  backfill: z.object({ after: z.string().nullable(), maxUpdatedMs: z.number(), idsAtMax: z.array(z.string()), startedAtMs: z.number() }).nullable(),
  cursor: z.object({ property: z.literal('hs_lastmodifieddate'), ms: z.number(), idsAtMs: z.array(z.string()), drainAfterId: z.string().nullable() }),
  window: cursorSchema.shape.window,
  archivedScan: cursorSchema.shape.archivedScan,
});

export type HubspotCursor = z.infer<typeof cursorSchema>;

export function initialCursor(): HubspotCursor {
  return {
    v: 2,
    mode: 'backfill',
    backfill: { after: null, maxUpdatedMs: 0, idsAtMax: [], crmStartedAtMs: null },
    cursor: { property: 'hs_lastmodifieddate', ms: 0, idsAtMs: [], drain: null },
    window: null,
    archivedScan: { after: null, lastCompletedAt: null },
    crmRunStartedMs: null,
  };
}

export function parseCursor(cursor: SyncCursor | null): HubspotCursor {
  if (!cursor) return initialCursor();
  const parsed = cursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  const v1 = v1Schema.safeParse(cursor);
  if (v1.success) {
    const old = v1.data;
    return {
      ...old,
      v: 2,
      // The backfill's start was the machine's clock: unknown in HubSpot's terms.
      backfill: old.backfill && { after: old.backfill.after, maxUpdatedMs: old.backfill.maxUpdatedMs, idsAtMax: old.backfill.idsAtMax, crmStartedAtMs: null },
      cursor: { property: 'hs_lastmodifieddate', ms: old.cursor.ms, idsAtMs: old.cursor.idsAtMs, drain: old.cursor.drainAfterId === null ? null : { ms: old.cursor.ms, afterId: old.cursor.drainAfterId } },
      crmRunStartedMs: null,
    };
  }
  const issue = parsed.error.issues[0];
  throw new CrmError('CURSOR_INVALID', `not a HubSpot sync cursor (v2): ${issue?.path.join('.')}: ${issue?.message}`);
}

/** Too many ids at one millisecond make the cursor heavy; reading them again instead is harmless. */
const MAX_IDS_AT_MS = 1000;

/** The mark after reading a deal stamped `ms`: it only ever moves forward. */
export function raiseMark(cursor: HubspotCursor['cursor'], ms: number, id: string): HubspotCursor['cursor'] {
  if (ms > cursor.ms) return { ...cursor, ms, idsAtMs: [id] };
  if (ms === cursor.ms && cursor.idsAtMs.length < MAX_IDS_AT_MS && !cursor.idsAtMs.includes(id)) return { ...cursor, idsAtMs: [...cursor.idsAtMs, id] };
  return cursor;
}

/**
 * After the backfill, the mark is the highest stamp the list showed, or
 * HubSpot's clock when the backfill began when that is earlier: a deal edited
 * while the list was paged may have been listed before the edit, and its edit
 * is stamped after the backfill began.
 */
export function afterBackfill(state: HubspotCursor): HubspotCursor {
  const backfill = state.backfill!;
  const started = backfill.crmStartedAtMs;
  const fromMax = started === null || backfill.maxUpdatedMs <= started;
  const ms = fromMax ? backfill.maxUpdatedMs : started;
  const idsAtMs = fromMax && backfill.idsAtMax.length <= MAX_IDS_AT_MS ? backfill.idsAtMax : [];
  return { ...state, mode: 'incremental', backfill: null, cursor: { ...state.cursor, ms, idsAtMs, drain: null }, crmRunStartedMs: started };
}

/**
 * Where an incremental run reads from, for a lookback of `lookbackMs`
 * (docs/decisions/004-sync-design.md): an edit is searchable at most a
 * lookback after its stamp, so everything stamped a lookback before the
 * previous run began was searchable then, and that run read it. What may
 * still show up behind the mark is stamped after that instant: the run reads
 * again from there, or from the mark when nothing is left unsettled (a quiet
 * portal reads nothing twice). Without the previous run's start, a whole
 * lookback before the mark.
 */
export function rereadFrom(state: HubspotCursor, lookbackMs: number): number {
  const mark = state.cursor.ms;
  if (lookbackMs <= 0) return mark;
  if (state.crmRunStartedMs === null) return Math.max(0, mark - lookbackMs);
  return Math.max(0, Math.min(mark, state.crmRunStartedMs - lookbackMs));
}
