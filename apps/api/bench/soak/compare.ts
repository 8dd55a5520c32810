import type { QuarterMetrics } from '@alignboard/contracts';
import { PartnershipFigures, shiftQuarter } from '@alignboard/metrics';
import type { DealPlan } from '@alignboard/connectors';
import type { DataSource } from 'typeorm';
import { encodePartnership } from '../../src/metrics/partnership-data.js';
import { PartnershipDataLoader } from '../../src/metrics/partnership-data.loader.js';
import { runOptions, type SyncedStore, type TwoCrms } from './two-crms.js';

/** The quarters a comparison covers: the plan's six, and the two after. */
export function quartersOf(plan: DealPlan): string[] {
  const last = plan.quarters[plan.quarters.length - 1];
  return [...plan.quarters, shiftQuarter(last, 1), shiftQuarter(last, 2)];
}

/** Every SPEC §5 figure of these quarters as of `asOfMs`, from what the store holds (one consistent read). */
export async function figuresOf(dataSource: DataSource, partnershipId: string, quarters: string[], asOfMs: number): Promise<Record<string, QuarterMetrics>> {
  const { snapshot } = await new PartnershipDataLoader(dataSource).load(partnershipId);
  const figures = new PartnershipFigures(encodePartnership(snapshot, asOfMs).data);
  return Object.fromEntries(quarters.map((q) => [q, figures.quarterMetrics(q, asOfMs)]));
}

/** The stored opportunities and their history as comparable text, by side and CRM id (database ids left out). */
export async function storedRecords(dataSource: DataSource): Promise<Map<string, string>> {
  const instant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;
  const rows = await dataSource.query<{ key: string; record: string; history: string | null }[]>(
    `select o.side || ':' || o.crm_id as key,
       concat_ws('|', o.account_crm_id, o.account_name, o.account_domain, o.name, o.amount::text, o.currency, o.close_date::text,
         o.stage, o.forecast_category, o.probability::text, o.attribution, o.motion_key, o.partner_record_id,
         ${instant('o.crm_created_at')}, ${instant('o.crm_modified_at')}, o.is_deleted::text, ${instant('o.deleted_at')}) as record,
       (select string_agg(concat_ws('|', ${instant('h.valid_from')}, h.amount::text, h.currency, h.close_date::text, h.stage,
            h.forecast_category, h.probability::text, h.attribution, h.motion_key, h.is_deleted::text), ' ; ' order by h.valid_from)
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
  /** How long the fresh full sync took (ms). */
  freshSyncMs: number;
}

/**
 * Our store against a fresh full sync of the same CRM state into `fresh`
 * (emptied first: no record, history, cursor or run of it is left): every
 * figure of `quarters` as of `asOfMs`, and every stored record with its history.
 */
export async function compareWithFreshSync(store: SyncedStore, fresh: SyncedStore, crms: TwoCrms, quarters: string[], asOfMs: number): Promise<Comparison> {
  await emptyStore(fresh);
  const started = performance.now();
  // Our clock well past both CRMs' now: the fresh sync reads everything they hold.
  const outcomes = await Promise.all((['A', 'B'] as const).map((side) => fresh.sync.syncConnection(fresh.connections[side], runOptions(crms, side, 3_600_000))));
  const failed = outcomes.filter((o) => o.status !== 'succeeded');
  if (failed.length) throw new Error(`the fresh full sync did not succeed: ${JSON.stringify(failed)}`);
  const freshSyncMs = performance.now() - started;
  const [ours, theirs] = await Promise.all([
    figuresOf(store.dataSource, store.partnershipId, quarters, asOfMs),
    figuresOf(fresh.dataSource, fresh.partnershipId, quarters, asOfMs),
  ]);
  const figureDifferences: string[] = [];
  const figuresCompared = compareLeaves(ours, theirs, '', figureDifferences);
  const [a, b] = await Promise.all([storedRecords(store.dataSource), storedRecords(fresh.dataSource)]);
  const recordDifferences: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) recordDifferences.push(`${key}\n    ours:  ${a.get(key) ?? '(none)'}\n    fresh: ${b.get(key) ?? '(none)'}`);
  }
  return { figuresCompared, figureDifferences, recordsCompared: b.size, recordDifferences, freshSyncMs };
}

/** Everything a sync wrote, gone: the next sync of the store is a first, full one. */
async function emptyStore(store: SyncedStore): Promise<void> {
  await store.dataSource.transaction(async (m) => {
    for (const table of ['opportunity_history', 'opportunities', 'accounts', 'quarantined_records', 'crm_dated_rates', 'sync_leases', 'sync_runs']) {
      await m.query(`delete from ${table}`);
    }
    await m.query(`update crm_connections set sync_cursor = null`);
  });
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
