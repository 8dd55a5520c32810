/**
 * A small partnership for the prework packet, inserted straight into the
 * database; the tests work every number out by hand from this table.
 * Fiscal year from January, base USD, booking side A, kill threshold 0.05.
 * Side A (Cobalt Security, Salesforce) shares every default field but the
 * deal name; side B (Northgate Systems, HubSpot) shares the defaults.
 *
 * The meeting under test is M2 (2026-Q2, Thursday 2026-04-16); the last
 * meeting before it is M1 (2026-01-15): "since" is 2026-01-15T00:00Z. The
 * packet is taken as of 2026-04-13T06:00Z (its prework date).
 *
 * Opportunities, USD (states: from the instant on; the first is the creation)
 *  id   name / account                     motion attribution  states
 *  A1   Hooli SOC renewal / Hooli          mssp   sourced      12-01 commit 120,000 close 03-20; 03-10 won (close 03-10)
 *  A2   Stark firewall / Stark Industries  mssp   influenced   01-05 commit 80,000 close 03-25; 03-20 close 05-15  (names B2)
 *  B2   Stark via Northgate / Stark Ind.   mssp   influenced   01-10 upside 85,000 close 03-28; 03-20 close 05-20
 *  A3   Initech EDR / Initech              mssp   sourced      02-01 pipeline 50,000 close 06-30
 *  B3   Wayne via Northgate / Wayne Ent.   mssp   sourced      2025-11-01 upside 60,000 close 02-27; 03-30 close 07-15
 *  B4   Acme XDR / Acme                    mssp   influenced   2025-10-15 pipeline 30,000 close 05-30; 02-10 close 04-30
 *  A5   Globex MSSP / Globex               mssp   sourced      01-20 pipeline 25,000 close 03-31; 03-05 lost (close 03-05)
 *  A6   Umbrella cloud move / Umbrella     cloud  sourced      02-15 pipeline 4,000 close 06-15
 *  B7   Initrode direct / Initrode         —      —            01-02 pipeline 7,000 close 05-01 (side B's own business)
 *  A8   Soylent pilot / Soylent            mssp   sourced      03-01 omitted 10,000 close 05-10
 *  A9   Hooli expansion / Hooli            mssp   sourced      04-02 commit 40,000 close 06-10
 *  B10  Stark services / Stark Industries  —      influenced   2025-12-15 commit 15,000 close 04-20
 * (dates 2026 unless written; every account has its own domain but A2/B2's, so nothing matches by heuristic)
 *
 * Motions: cloud (Cloud migration) forecasts 2026-Q1 100,000, 2026-Q2 100,000;
 * mssp (MSSP upsell) 2025-Q3 100,000, 2025-Q4 100,000, 2026-Q1 200,000, 2026-Q2 300,000.
 *
 * Meetings: M0 2025-Q4 2025-10-16 held (prework 2025-10-13T09:00Z); M1 2026-Q1 2026-01-15 held
 * (prework 2026-01-12T09:00Z); M1c 2026-Q1 2026-02-19 cancelled by B; M2 2026-Q2 2026-04-16 scheduled,
 * attendees A: Dana Reyes, Lee Park; B: Sam Okafor.
 * Decisions: D0 on M0; D1 (motion) and D2 (account_set) on M1.
 * Asks (status history):
 *  K1 A→B 2026-Q1 open 01-15 15:00, in_progress 01-25, delivered 02-10
 *  K2 B→A 2026-Q1 open 01-15 15:05, blocked 03-02, blocked + wrong_timing 03-05
 *  K3 A→B 2026-Q1 open 01-15 15:10, delivered 04-20 (after the packet's instant)
 *  K4 B→A 2025-Q4 open 2025-10-16, delivered 01-20
 *  K5 A→B 2026-Q2 open 04-05
 */
type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export const packetFixture = {
  asOf: '2026-04-13T06:00:00.000Z',
  ids: {
    A1: '006000000000001',
    A2: '006000000000002',
    A3: '006000000000003',
    A5: '006000000000005',
    A6: '006000000000006',
    A8: '006000000000008',
    A9: '006000000000009',
    B2: '202',
    B3: '203',
    B4: '204',
    B7: '207',
    B10: '210',
  },
} as const;

