/**
 * A small partnership inserted straight into the database, for tests whose
 * answers are worked out by hand (in the tests' comments). Fiscal year from
 * January, base USD, booking side A, kill threshold 0.05; 2026-Q2 is April–June.
 *
 * Rates. Side A's Salesforce dated rates (corporate USD): EUR 0.8 per USD from
 * 2026-01-01, 0.625 from 2026-05-01. Configured: EUR 1.10 USD from 2026-01-01,
 * 1.20 from 2026-05-01; GBP 1.25.
 *
 * Side A shares every default field but the name and the stage.
 *
 * Side A (Salesforce)                                             in USD
 *  A1 EUR 80,000 close 04-20 commit  sourced    mssp  hooli      100,000 (dated 0.8; configured would be 88,000)
 *     upside from 02-01 (created), commit from 03-15
 *  A2 EUR 40,000 close 05-15 upside  influenced       stark       64,000 (dated 0.625; 0.8 would be 50,000)
 *  A3 USD 30,000 close 06-10 won     sourced          initech     names B3 (cross-reference); commit until 06-10
 *  A4 JPY 1,000,000 close 05-20 commit sourced         jp          no rate: left out, warned
 *  A5 USD 50,000 close 06-01 pipeline (no tags)       wayne       side A's direct business
 *  A6 USD 20,000 close 05-05 lost    influenced       acme        pipeline until 05-05
 *  A7 USD 10,000 close 05-10 pipeline (no tags)       umbrella  ┐ both candidates of B5:
 *  A8 USD 11,000 close 05-20 pipeline (no tags)       umbrella  ┘ a possible-duplicate cluster
 *  A9 no amount  close 06-15 pipeline sourced         nullco      counts 0, warned
 * Side B (HubSpot)
 *  B1 EUR 50,000 close 04-25 upside  sourced          hooli       55,000 (configured 1.10), created 04-05
 *  B2 GBP 40,000 close 05-30 commit  influenced       stark       50,000
 *  B3 USD 32,000 close 06-12 won     influenced       initech     with A3; commit until 06-12
 *  B4 USD 30,000 close 06-05 pipeline influenced      wayne       (20,000 from A5: no match)
 *  B5 USD 10,500 close 05-15 commit  sourced          umbrella
 *  B6 USD 8,000  close 05-10 commit  motion "MSSP "   globex      created 04-10
 *  B7 USD 5,000  close 06-20 pipeline motion mssp     soylent     created 05-01; unmapped attribution
 *  B8 USD 7,000  close 04-30 pipeline (no tags)       initrode    side B's direct business
 * Records without a created date above were created 03-01, with one state since.
 */
export interface HandBuiltIds {
  partnershipId: string;
  connection: { A: string; B: string };
}

export const handBuilt = {
  A1: '006A0000000001A',
  A2: '006A0000000002A',
  A3: '006A0000000003A',
  A4: '006A0000000004A',
  A5: '006A0000000005A',
  A6: '006A0000000006A',
  A7: '006A0000000007A',
  A8: '006A0000000008A',
  A9: '006A0000000009A',
  B1: '101',
  B2: '102',
  B3: '103',
  B4: '104',
  B5: '105',
  B6: '106',
  B7: '107',
  B8: '108',
} as const;

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

interface State {
  at: string;
  category: string;
  amount?: number | null;
  closeDate?: string;
}

interface Row {
  side: 'A' | 'B';
  crmId: string;
  name: string;
  domain: string;
  currency: string;
  amount: number | null;
  closeDate: string;
  category: string;
  attribution?: string;
  motion?: string;
  partner?: string;
  warnings?: string[];
  /** Oldest first; the first is the creation. The last state's values are the current ones. */
  states: State[];
}

const created = '2026-03-01T00:00:00Z';
const one = (category: string): State[] => [{ at: created, category }];

