import {
  demoSalesforceFields,
  planDemoDeals,
  startHubspotSimulator,
  startSalesforceSimulator,
  toHubspotSeed,
  toSalesforceSeed,
  VirtualClock,
  type DealPlan,
  type HubspotSimulator,
  type SalesforceSimulator,
} from '@alignboard/connectors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { demoHubspotMapping } from '../../src/cli/demo/demo-crms.js';
import { projectRoot } from '../../src/config/paths.js';
import type { SyncOptions, SyncOutcome, SyncService } from '../../src/sync/sync.service.js';

/**
 * The example partnership's two CRMs, simulated with clocks of their own,
 * and a store synced from them: what the exact-over-time tests and the soak
 * stand on.
 */
export const exampleValues = parseEnv(readFileSync(join(projectRoot(), 'examples/cobalt-northgate.env.example'), 'utf8')) as Record<string, string>;
export const exampleFile = readFileSync(join(projectRoot(), 'examples/cobalt-northgate.yaml'), 'utf8');

export interface TwoCrms {
  plan: DealPlan;
  salesforce: SalesforceSimulator;
  hubspot: HubspotSimulator;
  /** Each CRM's own clock; tests move them, and set ours ahead or behind. */
  clocks: { A: VirtualClock; B: VirtualClock };
  stop(): Promise<void>;
}

/** Both CRMs seeded with a demo plan made at `planAt`, their clocks starting at `startAt`. */
export async function startTwoCrms(options: { planAt: string; startAt: string; perSide: number; seed: number }): Promise<TwoCrms> {
  const plan = planDemoDeals({ now: new Date(options.planAt), perSide: options.perSide, seed: options.seed });
  const clocks = { A: new VirtualClock(options.startAt), B: new VirtualClock(options.startAt) };
  const v = exampleValues;
  const salesforce = await startSalesforceSimulator({
    seed: toSalesforceSeed(plan, demoSalesforceFields),
    clock: () => clocks.A.date(),
    credentials: { clientId: v.SF_CLIENT_ID, clientSecret: v.SF_CLIENT_SECRET, username: v.SF_USERNAME, password: v.SF_PASSWORD },
  });
  const hubspot = await startHubspotSimulator({
    seed: toHubspotSeed(plan, { ...demoHubspotMapping, attributionValues: { ...demoHubspotMapping.attributionValues } }),
    clock: () => clocks.B.now(),
    credentials: { accessToken: v.HUBSPOT_TOKEN },
  });
  let stopped: Promise<void> | undefined;
  return { plan, salesforce, hubspot, clocks, stop: () => (stopped ??= Promise.all([salesforce.stop(), hubspot.stop()]).then(() => undefined)) };
}

/** A store: a database with the example partnership applied, pointing at the CRMs, and its sync service. */
export interface SyncedStore {
  dataSource: import('typeorm').DataSource;
  partnershipId: string;
  connections: { A: string; B: string };
  sync: SyncService;
  close(): Promise<void>;
}

/** Options for one side's run: our clock, `skewMs` from that CRM's (positive: ours runs ahead). */
export function runOptions(crms: TwoCrms, side: 'A' | 'B', skewMs = 0, over: Partial<SyncOptions> = {}): SyncOptions {
  return { trigger: 'cli', connector: { now: crms.clocks[side].skewed(skewMs), retryBaseMs: 5, maxRequestsPerSecond: Infinity }, ...over };
}

export async function syncBoth(store: SyncedStore, crms: TwoCrms, skewMs: { A?: number; B?: number } = {}): Promise<SyncOutcome[]> {
  return Promise.all((['A', 'B'] as const).map((side) => store.sync.syncConnection(store.connections[side], runOptions(crms, side, skewMs[side]))));
}

export async function reconcileBoth(store: SyncedStore, crms: TwoCrms): Promise<SyncOutcome[]> {
  return Promise.all((['A', 'B'] as const).map((side) => store.sync.reconcileConnection(store.connections[side], runOptions(crms, side))));
}