export interface PacketFixtureIds {
  partnershipId: string;
  meetings: { M0: string; M1: string; M1c: string; M2: string };
  asks: { K1: string; K2: string; K3: string; K4: string; K5: string };
  decisions: { D0: string; D1: string; D2: string };
}

interface State {
  at: string;
  category: string;
  amount: number;
  close: string;
}

interface Row {
  side: 'A' | 'B';
  crmId: string;
  name: string;
  account: string;
  domain: string;
  motion?: string;
  attribution?: string;
  partner?: string;
  states: State[];
}

const s = (at: string, category: string, amount: number, close: string): State => ({
  at: at.includes('T') ? at : `${at}T00:00:00Z`,
  category,
  amount,
  close,
});
const { ids } = packetFixture;

const rows: Row[] = [
  { side: 'A', crmId: ids.A1, name: 'Hooli SOC renewal', account: 'Hooli', domain: 'hooli.example', motion: 'mssp', attribution: 'sourced',
    states: [s('2025-12-01', 'commit', 120000, '2026-03-20'), s('2026-03-10T12:00:00Z', 'closed_won', 120000, '2026-03-10')] },
  { side: 'A', crmId: ids.A2, name: 'Stark firewall', account: 'Stark Industries', domain: 'stark.example', motion: 'mssp', attribution: 'influenced', partner: ids.B2,
    states: [s('2026-01-05', 'commit', 80000, '2026-03-25'), s('2026-03-20T12:00:00Z', 'commit', 80000, '2026-05-15')] },
  { side: 'B', crmId: ids.B2, name: 'Stark via Northgate', account: 'Stark Industries', domain: 'stark.example', motion: 'mssp', attribution: 'influenced',
    states: [s('2026-01-10', 'upside', 85000, '2026-03-28'), s('2026-03-20T13:00:00Z', 'upside', 85000, '2026-05-20')] },
  { side: 'A', crmId: ids.A3, name: 'Initech EDR', account: 'Initech', domain: 'initech.example', motion: 'mssp', attribution: 'sourced',
    states: [s('2026-02-01', 'pipeline', 50000, '2026-06-30')] },
  { side: 'B', crmId: ids.B3, name: 'Wayne via Northgate', account: 'Wayne Enterprises', domain: 'wayne.example', motion: 'mssp', attribution: 'sourced',
    states: [s('2025-11-01', 'upside', 60000, '2026-02-27'), s('2026-03-30T12:00:00Z', 'upside', 60000, '2026-07-15')] },
  { side: 'B', crmId: ids.B4, name: 'Acme XDR', account: 'Acme', domain: 'acme.example', motion: 'mssp', attribution: 'influenced',
    states: [s('2025-10-15', 'pipeline', 30000, '2026-05-30'), s('2026-02-10T12:00:00Z', 'pipeline', 30000, '2026-04-30')] },
  { side: 'A', crmId: ids.A5, name: 'Globex MSSP', account: 'Globex', domain: 'globex.example', motion: 'mssp', attribution: 'sourced',
    states: [s('2026-01-20', 'pipeline', 25000, '2026-03-31'), s('2026-03-05T12:00:00Z', 'closed_lost', 25000, '2026-03-05')] },
  { side: 'A', crmId: ids.A6, name: 'Umbrella cloud move', account: 'Umbrella', domain: 'umbrella.example', motion: 'cloud', attribution: 'sourced',
    states: [s('2026-02-15', 'pipeline', 4000, '2026-06-15')] },
  { side: 'B', crmId: ids.B7, name: 'Initrode direct', account: 'Initrode', domain: 'initrode.example', states: [s('2026-01-02', 'pipeline', 7000, '2026-05-01')] },
  { side: 'A', crmId: ids.A8, name: 'Soylent pilot', account: 'Soylent', domain: 'soylent.example', motion: 'mssp', attribution: 'sourced',
    states: [s('2026-03-01', 'omitted', 10000, '2026-05-10')] },
  { side: 'A', crmId: ids.A9, name: 'Hooli expansion', account: 'Hooli', domain: 'hooli-labs.example', motion: 'mssp', attribution: 'sourced',
    states: [s('2026-04-02', 'commit', 40000, '2026-06-10')] },
  { side: 'B', crmId: ids.B10, name: 'Stark services', account: 'Stark Industries', domain: 'stark-services.example', attribution: 'influenced',
    states: [s('2025-12-15', 'commit', 15000, '2026-04-20')] },
];