const rows: Row[] = [
  { side: 'A', crmId: handBuilt.A1, name: 'Hooli SOC renewal', domain: 'hooli.example', currency: 'EUR', amount: 80000, closeDate: '2026-04-20', category: 'commit', attribution: 'sourced', motion: 'mssp',
    states: [{ at: '2026-02-01T00:00:00Z', category: 'upside' }, { at: '2026-03-15T00:00:00Z', category: 'commit' }] },
  { side: 'A', crmId: handBuilt.A2, name: 'Stark firewall', domain: 'stark.example', currency: 'EUR', amount: 40000, closeDate: '2026-05-15', category: 'upside', attribution: 'influenced', states: one('upside') },
  { side: 'A', crmId: handBuilt.A3, name: 'Initech EDR', domain: 'initech.example', currency: 'USD', amount: 30000, closeDate: '2026-06-10', category: 'closed_won', attribution: 'sourced', partner: handBuilt.B3,
    states: [{ at: created, category: 'commit' }, { at: '2026-06-10T12:00:00Z', category: 'closed_won' }] },
  { side: 'A', crmId: handBuilt.A4, name: 'Tokyo branch', domain: 'jp.example', currency: 'JPY', amount: 1000000, closeDate: '2026-05-20', category: 'commit', attribution: 'sourced', states: one('commit') },
  { side: 'A', crmId: handBuilt.A5, name: 'Wayne secret expansion', domain: 'wayne.example', currency: 'USD', amount: 50000, closeDate: '2026-06-01', category: 'pipeline', states: one('pipeline') },
  { side: 'A', crmId: handBuilt.A6, name: 'Acme XDR', domain: 'acme.example', currency: 'USD', amount: 20000, closeDate: '2026-05-05', category: 'closed_lost', attribution: 'influenced',
    states: [{ at: created, category: 'pipeline' }, { at: '2026-05-05T12:00:00Z', category: 'closed_lost' }] },
  { side: 'A', crmId: handBuilt.A7, name: 'Umbrella lab', domain: 'umbrella.example', currency: 'USD', amount: 10000, closeDate: '2026-05-10', category: 'pipeline', states: one('pipeline') },
  { side: 'A', crmId: handBuilt.A8, name: 'Umbrella plant', domain: 'umbrella.example', currency: 'USD', amount: 11000, closeDate: '2026-05-20', category: 'pipeline', states: one('pipeline') },
  { side: 'A', crmId: handBuilt.A9, name: 'Nullco', domain: 'nullco.example', currency: 'USD', amount: null, closeDate: '2026-06-15', category: 'pipeline', attribution: 'sourced', states: one('pipeline') },
  { side: 'B', crmId: handBuilt.B1, name: 'Hooli via Northgate', domain: 'hooli.example', currency: 'EUR', amount: 50000, closeDate: '2026-04-25', category: 'upside', attribution: 'sourced',
    states: [{ at: '2026-04-05T00:00:00Z', category: 'upside' }] },
  { side: 'B', crmId: handBuilt.B2, name: 'Stark via Northgate', domain: 'stark.example', currency: 'GBP', amount: 40000, closeDate: '2026-05-30', category: 'commit', attribution: 'influenced', states: one('commit') },
  { side: 'B', crmId: handBuilt.B3, name: 'Initech via Northgate', domain: 'initech.example', currency: 'USD', amount: 32000, closeDate: '2026-06-12', category: 'closed_won', attribution: 'influenced',
    states: [{ at: created, category: 'commit' }, { at: '2026-06-12T12:00:00Z', category: 'closed_won' }] },
  { side: 'B', crmId: handBuilt.B4, name: 'Wayne via Northgate', domain: 'wayne.example', currency: 'USD', amount: 30000, closeDate: '2026-06-05', category: 'pipeline', attribution: 'influenced', states: one('pipeline') },
  { side: 'B', crmId: handBuilt.B5, name: 'Umbrella via Northgate', domain: 'umbrella.example', currency: 'USD', amount: 10500, closeDate: '2026-05-15', category: 'commit', attribution: 'sourced', states: one('commit') },
  { side: 'B', crmId: handBuilt.B6, name: 'Globex MSSP', domain: 'globex.example', currency: 'USD', amount: 8000, closeDate: '2026-05-10', category: 'commit', motion: 'MSSP ',
    states: [{ at: '2026-04-10T00:00:00Z', category: 'commit' }] },
  { side: 'B', crmId: handBuilt.B7, name: 'Soylent MSSP', domain: 'soylent.example', currency: 'USD', amount: 5000, closeDate: '2026-06-20', category: 'pipeline', motion: 'mssp',
    warnings: ['attribution value "Partner-ish" is not mapped'], states: [{ at: '2026-05-01T00:00:00Z', category: 'pipeline' }] },
  { side: 'B', crmId: handBuilt.B8, name: 'Initrode direct', domain: 'initrode.example', currency: 'USD', amount: 7000, closeDate: '2026-04-30', category: 'pipeline', states: one('pipeline') },
];

