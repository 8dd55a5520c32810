import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deal, partnershipData, state } from '../__fixtures__/deals.js';
import type { DealHistoryRow, DealRecord } from '../deal-records.js';
import { quarterOf, quarterRange } from '../fiscal-calendar.js';
import { quarterCall } from '../quarter-call.js';
import { PartnershipFigures, type MotionDefinition } from '../quarter-metrics.js';
import { attributionSplit, jointNumber, motionAttainment } from './group-scan.js';

/**
 * The production path (`PartnershipFigures`, summing the per-day cube) gives
 * what the oracle's plain scan of every group gives, on random partnerships.
 * Amounts are whole units, so both sums are exact whatever their order and the
 * figures must be equal to the last bit, not merely to the cent.
 */
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2025, 11, 1) / DAY_MS;
const SPAN_DAYS = 600; // December 2025 to July 2027: six quarters and their edges
/** A month's first day, or the day before: where quarters start and end, whatever the fiscal start month. */
const monthEdge = fc.tuple(fc.integer({ min: 0, max: 19 }), fc.constantFrom(-1, 0)).map(([m, d]) => Date.UTC(2025, 11 + m, 1) / DAY_MS + d);
const day = fc.oneof(fc.integer({ min: FIRST_DAY - 5, max: FIRST_DAY + SPAN_DAYS }), monthEdge);
const isoDate = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
/** Any instant, or a quarter's first instant and the millisecond before it. */
const instant = fc.oneof(
  fc.integer({ min: (FIRST_DAY - 5) * DAY_MS, max: (FIRST_DAY + SPAN_DAYS) * DAY_MS }),
  fc.tuple(fc.integer({ min: 0, max: 19 }), fc.constantFrom(-1, 0)).map(([m, ms]) => Date.UTC(2025, 11 + m, 1) + ms),
);
const category = fc.constantFrom('pipeline', 'upside', 'commit', 'closed_won', 'closed_lost', 'omitted', null);
const attribution = fc.constantFrom('sourced', 'influenced', null);
const motion = fc.constantFrom('m1', 'M2 ', 'm3', 'nope', null);
const amount = fc.option(fc.integer({ min: -1_000, max: 100_000 }), { freq: 8 });
const domain = fc.constantFrom('acme.com', 'beta.io', 'gamma.com', null);

const values = fc.record({
  amount,
  closeDate: fc.option(day.map(isoDate), { freq: 10 }),
  category,
  attribution,
  motion,
});

const recordArb = fc.record({
  side: fc.constantFrom('A' as const, 'B' as const),
  partner: fc.option(fc.nat(39), { freq: 3 }),
  domain,
  createdAt: fc.option(instant.map((ms) => new Date(ms).toISOString()), { freq: 20 }),
  deleted: fc.boolean(),
  values,
  history: fc.array(fc.record({ at: instant, values, deleted: fc.boolean() }), { maxLength: 2 }),
});

const motionDefinitions = fc.tuple(
  ...['m1', 'm2', 'm3'].map((key) =>
    fc.record({
      status: fc.constantFrom('active' as const, 'killed' as const),
      forecast: fc.option(fc.constantFrom(0, 500, 2_000, 50_000), { freq: 4 }),
      stretch: fc.option(fc.constantFrom(0, 1_000, 80_000)),
    }).map(({ status, forecast, stretch }): MotionDefinition => ({
      key,
      name: key,
      status,
      // One forecast for every quarter the test may ask about, or none.
      forecasts: forecast === null ? {} : Object.fromEntries(quarterRange('2025-Q1', '2028-Q4').map((q) => [q, { forecast, stretch }])),
    })),
  ),
);

const partnershipArb = fc.record({
  records: fc.array(recordArb, { maxLength: 40 }),
  motions: motionDefinitions,
  bookingSide: fc.constantFrom('A' as const, 'B' as const),
  killThreshold: fc.constantFrom(0, 0.05, 0.5, 1),
  startMonth: fc.integer({ min: 1, max: 12 }),
  stateAtMs: instant,
  /** The quarter asked about: the one this instant falls in, so it is always among the data's. */
  inQuarter: instant,
  asOfMs: instant,
});

type Partnership = typeof partnershipArb extends fc.Arbitrary<infer T> ? T : never;

function build(p: Partnership) {
  const records: DealRecord[] = p.records.map((r, i) =>
    deal({
      side: r.side,
      crmId: `r${i}`,
      partnerRecordId: r.partner === null ? null : `r${r.partner}`,
      domain: r.domain,
      createdAt: r.createdAt,
      deleted: r.deleted,
      ...r.values,
    }),
  );
  const history: DealHistoryRow[] = p.records.flatMap((r, i) =>
    r.history.map((h) => state(`${r.side}:r${i}`, new Date(h.at).toISOString(), { ...h.values, deleted: h.deleted })),
  );
  const figures = new PartnershipFigures(
    partnershipData(records, history, {
      motions: p.motions,
      bookingSide: p.bookingSide,
      killThreshold: p.killThreshold,
      calendar: { startMonth: p.startMonth, namedBy: 'start' },
      stateAtMs: p.stateAtMs,
    }),
  );
  return { figures, quarter: quarterOf(p.inQuarter, figures.data.calendar) };
}

describe('the figures production runs equal the oracle’s scan of every group', () => {
  it('joint, split, call and motions, on random partnerships, quarters and instants', () => {
    fc.assert(
      fc.property(partnershipArb, (p) => {
        const { figures, quarter } = build(p);
        const { bounds, range, joint, split, call, motions } = figures.quarterFigures(quarter, p.asOfMs);
        const { groups } = figures.stateAt(p.asOfMs);
        const scanned = jointNumber(groups, range);
        const atStart = p.asOfMs >= bounds.startMs ? jointNumber(figures.stateAt(bounds.startMs).groups, range) : null;
        const plans = p.motions.map((m) => ({ key: m.key, name: m.name, status: m.status, forecast: m.forecasts[quarter]?.forecast ?? null, stretch: m.forecasts[quarter]?.stretch ?? null }));
        expect(joint).toEqual(scanned);
        expect(split).toEqual(attributionSplit(groups, range, scanned.total));
        expect(call).toEqual(quarterCall(atStart, scanned));
        expect(motions).toEqual(motionAttainment(groups, plans, bounds, range, p.asOfMs, p.killThreshold));
      }),
      { numRuns: 300 },
    );
  });
});
