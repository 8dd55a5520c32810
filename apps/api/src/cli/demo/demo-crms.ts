import {
  demoSalesforceFields,
  planDemoDeals,
  startHubspotSimulator,
  startSalesforceSimulator,
  toHubspotSeed,
  toSalesforceSeed,
  type DealPlan,
  type HubspotSimulator,
  type SalesforceSimulator,
} from '@alignboard/connectors';
import { createServer } from 'node:net';
import { systemClock, type Clock } from '../../clock/clock.js';

export interface DemoCrms {
  plan: DealPlan;
  salesforce: SalesforceSimulator;
  hubspot: HubspotSimulator;
  salesforceUrl: string;
  hubspotUrl: string;
  opportunities: { A: number; B: number };
  stop(): Promise<void>;
}

export interface DemoCrmOptions {
  /**
   * The product's clock: the dataset is planned at its now (six quarters
   * ending with the one holding it), and both simulated CRMs stamp their
   * writes from it, so a demo run at another date (ALIGNBOARD_CLOCK) has CRMs
   * that live at that date too. Default: the system clock.
   */
  clock?: Clock;
  /** Plans the dataset at this instant instead of the clock's now (tests that need the same dataset whatever the date). */
  now?: Date;
  /** Opportunities per side (default: the plan's ~2,100). */
  perSide?: number;
  seed?: number;
  /** The example file's usual ports 4010/4020 when free (the demo), or random ports (tests). */
  usualPorts?: boolean;
  /** Exactly these ports (`alignboard sim --demo`): busy ones fail to listen, never move elsewhere. */
  ports?: { salesforce: number; hubspot: number };
}

/** Where the example partnership's HubSpot portal keeps its partner fields. */
export const demoHubspotMapping = {
  attributionProperty: 'partner_attribution',
  attributionValues: { sourced: 'sourced', influenced: 'influenced' },
  motionProperty: 'joint_motion',
  partnerIdProperty: 'partner_opportunity_id',
} as const;

/**
 * The two CRMs of the example partnership, simulated on loopback with a
 * realistic dataset (six quarters, shared deals, conflicts, currencies), so
 * the demo and the tests sync through the real jsforce and HubSpot clients.
 * `values` are the example env file's credentials, which the simulators accept.
 */
export async function startDemoCrms(values: Record<string, string>, options: DemoCrmOptions = {}): Promise<DemoCrms> {
  const clock = options.clock ?? systemClock;
  const plan = planDemoDeals({ now: options.now ?? clock.now(), perSide: options.perSide, seed: options.seed });
  const usual = options.usualPorts ?? true;
  const port = async (given: number | undefined, usualPort: number) => given ?? (usual ? await freeOr(usualPort) : 0);
  const salesforce = await startSalesforceSimulator({
    port: await port(options.ports?.salesforce, 4010),
    seed: toSalesforceSeed(plan, demoSalesforceFields),
    clock: () => clock.now(),
    credentials: defined({
      clientId: values.SF_CLIENT_ID,
      clientSecret: values.SF_CLIENT_SECRET,
      username: values.SF_USERNAME,
      password: values.SF_PASSWORD,
    }),
  });
  const hubspot = await startHubspotSimulator({
    port: await port(options.ports?.hubspot, 4020),
    seed: toHubspotSeed(plan, { ...demoHubspotMapping, attributionValues: { ...demoHubspotMapping.attributionValues } }),
    clock: () => clock.now().getTime(),
    credentials: defined({ accessToken: values.HUBSPOT_TOKEN }),
  });
  return {
    plan,
    salesforce,
    hubspot,
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

/** Leaves out unset values, so the simulators keep their own defaults for them. */
function defined<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

async function freeOr(port: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(0))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(port)));
  });
}
