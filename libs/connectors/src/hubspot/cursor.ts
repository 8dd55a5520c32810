import { z } from 'zod';
import { CrmError } from '../core/errors.js';
import type { SyncCursor } from '../core/normalized.js';

/**
 * The HubSpot sync position, stored with every page (reference §5.2).
 *
 * - `backfill` (mode `backfill`): the list endpoint's `after`, and the highest
 *   `hs_lastmodifieddate` seen with the ids at it, where incremental starts.
 * - `cursor` (mode `incremental`): everything modified before `ms` is read,
 *   and at `ms` the ids in `idsAtMs`; while one millisecond holds more than
 *   10,000 deals, `drainAfterId` is the last `hs_object_id` read at `ms`.
 * - `window`: the search window being read (for progress and diagnosis; a
 *   resumed run restarts from `cursor`, which offsets could not survive).
 * - `archivedScan`: the archived list's `after` while a scan is under way, and
 *   when the last complete scan finished.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  mode: z.enum(['backfill', 'incremental']),
  backfill: z
    .object({
      after: z.string().nullable(),
      maxUpdatedMs: z.number(),
      idsAtMax: z.array(z.string()),
      startedAtMs: z.number(),
    })
    .nullable(),
  cursor: z.object({
    property: z.literal('hs_lastmodifieddate'),
    ms: z.number(),
    idsAtMs: z.array(z.string()),
    drainAfterId: z.string().nullable(),
  }),
  window: z
    .object({ startMs: z.number(), endMs: z.number(), after: z.string().nullable(), total: z.number() })
    .nullable(),
  archivedScan: z.object({ after: z.string().nullable(), lastCompletedAt: z.string().nullable() }),
});

export type HubspotCursor = z.infer<typeof cursorSchema>;

export function initialCursor(nowMs: number): HubspotCursor {
  return {
    v: 1,
    mode: 'backfill',
    backfill: { after: null, maxUpdatedMs: 0, idsAtMax: [], startedAtMs: nowMs },
    cursor: { property: 'hs_lastmodifieddate', ms: 0, idsAtMs: [], drainAfterId: null },
    window: null,
    archivedScan: { after: null, lastCompletedAt: null },
  };
}

export function parseCursor(cursor: SyncCursor | null, nowMs: number): HubspotCursor {
  if (!cursor) return initialCursor(nowMs);
  const parsed = cursorSchema.safeParse(cursor);
  if (!parsed.success) {
    throw new CrmError('CURSOR_INVALID', `not a HubSpot sync cursor (v1): ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

/** Too many ids at one millisecond make the cursor heavy; re-reading them instead is harmless. */
const MAX_IDS_AT_MS = 1000;

/**
 * After the backfill, incremental reads from the highest stamp the list showed,
 * or from the backfill's start when that is earlier: a deal edited while the
 * list was being paged may carry a stamp below that maximum.
 */
export function afterBackfill(state: HubspotCursor): HubspotCursor {
  const backfill = state.backfill!;
  const fromMax = backfill.maxUpdatedMs <= backfill.startedAtMs;
  const ms = fromMax ? backfill.maxUpdatedMs : backfill.startedAtMs;
  const idsAtMs = fromMax && backfill.idsAtMax.length <= MAX_IDS_AT_MS ? backfill.idsAtMax : [];
  return { ...state, mode: 'incremental', backfill: null, cursor: { ...state.cursor, ms, idsAtMs, drainAfterId: null } };
}
