import type { PreworkPacketContent } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { systemClock } from '../clock/clock.js';
import { pino } from 'pino';
import { FiguresReadModel } from '../metrics/figures-read-model.js';
import { MetricsInvalidation } from '../metrics/metrics-invalidation.js';
import { PartnershipDataLoader } from '../metrics/partnership-data.loader.js';
import { packetFixture, seedPacketPartnership, type PacketFixtureIds } from './__fixtures__/packet-partnership.js';
import { preworkPacketContent } from './packet-content.js';
import { PacketSources } from './packet-sources.js';

const { ids } = packetFixture;
const group = (id: string, side: 'A' | 'B' = 'A') => `${side}:${id}`;
const packetSources = (db: TestDatabase) =>
  new PacketSources(
    db.dataSource,
    new FiguresReadModel(new PartnershipDataLoader(db.dataSource), new MetricsInvalidation(), pino({ level: 'silent' }), systemClock),
  );

/**
 * The packet of M2 (2026-Q2, 2026-04-16) as of 2026-04-13T06:00Z, read from
 * the hand-built partnership of `__fixtures__/packet-partnership.ts` (its
 * table is the reference for every number below). "Since" is the last
 * meeting M1's day, 2026-01-15T00:00Z: the cancelled M1c never met.
 */