const sideAShares = ['accountName', 'accountDomain', 'amount', 'closeDate', 'stage', 'forecastCategory', 'attribution', 'motion'];
const sideBShares = ['name', 'accountName', 'accountDomain', 'amount', 'closeDate', 'stage', 'forecastCategory', 'attribution', 'motion'];

/** Inserts the partnership `key` and everything above through plain SQL. */
export async function seedPacketPartnership(query: Query, key: string, options: { holidays?: string[] } = {}): Promise<PacketFixtureIds> {
  const one = async (sql: string, params: unknown[]) => ((await query(sql, params)) as { id: string }[])[0].id;
  const partnershipId = await one(
    `insert into partnerships (key, name, currency, fiscal_year_start_month, fiscal_year_named_by, booking_side, kill_threshold, holidays)
     values ($1, $2, 'USD', 1, 'start', 'A', 0.05, $3::jsonb) returning id`,
    [key, `Cobalt x Northgate (${key})`, JSON.stringify(options.holidays ?? [])],
  );
  const connection = {} as Record<'A' | 'B', string>;
  for (const [side, company, provider, shares] of [
    ['A', 'Cobalt Security', 'salesforce', sideAShares],
    ['B', 'Northgate Systems', 'hubspot', sideBShares],
  ] as const) {
    const sideId = await one(`insert into sides (partnership_id, side, company, shared_fields) values ($1, $2, $3, $4::jsonb) returning id`, [
      partnershipId, side, company, JSON.stringify(shares),
    ]);
    connection[side] = await one(`insert into crm_connections (side_id, provider, mapping) values ($1, $2, '{}'::jsonb) returning id`, [sideId, provider]);
  }
  for (const [motionKey, name, forecasts] of [
    ['cloud', 'Cloud migration', { '2026-Q1': 100000, '2026-Q2': 100000 }],
    ['mssp', 'MSSP upsell', { '2025-Q3': 100000, '2025-Q4': 100000, '2026-Q1': 200000, '2026-Q2': 300000 }],
  ] as const) {
    const motionId = await one(`insert into motions (partnership_id, key, name, status) values ($1, $2, $3, 'active') returning id`, [partnershipId, motionKey, name]);
    for (const [quarter, forecast] of Object.entries(forecasts)) {
      await query(`insert into motion_forecasts (motion_id, quarter, forecast) values ($1, $2, $3)`, [motionId, quarter, forecast]);
    }
  }

  for (const r of rows) {
    const last = r.states.at(-1)!;
    const id = await one(
      `insert into opportunities (partnership_id, side, connection_id, crm_id, account_name, account_domain, name, amount, currency,
         close_date, stage, forecast_category, attribution, motion_key, partner_record_id, crm_created_at, crm_modified_at, warnings, raw)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'USD', $9, $10, $11, $12, $13, $14, $15, $16, '[]'::jsonb, '{}'::jsonb) returning id`,
      [
        partnershipId, r.side, connection[r.side], r.crmId, r.account, r.domain, r.name, last.amount, last.close, `Stage ${last.category}`,
        last.category, r.attribution ?? null, r.motion ?? null, r.partner ?? null, r.states[0].at, last.at,
      ],
    );
    for (const st of r.states) {
      await query(
        `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage, forecast_category, attribution, motion_key, source)
         values ($1, $2, $3, 'USD', $4, $5, $6, $7, $8, 'backfill')`,
        [id, st.at, st.amount, st.close, `Stage ${st.category}`, st.category, r.attribution ?? null, r.motion ?? null],
      );
    }
  }

  const meeting = (quarter: string, date: string, status: string, cancelledBy: string | null, attendees: unknown, preworkSentAt: string | null) =>
    one(
      `insert into meetings (partnership_id, quarter, scheduled_date, status, cancelled_by, attendees, prework_sent_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7) returning id`,
      [partnershipId, quarter, date, status, cancelledBy, JSON.stringify(attendees), preworkSentAt],
    );
  const few = { A: [{ name: 'Dana Reyes', email: 'dana@cobalt.example' }], B: [{ name: 'Sam Okafor', email: 'sam@northgate.example' }] };
  const meetings = {
    M0: await meeting('2025-Q4', '2025-10-16', 'held', null, few, '2025-10-13T09:00:00Z'),
    M1: await meeting('2026-Q1', '2026-01-15', 'held', null, few, '2026-01-12T09:00:00Z'),
    M1c: await meeting('2026-Q1', '2026-02-19', 'cancelled', 'B', few, null),
    M2: await meeting('2026-Q2', '2026-04-16', 'scheduled', null, {
      A: [{ name: 'Dana Reyes', email: 'dana@cobalt.example' }, { name: 'Lee Park', email: 'lee@cobalt.example' }],
      B: [{ name: 'Sam Okafor', email: 'sam@northgate.example' }],
    }, null),
  };

  const decision = (meetingId: string, kind: string, text: string, owner: string | null, due: string | null, at: string) =>
    one(`insert into decisions (partnership_id, meeting_id, kind, text, owner, due, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7) returning id`, [
      partnershipId, meetingId, kind, text, owner, due, at,
    ]);
  const decisions = {
    D0: await decision(meetings.M0, 'other', 'Meet every quarter, third Thursday', null, null, '2025-10-16T15:00:00Z'),
    D1: await decision(meetings.M1, 'motion', 'Focus MSSP on the top 20 accounts', 'Dana Reyes', '2026-03-31', '2026-01-15T16:00:00Z'),
    D2: await decision(meetings.M1, 'account_set', 'Add Wayne and Acme to the named accounts', 'Sam Okafor', null, '2026-01-15T16:05:00Z'),
  };

  type Step = [status: string, verdict: string | null, at: string];
  const ask = async (from: 'A' | 'B', quarter: string, text: string, owner: string | null, due: string | null, steps: Step[]) => {
    const [status, verdict, at] = steps.at(-1)!;
    const id = await one(
      `insert into asks (partnership_id, from_side, to_side, quarter_raised, text, owner, due, status, verdict, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [partnershipId, from, from === 'A' ? 'B' : 'A', quarter, text, owner, due, status, verdict, steps[0][2], at],
    );
    for (const [st, v, when] of steps) {
      await query(`insert into ask_status_history (ask_id, status, verdict, changed_at) values ($1, $2, $3, $4)`, [id, st, v, when]);
    }
    return id;
  };
  const asks = {
    K1: await ask('A', '2026-Q1', 'Intro to the Hooli CISO', 'Sam Okafor', '2026-02-15', [
      ['open', null, '2026-01-15T15:00:00Z'], ['in_progress', null, '2026-01-25T10:00:00Z'], ['delivered', null, '2026-02-10T10:00:00Z'],
    ]),
    K2: await ask('B', '2026-Q1', 'Joint webinar in March', 'Dana Reyes', '2026-03-01', [
      ['open', null, '2026-01-15T15:05:00Z'], ['blocked', null, '2026-03-02T10:00:00Z'], ['blocked', 'wrong_timing', '2026-03-05T10:00:00Z'],
    ]),
    K3: await ask('A', '2026-Q1', 'Co-sell playbook <draft>', null, null, [['open', null, '2026-01-15T15:10:00Z'], ['delivered', null, '2026-04-20T10:00:00Z']]),
    K4: await ask('B', '2025-Q4', 'Reference customer for the MSSP case study', 'Dana Reyes', '2026-01-31', [
      ['open', null, '2025-10-16T15:00:00Z'], ['delivered', null, '2026-01-20T10:00:00Z'],
    ]),
    K5: await ask('A', '2026-Q2', 'Quarterly pipeline review', null, null, [['open', null, '2026-04-05T10:00:00Z']]),
  };
  return { partnershipId, meetings, asks, decisions };
}
