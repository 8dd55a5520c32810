import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from '../simulators/hubspot/server.js';
import { connection, deal, portal } from './__fixtures__/portal.js';
import { createHubspotConnector } from './hubspot.connector.js';

const CREATED = '2026-01-05T10:00:00.000Z';
const set = (value: string, timestamp = CREATED) => [{ value, timestamp, sourceType: 'CRM_UI' }];

describe('HubSpot history() through propertiesWithHistory', () => {
  let sim: HubspotSimulator;

  beforeAll(async () => {
    const live = deal(101, CREATED, {
      amount: '1000',
      closedate: '2026-04-30T05:00:00.000Z',
      dealstage: 'qualifiedtobuy',
      hs_deal_stage_probability: '0.4',
      partner_attribution: 'Partner Influenced',
      joint_motion: 'mssp-upsell',
    });
    live.propertiesWithHistory = { joint_motion: set('mssp-upsell', '2026-01-10T00:00:00.000Z') };
    const archived = {
      ...deal(102, '2026-02-01T00:00:00.000Z', { amount: '700' }),
      archived: true,
      archivedAt: '2026-02-02T00:00:00.000Z',
      propertiesWithHistory: { amount: [...set('700', '2026-02-01T00:00:00.000Z'), ...set('500')] },
    };
    sim = await startHubspotSimulator({ seed: portal([live, archived]) });
    // Edits through HubSpot: each changed property gets a history entry, the stage's probability is recalculated.
    sim.store.updateDeal('101', { hs_manual_forecast_category: 'COMMIT', dealstage: 'contractsent', amount: '1200' }, { at: '2026-02-10T09:00:00Z' });
    sim.store.updateDeal('101', { dealstage: 'closedwon' }, { at: '2026-03-20T10:00:00Z' });
  });
  afterAll(() => sim.stop());

  it('returns the full state at each change, oldest first, for live and archived deals', async () => {
    const connector = createHubspotConnector(connection(sim.url), { maxRequestsPerSecond: 1000 });
    const history = await connector.history(['101', '102', '999']);
    await connector.close();

    const first = {
      amount: '1000',
      currency: 'USD',
      closeDate: '2026-04-30',
      stage: 'Qualified To Buy',
      forecastCategory: 'pipeline',
      probability: 0.4,
      attribution: 'influenced',
    };
    expect(history.get('101')).toEqual([
      { validFrom: '2026-01-05T10:00:00.000Z', ...first, motionKey: null },
      { validFrom: '2026-01-10T00:00:00.000Z', ...first, motionKey: 'mssp-upsell' },
      { validFrom: '2026-02-10T09:00:00.000Z', ...first, motionKey: 'mssp-upsell', amount: '1200', stage: 'Contract Sent', forecastCategory: 'commit', probability: 0.9 },
      // Closed won by the stage, though the manual category still says COMMIT.
      { validFrom: '2026-03-20T10:00:00.000Z', ...first, motionKey: 'mssp-upsell', amount: '1200', stage: 'Closed Won', forecastCategory: 'closed_won', probability: 1 },
    ]);
    // Archived: read again with archived=true. Properties set once at creation get one entry at createdAt.
    const seeded = { currency: 'USD', closeDate: '2026-12-15', stage: 'Qualified To Buy', forecastCategory: 'pipeline', probability: 0.4 };
    expect(history.get('102')).toEqual([
      { validFrom: '2026-01-05T10:00:00.000Z', ...seeded, amount: '500' },
      { validFrom: '2026-02-01T00:00:00.000Z', ...seeded, amount: '700' },
    ]);
    expect(history.has('999')).toBe(false);

    const reads = sim.stats().log.filter((r) => r.endpoint === 'POST /crm/v3/objects/deals/batch/read');
    expect(reads.map((r) => [r.query, r.status, (r.body as { inputs: unknown[] }).inputs])).toEqual([
      ['?archived=false', 207, [{ id: '101' }, { id: '102' }, { id: '999' }]],
      ['?archived=true', 207, [{ id: '102' }, { id: '999' }]],
    ]);
    expect((reads[0].body as { propertiesWithHistory: string[] }).propertiesWithHistory).toEqual([
      'amount', 'closedate', 'dealstage', 'hs_manual_forecast_category', 'deal_currency_code', 'hs_deal_stage_probability',
      'partner_attribution', 'joint_motion',
    ]);
  });
});
