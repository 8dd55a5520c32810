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
import type { QuarterMetrics } from '@alignboard/contracts';
import { PartnershipFigures, quarterOf, shiftQuarter } from '@alignboard/metrics';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { DataSource } from 'typeorm';
import { cliActor } from '../src/auth/principal.js';
import { demoHubspotMapping } from '../src/cli/demo/demo-crms.js';
import { encodePartnership } from '../src/metrics/partnership-data.js';
import { PartnershipDataLoader } from '../src/metrics/partnership-data.loader.js';
import { ApplyPartnershipService } from '../src/partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../src/partnership-file/partnership-file.loader.js';
import { SyncService, type SyncOptions, type SyncOutcome } from '../src/sync/sync.service.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * What the "exact over time" tests stand on: the example partnership's two
 * CRMs simulated with clocks of their own, our store synced from them, and
 * a fresh full sync of the same CRM state into a second database to compare
 * every figure and every stored record with.
 */
const examples = new URL('../../../examples/', import.meta.url);
export const exampleValues = parseEnv(readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')) as Record<string, string>;
const exampleFile = readFileSync(new URL('cobalt-northgate.yaml', examples), 'utf8');

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

export interface SyncedStore {
  t: TestApp;
  partnershipId: string;
  connections: { A: string; B: string };
  sync: SyncService;
  close(): Promise<void>;
}

/** A test app (its own database) with the example partnership applied, pointing at these CRMs. */
export async function storeFor(crms: TwoCrms): Promise<SyncedStore> {
  const t = await createTestApp();
  try {
    await t.app
      .get(ApplyPartnershipService)
      .apply(parsePartnershipFile(exampleFile, { ...exampleValues, SF_LOGIN_URL: crms.salesforce.url, HUBSPOT_BASE_PATH: crms.hubspot.url }), cliActor('test'));
    const [p] = await t.db.dataSource.query<{ id: string }[]>(`select id from partnerships where key = 'cobalt-northgate'`);
    const rows = await t.db.dataSource.query<{ side: 'A' | 'B'; id: string }[]>(`select s.side, c.id from crm_connections c join sides s on s.id = c.side_id`);
    const connections = Object.fromEntries(rows.map((r) => [r.side, r.id])) as { A: string; B: string };
    let closed: Promise<void> | undefined;
    return { t, partnershipId: p.id, connections, sync: t.app.get(SyncService), close: () => (closed ??= t.close()) };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/** Options for one side's run: our clock, `skewMs` from that CRM's (positive: ours runs ahead). */
export function runOptions(crms: TwoCrms, side: 'A' | 'B', skewMs = 0, over: Partial<SyncOptions> = {}): SyncOptions {
  return { trigger: 'cli', connector: { now: crms.clocks[side].skewed(skewMs), retryBaseMs: 5 }, ...over };
}

export async function syncBoth(store: SyncedStore, crms: TwoCrms, skewMs: { A?: number; B?: number } = {}): Promise<SyncOutcome[]> {
  return Promise.all((['A', 'B'] as const).map((side) => store.sync.syncConnection(store.connections[side], runOptions(crms, side, skewMs[side]))));
}

export async function reconcileBoth(store: SyncedStore, crms: TwoCrms): Promise<SyncOutcome[]> {
  return Promise.all((['A', 'B'] as const).map((side) => store.sync.reconcileConnection(store.connections[side], runOptions(crms, side))));
}

/** The quarters a comparison covers: the plan's six, and the one after. */
export function quartersOf(plan: DealPlan): string[] {
  return [...plan.quarters, shiftQuarter(plan.quarters[plan.quarters.length - 1], 1)];
}

/** Every SPEC §5 figure of these quarters as of `asOfMs`, from what the store holds (one consistent read). */
export async function figuresOf(dataSource: DataSource, partnershipId: string, quarters: string[], asOfMs: number): Promise<Record<string, QuarterMetrics>> {
  const { snapshot } = await new PartnershipDataLoader(dataSource).load(partnershipId);
  const figures = new PartnershipFigures(encodePartnership(snapshot, asOfMs).data);
  return Object.fromEntries(quarters.map((q) => [q, figures.quarterMetrics(q, asOfMs)]));
}

/** The stored opportunities and their history as comparable text, by side and CRM id (database ids left out). */
export async function storedRecords(dataSource: DataSource): Promise<Map<string, string>> {
  const rows = await dataSource.query<{ key: string; record: string; history: string | null }[]>(
    `select o.side || ':' || o.crm_id as key,
       concat_ws('|', o.account_crm_id, o.account_name, o.account_domain, o.name, o.amount::text, o.currency, o.close_date::text,
         o.stage, o.forecast_category, o.probability::text, o.attribution, o.motion_key, o.partner_record_id,
         to_char(o.crm_created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), to_char(o.crm_modified_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'),
         o.is_deleted::text, to_char(o.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')) as record,
       (select string_agg(concat_ws('|', to_char(h.valid_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), h.amount::text, h.currency,
            h.close_date::text, h.stage, h.forecast_category, h.probability::text, h.attribution, h.motion_key, h.is_deleted::text), ' ; ' order by h.valid_from)
        from opportunity_history h where h.opportunity_id = o.id) as history
     from opportunities o where o.purged_at is null`,
  );
  return new Map(rows.map((r) => [r.key, `${r.record} :: ${r.history ?? ''}`]));
}

export interface Comparison {
  /** Leaf values compared (every number, string, flag of every quarter's figures). */
  figuresCompared: number;
  figureDifferences: string[];
  recordsCompared: number;
  recordDifferences: string[];
}

/**
 * Our store against a fresh full sync of the same CRM state, made now into
 * a database of its own, with our clock `syncNowMs` for its windows: every
 * figure of `quarters` as of `asOfMs`, and every stored record and its history.
 */
export async function compareWithFreshSync(store: SyncedStore, crms: TwoCrms, quarters: string[], asOfMs: number): Promise<Comparison> {
  const fresh = await storeFor(crms);
  try {
    // Our clock well past both CRMs' now: the fresh sync reads everything they hold.
    const outcomes = await Promise.all(
      (['A', 'B'] as const).map((side) => fresh.sync.syncConnection(fresh.connections[side], runOptions(crms, side, 3_600_000))),
    );
    const failed = outcomes.filter((o) => o.status !== 'succeeded');
    if (failed.length) throw new Error(`the fresh full sync did not succeed: ${JSON.stringify(failed)}`);
    const [ours, theirs] = await Promise.all([
      figuresOf(store.t.db.dataSource, store.partnershipId, quarters, asOfMs),
      figuresOf(fresh.t.db.dataSource, fresh.partnershipId, quarters, asOfMs),
    ]);
    const figureDifferences: string[] = [];
    const figuresCompared = compareLeaves(ours, theirs, '', figureDifferences);
    const [a, b] = await Promise.all([storedRecords(store.t.db.dataSource), storedRecords(fresh.t.db.dataSource)]);
    const recordDifferences: string[] = [];
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key) !== b.get(key)) recordDifferences.push(`${key}\n    ours:  ${a.get(key) ?? '(none)'}\n    fresh: ${b.get(key) ?? '(none)'}`);
    }
    return { figuresCompared, figureDifferences, recordsCompared: b.size, recordDifferences };
  } finally {
    await fresh.close();
  }
}

/** Counts the leaves of `a` and `b`, listing each path where they differ. */
export function compareLeaves(a: unknown, b: unknown, path: string, out: string[]): number {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let n = 0;
    for (const k of keys) n += compareLeaves((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return n;
  }
  if (!Object.is(a, b)) out.push(`${path}: ours ${JSON.stringify(a)}, fresh ${JSON.stringify(b)}`);
  return 1;
}

/** The quarter holding an instant, by the example partnership's calendar (calendar quarters). */
export const quarterAt = (ms: number) => quarterOf(ms, { startMonth: 1, namedBy: 'start' });
