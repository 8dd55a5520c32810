import type { HistorySnapshot, NormalizedOpportunity } from '@alignboard/connectors';
import { describe, expect, it } from 'vitest';
import { backfillRows } from './page-writer.js';

const current = {
  crmId: '006A',
  amount: '500.00',
  currency: 'EUR',
  closeDate: '2026-12-15',
  stage: 'Negotiation',
  forecastCategory: 'commit',
  probability: 0.8,
  attribution: 'sourced',
  motionKey: 'cloud',
  modifiedAt: '2026-11-20T10:00:00.000Z',
} as NormalizedOpportunity;

describe('backfillRows', () => {
  it('keeps one row per instant (the first), only before the record’s own stamp, completed with its current values', () => {
    const history = new Map<string, HistorySnapshot[]>([
      [
        '006A',
        [
          { validFrom: '2026-10-01T09:00:00.000Z', amount: '100.00', stage: 'Prospecting', forecastCategory: 'pipeline' },
          // The same instant written another way: a second snapshot there would collide in the table.
          { validFrom: '2026-10-01T09:00:00Z', amount: '999.00' },
          { validFrom: '2026-11-01T12:30:00.000Z', amount: '300.00', closeDate: null },
          // At and after the record's own stamp: the sync row stands there.
          { validFrom: '2026-11-20T10:00:00.000Z', amount: '500.00' },
          { validFrom: '2026-11-21T00:00:00.000Z', amount: '700.00' },
        ],
      ],
    ]);
    const rows = backfillRows([{ id: 'uuid-1', crmId: '006A' }], new Map([['006A', current]]), history);
    expect(rows).toEqual([
      {
        opportunity_id: 'uuid-1', valid_from: '2026-10-01T09:00:00.000Z', amount: '100.00', currency: 'EUR',
        close_date: '2026-12-15', stage: 'Prospecting', forecast_category: 'pipeline', probability: 0.8,
        attribution: 'sourced', motion_key: 'cloud',
      },
      {
        opportunity_id: 'uuid-1', valid_from: '2026-11-01T12:30:00.000Z', amount: '300.00', currency: 'EUR',
        close_date: null, stage: 'Negotiation', forecast_category: 'commit', probability: 0.8,
        attribution: 'sourced', motion_key: 'cloud',
      },
    ]);
  });

  it('gives a record without history no rows', () => {
    expect(backfillRows([{ id: 'uuid-1', crmId: '006A' }], new Map([['006A', current]]), new Map())).toEqual([]);
  });
});
