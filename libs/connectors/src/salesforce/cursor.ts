import { z } from 'zod';
import { CrmError } from '../core/errors.js';
import type { SyncCursor } from '../core/normalized.js';
import type { KeysetPosition } from './soql.js';

/**
 * Where each stream stopped: the (SystemModstamp, Id) of the last row handed
 * out; and the org's clock when the run that wrote it began (its first
 * answer's `Date`), from which the next run judges what it must read again
 * (`rereadFrom`). Versioned, so a later format can read this one.
 *
 *   { "v": 1, "opportunity": { "ts": "2026-05-01T10:00:01.000Z", "id": "006…" }, "account": null,
 *     "orgRunStartedAt": "2026-05-01T10:15:00.000Z" }
 */
const position = z.object({ ts: z.iso.datetime({ precision: 3 }), id: z.string() });
const cursorSchema = z.object({
  v: z.literal(1),
  opportunity: position.nullable(),
  account: position.nullable(),
  orgRunStartedAt: z.iso.datetime({ precision: 3 }).nullable().default(null),
});

export type SalesforceCursor = z.infer<typeof cursorSchema>;
export type Stream = 'account' | 'opportunity';

export const emptyCursor = (): SalesforceCursor => ({ v: 1, opportunity: null, account: null, orgRunStartedAt: null });

export function readCursor(cursor: SyncCursor | null): SalesforceCursor {
  if (cursor === null) return emptyCursor();
  const parsed = cursorSchema.safeParse(cursor);
  if (!parsed.success) {
    throw new CrmError('CURSOR_INVALID', `the stored Salesforce sync cursor is not one this connector wrote (${JSON.stringify(cursor).slice(0, 200)})`);
  }
  return parsed.data;
}

export function withPosition(cursor: SalesforceCursor, stream: Stream, at: KeysetPosition): SalesforceCursor {
  return { ...cursor, [stream]: { ts: at.ts, id: at.id } };
}

/**
 * Where a run reads a stream from, for a lookback of `lookbackMs`
 * (docs/decisions/004-sync-design.md). A row commits at most a lookback after
 * its SystemModstamp, so every row stamped a lookback before the previous run
 * began had committed then, and that run read it: the run reads again from
 * there (an empty id sorts first at that instant), or exactly after the
 * cursor when nothing is left unsettled (a quiet org reads nothing twice).
 * Without the previous run's start, a whole lookback before the cursor.
 */
export function rereadFrom(cursor: SalesforceCursor, stream: Stream, lookbackMs: number): KeysetPosition | null {
  const at = cursor[stream];
  if (!at || lookbackMs <= 0) return at;
  const atMs = Date.parse(at.ts);
  const fromMs = cursor.orgRunStartedAt === null ? atMs - lookbackMs : Math.min(atMs, Date.parse(cursor.orgRunStartedAt) - lookbackMs);
  return fromMs >= atMs ? at : { ts: new Date(fromMs).toISOString(), id: '' };
}
