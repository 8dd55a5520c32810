import {
  demoSalesforceFields,
  planDemoDeals,
  startHubspotSimulator,
  startSalesforceSimulator,
  toHubspotSeed,
  toSalesforceSeed,
} from '@alignboard/connectors';
import { createServer } from 'node:net';

export interface DemoCrms {
  salesforceUrl: string;
  hubspotUrl: string;
  opportunities: { A: number; B: number };
  stop(): Promise<void>;
}

/**
 * The two CRMs of the example partnership, simulated on loopback with a
 * realistic dataset (six quarters, shared deals, conflicts, currencies), so
 * the demo syncs through the real jsforce and HubSpot clients. The usual
 * ports when free, so the example file's defaults work; any free port else.
 */
export async function startDemoCrms(values: Record<string, string>, now = new Date()): Promise<DemoCrms> {
  const plan = planDemoDeals({ now });
  const salesforce = await startSalesforceSimulator({
    port: await freeOr(4010),
    seed: toSalesforceSeed(plan, demoSalesforceFields),
    credentials: {
      clientId: values.SF_CLIENT_ID,
      clientSecret: values.SF_CLIENT_SECRET,
      username: values.SF_USERNAME,
      password: values.SF_PASSWORD,
    },
  });
  const hubspot = await startHubspotSimulator({
    port: await freeOr(4020),
    seed: toHubspotSeed(plan, {
      attributionProperty: 'partner_attribution',
      attributionValues: { sourced: 'sourced', influenced: 'influenced' },
      motionProperty: 'joint_motion',
      partnerIdProperty: 'partner_opportunity_id',
    }),
    credentials: { accessToken: values.HUBSPOT_TOKEN },
  });
  return {
    salesforceUrl: salesforce.url,
    hubspotUrl: hubspot.url,
    opportunities: {
      A: plan.deals.filter((d) => d.side === 'A').length,
      B: plan.deals.filter((d) => d.side === 'B').length,
    },
    async stop() {
      await Promise.all([salesforce.stop(), hubspot.stop()]);
    },
  };
}

async function freeOr(port: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(0))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(port)));
  });
}
