import { z } from 'zod';
import { CrmError } from '../core/errors.js';
import type { SyncCursor } from '../core/normalized.js';
import type { KeysetPosition } from './soql.js';

/**
 * Where each stream stopped: the (SystemModstamp, Id) of the last row handed
 * out. Versioned, so a later format can read this one.
 *
 *   { "v": 1, "opportunity": { "ts": "2026-05-01T10:00:01.000Z", "id": "006…" }, "account": null }
 */
const position = z.object({ ts: z.iso.datetime({ precision: 3 }), id: z.string() });
const cursorSchema = z.object({ v: z.literal(1), opportunity: position.nullable(), account: position.nullable() });

export type SalesforceCursor = z.infer<typeof cursorSchema>;
export type Stream = 'account' | 'opportunity';

export const emptyCursor = (): SalesforceCursor => ({ v: 1, opportunity: null, account: null });

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