const sideAShares = ['accountName', 'accountDomain', 'amount', 'closeDate', 'forecastCategory', 'attribution', 'motion'];
const sideBShares = ['name', 'accountName', 'accountDomain', 'amount', 'closeDate', 'stage', 'forecastCategory', 'attribution', 'motion'];

/** Inserts the partnership `key` (and everything above) through plain SQL. */
export async function seedHandBuiltPartnership(query: Query, key: string): Promise<HandBuiltIds> {
  const one = async <T>(sql: string, params: unknown[]) => ((await query(sql, params)) as T[])[0];
  const { id: partnershipId } = await one<{ id: string }>(
    `insert into partnerships (key, name, currency, fiscal_year_start_month, fiscal_year_named_by, booking_side, kill_threshold)
     values ($1, $2, 'USD', 1, 'start', 'A', 0.05) returning id`,
    [key, `Hand-built ${key}`],
  );
  const connection = {} as { A: string; B: string };
  for (const [side, provider, shares] of [['A', 'salesforce', sideAShares], ['B', 'hubspot', sideBShares]] as const) {
    const { id: sideId } = await one<{ id: string }>(
      `insert into sides (partnership_id, side, company, shared_fields) values ($1, $2, $3, $4::jsonb) returning id`,
      [partnershipId, side, `${key} ${side}`, JSON.stringify(shares)],
    );
    const { id } = await one<{ id: string }>(`insert into crm_connections (side_id, provider, mapping) values ($1, $2, '{}'::jsonb) returning id`, [sideId, provider]);
    connection[side] = id;
  }
  await query(
    `insert into crm_dated_rates (connection_id, currency, start_date, next_start_date, per_corporate_unit, corporate_currency) values
     ($1, 'USD', '0001-01-01', null, 1, 'USD'), ($1, 'EUR', '2026-01-01', '2026-05-01', 0.8, 'USD'), ($1, 'EUR', '2026-05-01', null, 0.625, 'USD')`,
    [connection.A],
  );
  await query(
    `insert into partnership_rates (partnership_id, currency, start_date, base_per_unit) values
     ($1, 'EUR', '2026-01-01', 1.10), ($1, 'EUR', '2026-05-01', 1.20), ($1, 'GBP', '1900-01-01', 1.25)`,
    [partnershipId],
  );
  const { id: motionId } = await one<{ id: string }>(
    `insert into motions (partnership_id, key, name, status) values ($1, 'mssp', 'MSSP upsell', 'active') returning id`,
    [partnershipId],
  );
  await query(`insert into motion_forecasts (motion_id, quarter, forecast, stretch) values ($1, '2026-Q2', 200000, 250000), ($1, '2026-Q3', 100000, null)`, [motionId]);

  for (const r of rows) {
    const last = r.states.at(-1)!;
    const { id } = await one<{ id: string }>(
      `insert into opportunities (partnership_id, side, connection_id, crm_id, account_name, account_domain, name, amount, currency,
         close_date, stage, forecast_category, attribution, motion_key, partner_record_id, crm_created_at, crm_modified_at, warnings, raw)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb, '{}'::jsonb) returning id`,
      [
        partnershipId, r.side, connection[r.side], r.crmId, `${r.name} account`, r.domain, r.name, r.amount, r.currency, r.closeDate,
        `Stage ${r.category}`, r.category, r.attribution ?? null, r.motion ?? null, r.partner ?? null, r.states[0].at, last.at,
        JSON.stringify(r.warnings ?? []),
      ],
    );
    for (const s of r.states) {
      await query(
        `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage, forecast_category, attribution, motion_key, source)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'backfill')`,
        [id, s.at, s.amount === undefined ? r.amount : s.amount, r.currency, s.closeDate ?? r.closeDate, `Stage ${s.category}`, s.category, r.attribution ?? null, r.motion ?? null],
      );
    }
  }
  return { partnershipId, connection };
}