describe('prework packet content', () => {
  let db: TestDatabase;
  let fx: PacketFixtureIds;
  let c: PreworkPacketContent;

  beforeAll(async () => {
    db = await createTestDatabase();
    fx = await seedPacketPartnership((sql, params) => db.dataSource.query(sql, params), 'packet-content');
    const sources = packetSources(db);
    c = preworkPacketContent(await sources.inputs(fx.meetings.M2, Date.parse(packetFixture.asOf)));
  });
  afterAll(() => db.close());

  it('names the meeting, the two quarters and the last meeting it counts changes from', () => {
    expect(c.partnership).toEqual({
      key: 'packet-content',
      name: 'Cobalt x Northgate (packet-content)',
      currency: 'USD',
      companies: { A: 'Cobalt Security', B: 'Northgate Systems' },
    });
    expect(c.meeting).toMatchObject({ id: fx.meetings.M2, quarter: '2026-Q2', scheduledDate: '2026-04-16' });
    expect(c.asOf).toBe('2026-04-13T06:00:00.000Z');
    expect(c.quarters).toEqual({ ended: '2026-Q1', current: '2026-Q2' });
    expect(c.lastMeeting).toEqual({ id: fx.meetings.M1, quarter: '2026-Q1', scheduledDate: '2026-01-15', status: 'held' });
    expect(c.since).toBe('2026-01-15T00:00:00.000Z');
  });

  it('gives the number of the quarter just ended and of the current one', () => {
    // 2026-Q1, in-scope groups closing Jan–Mar as of 04-13: A1 won 120,000 (03-10), A5 lost 25,000 (03-05).
    expect(c.number.ended.joint).toEqual({
      open: 0, commit: 0, upside: 0, pipeline: 0, closedWon: 120000, closedLost: 25000,
      total: 120000, deals: 1, duplicatesRemoved: 0,
    });
    expect(c.number.ended.split).toEqual({
      sourced: { open: 0, closedWon: 120000, total: 120000, deals: 1 },
      influenced: { open: 0, closedWon: 0, total: 0, deals: 0 },
      sourcedShare: 1,
    });
    // At 2026-01-01 only A1 (commit 120,000, 03-20) and B3 (upside 60,000, 02-27) existed and closed in Q1.
    expect(c.number.ended.call).toEqual({
      commitAtStart: 120000, upsideAtStart: 60000, closedWon: 120000,
      vsCommit: 1, // 120,000 / 120,000
      vsCommitPlusUpside: 0.666667, // 120,000 / 180,000
    });

    // 2026-Q2: commit A2+B2 80,000 (booking side A's amount) + A9 40,000 + B10 15,000 = 135,000;
    // pipeline A3 50,000 + B4 30,000 + A6 4,000 = 84,000. A8 is omitted, B7 untagged.
    expect(c.number.current.joint).toEqual({
      open: 219000, commit: 135000, upside: 0, pipeline: 84000, closedWon: 0, closedLost: 0,
      total: 219000, deals: 6, duplicatesRemoved: 1, // A2+B2 counted once
    });
    expect(c.number.current.split).toEqual({
      sourced: { open: 94000, closedWon: 0, total: 94000, deals: 3 }, // A3 50,000 + A9 40,000 + A6 4,000
      influenced: { open: 125000, closedWon: 0, total: 125000, deals: 3 }, // A2+B2 80,000 + B4 30,000 + B10 15,000
      sourcedShare: 0.429224, // 94,000 / 219,000 = 0.4292237…
    });
    // At 2026-04-01: A2 (moved to 05-15 on 03-20) 80,000 + B10 15,000 in commit; B3 had slipped to Q3; A9 did not exist.
    expect(c.number.current.call).toEqual({ commitAtStart: 95000, upsideAtStart: 0, closedWon: 0, vsCommit: 0, vsCommitPlusUpside: 0 });
    expect([c.number.ended.warnings, c.number.current.warnings]).toEqual([0, 0]);

    expect(c.number.ended.motions.map((m) => [m.key, m.forecast, m.produced, m.attainment, m.closedWon, m.deals, m.killCandidate])).toEqual([
      ['cloud', 100000, 4000, 0.04, 0, 1, true], // A6 created 02-15
      ['mssp', 200000, 155000, 0.775, 120000, 3, false], // A2+B2 80,000 + A3 50,000 + A5 25,000 (lost, still produced); A8 omitted
    ]);
    expect(c.number.current.motions.map((m) => [m.key, m.produced, m.attainment, m.atRisk])).toEqual([
      ['cloud', 0, 0, false],
      // A9 40,000 / 300,000. 12.25 of Q2's 91 days gone (0.13): too early for "at risk".
      ['mssp', 40000, 0.133333, false],
    ]);
  });

  it('reports health over the four quarters ending with the meeting’s', () => {
    expect(c.health).toMatchObject({
      quarters: ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'],
      // M0, M1, M1c; M2 (04-16) is still ahead on 04-13 and not counted yet.
      meetingsScheduled: 3,
      meetingsHeld: 2,
      heldShare: 0.666667, // 2 / 3
      cancellations: { A: 0, B: 1 },
      consecutiveCancellations: { A: false, B: false }, // M1 held, then M1c cancelled by B: once
      decisionsPerHeldMeeting: 1.5, // D0 on M0, D1 and D2 on M1: 3 / 2
      statusMeetings: 0,
      // Raised in the window, by the asks' status now: A raised K1, K3, K5 (K1 and K3 delivered); B raised K2, K4 (K4 delivered).
      asks: {
        A: { raised: 3, delivered: 2, deliveredShare: 0.666667 },
        B: { raised: 2, delivered: 1, deliveredShare: 0.5 },
      },
      preworkLeadBusinessDays: [3, 3], // Mon 10-13 → Thu 10-16; Mon 01-12 → Thu 01-15
      attendees: { A: 0, B: 0, overSix: { A: false, B: false } }, // no counted meeting in 2026-Q2 yet
    });
  });

  it('lists every ask raised in the ended quarter with its status as of the packet', () => {
    expect(c.asks.map((a) => [a.id, a.fromSide, a.toSide, a.status, a.verdict, a.statusSince])).toEqual([
      [fx.asks.K1, 'A', 'B', 'delivered', null, '2026-02-10T10:00:00.000Z'],
      // K3 is delivered now, but only since 04-20: after the packet's instant it was still open.
      [fx.asks.K3, 'A', 'B', 'open', null, '2026-01-15T15:10:00.000Z'],
      // Blocked since 03-02; the verdict came on 03-05 and does not restart the status.
      [fx.asks.K2, 'B', 'A', 'blocked', 'wrong_timing', '2026-03-02T10:00:00.000Z'],
    ]);
    expect(c.asks[0]).toMatchObject({ quarterRaised: '2026-Q1', text: 'Intro to the Hooli CISO', owner: 'Sam Okafor', due: '2026-02-15' });
  });

  it('makes a page per motion: flag, trend, top deals and what moved since the last meeting', () => {
    const [cloud, mssp] = c.motions;
    expect(cloud).toMatchObject({
      key: 'cloud',
      name: 'Cloud migration',
      status: 'active',
      flag: 'kill', // 2026-Q1 ended at 0.04 < 0.05
      reason: 'produced 4.0% of forecast in an ended quarter, under the 5.0% kill threshold',
    });
    expect(cloud.trend).toEqual([
      { quarter: '2025-Q3', forecast: null, produced: 0, attainment: null },
      { quarter: '2025-Q4', forecast: null, produced: 0, attainment: null },
      { quarter: '2026-Q1', forecast: 100000, produced: 4000, attainment: 0.04 },
      { quarter: '2026-Q2', forecast: 100000, produced: 0, attainment: 0 },
    ]);
    // Side A shares no deal names: A6 shows its account only.
    expect(cloud.topDeals).toEqual([
      { groupId: group(ids.A6), name: null, accountName: 'Umbrella', amount: 4000, closeDate: '2026-06-15', category: 'pipeline' },
    ]);
    expect([cloud.slipped, cloud.pushed, cloud.pulledIn, cloud.won, cloud.lost]).toEqual([[], [], [], [], []]);

    expect(mssp).toMatchObject({ key: 'mssp', flag: null, reason: null });
    expect(mssp.trend).toEqual([
      { quarter: '2025-Q3', forecast: 100000, produced: 0, attainment: 0 },
      // Created in 2025-Q4: B4 30,000 (10-15), B3 60,000 (11-01), A1 120,000 (12-01), at their values as of 04-13.
      { quarter: '2025-Q4', forecast: 100000, produced: 210000, attainment: 2.1 },
      { quarter: '2026-Q1', forecast: 200000, produced: 155000, attainment: 0.775 },
      { quarter: '2026-Q2', forecast: 300000, produced: 40000, attainment: 0.133333 },
    ]);
    // Open mssp groups closing in Q2, largest first. A2+B2 takes side B's name (A shares none) and A2's account.
    expect(mssp.topDeals).toEqual([
      { groupId: group(ids.A2), name: 'Stark via Northgate', accountName: 'Stark Industries', amount: 80000, closeDate: '2026-05-15', category: 'commit' },
      { groupId: group(ids.A3), name: null, accountName: 'Initech', amount: 50000, closeDate: '2026-06-30', category: 'pipeline' },
      { groupId: group(ids.A9), name: null, accountName: 'Hooli', amount: 40000, closeDate: '2026-06-10', category: 'commit' },
      { groupId: group(ids.B4, 'B'), name: 'Acme XDR', accountName: 'Acme', amount: 30000, closeDate: '2026-04-30', category: 'pipeline' },
    ]);
    // B3 closed 02-27 (Q1) at the last meeting and now 07-15 (Q3): out of the two quarters.
    expect(mssp.slipped).toEqual([
      {
        groupId: group(ids.B3, 'B'), name: 'Wayne via Northgate', accountName: 'Wayne Enterprises', amount: 60000, closeDate: '2026-07-15', category: 'upside',
        before: { amount: 60000, closeDate: '2026-02-27', category: 'upside' },
      },
    ]);
    // A2+B2 moved 03-25 → 05-15: later, still within Q1–Q2.
    expect(mssp.pushed).toEqual([
      {
        groupId: group(ids.A2), name: 'Stark via Northgate', accountName: 'Stark Industries', amount: 80000, closeDate: '2026-05-15', category: 'commit',
        before: { amount: 80000, closeDate: '2026-03-25', category: 'commit' },
      },
    ]);
    expect(mssp.pulledIn).toEqual([
      {
        groupId: group(ids.B4, 'B'), name: 'Acme XDR', accountName: 'Acme', amount: 30000, closeDate: '2026-04-30', category: 'pipeline',
        before: { amount: 30000, closeDate: '2026-05-30', category: 'pipeline' },
      },
    ]);
    expect(mssp.won).toEqual([
      {
        groupId: group(ids.A1), name: null, accountName: 'Hooli', amount: 120000, closeDate: '2026-03-10', category: 'closed_won',
        before: { amount: 120000, closeDate: '2026-03-20', category: 'commit' },
      },
    ]);
    // A5 did not exist at the last meeting (created 01-20).
    expect(mssp.lost).toEqual([
      { groupId: group(ids.A5), name: null, accountName: 'Globex', amount: 25000, closeDate: '2026-03-05', category: 'closed_lost', before: null },
    ]);
  });

  it('says what changed since the last meeting', () => {
    expect(c.changes.jointNumber).toEqual({
      // At 01-15: A1 commit 120,000 (03-20), A2+B2 commit 80,000 (03-25), B3 upside 60,000 (02-27) closed in Q1.
      ended: { quarter: '2026-Q1', then: 260000, now: 120000, change: -140000 },
      // At 01-15: B4 30,000 (05-30) and B10 15,000 (04-20) closed in Q2.
      current: { quarter: '2026-Q2', then: 45000, now: 219000, change: 174000 },
    });
    expect(c.changes.decisions).toEqual([
      { id: fx.decisions.D1, kind: 'motion', text: 'Focus MSSP on the top 20 accounts', owner: 'Dana Reyes', due: '2026-03-31' },
      { id: fx.decisions.D2, kind: 'account_set', text: 'Add Wayne and Acme to the named accounts', owner: 'Sam Okafor', due: null },
    ]);
    // K4 (raised in 2025-Q4) delivered 01-20 and K1 delivered 02-10, both after 01-15; K3's delivery (04-20) is after the packet.
    expect(c.changes.asksDelivered.map((a) => [a.id, a.statusSince])).toEqual([
      [fx.asks.K4, '2026-01-20T10:00:00.000Z'],
      [fx.asks.K1, '2026-02-10T10:00:00.000Z'],
    ]);
  });

  it('counts from the start of the ended quarter for a first meeting, and never past the packet’s instant', async () => {
    const sources = packetSources(db);
    // M0 (2025-10-16) has no earlier meeting: "since" is the start of 2025-Q3.
    const first = preworkPacketContent(await sources.inputs(fx.meetings.M0, Date.parse('2025-10-13T09:00:00Z')));
    expect([first.lastMeeting, first.since, first.quarters]).toEqual([null, '2025-07-01T00:00:00.000Z', { ended: '2025-Q3', current: '2025-Q4' }]);
    expect(first.changes.decisions).toEqual([]);
    // As of 2025-10-13 no record existed yet (the earliest, B4, was created 10-15).
    expect(first.number.current.joint.total).toBe(0);
  });
});
