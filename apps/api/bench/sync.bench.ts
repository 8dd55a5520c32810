/**
 * `npm run bench:sync`: a full sync of 50,000 opportunities per side from the
 * CRM simulators into PostgreSQL, through the real clients and the real sync
 * engine; then an incremental sync after 1% of each side changed; then a
 * reconciliation of each side (every id and stamp compared); and, as the
 * reference measured in the same run, the database's own bulk-load ceiling.
 * Prints the figures against their targets, PASS or MISS; exits 0 either way
 * (a bench, not a test). docs/benchmarks.md says how to read it.
 *
 *   ALIGNBOARD_BENCH_DATABASE_URL  server the scratch database is created on
 *                                  (default postgres://postgres@127.0.0.1:5432/test)
 *   ALIGNBOARD_BENCH_PER_SIDE      opportunities per side (default 50000)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../src/config/paths.js';
import { SyncService, type SyncOptions } from '../src/sync/sync.service.js';
import { startBenchApp, type BenchApp } from './bench-app.js';
import { startBenchCrms, type BenchCrms } from './bench-crms.js';
import { bulkLoadCeiling } from './reference.js';
import { healedTotal } from '@alignboard/contracts';
import { quarterOf, shiftQuarter } from '@alignboard/metrics';
import { compareLeaves, figuresOf, storedRecords } from './soak/compare.js';
import { formatTable, percent, perSecond, seconds } from './table.js';

const serverUrl = process.env.ALIGNBOARD_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const perSide = Number(process.env.ALIGNBOARD_BENCH_PER_SIDE || 50_000);
const targets = { recordsPerSecond: 5_000, incrementalShare: 0.05, reconcileShare: 0.1 };
const changedShare = 0.01;
const sides = ['A', 'B'] as const;
const crmOf = { A: 'Salesforce', B: 'HubSpot' };

/**
 * The simulators answer at once and enforce no rate limit, so our limiter is
 * lifted too: the bench times our code and the database, not a CRM's request
 * budget (docs/benchmarks.md says what the real limits mean for a backfill).
 */
const fullSync: SyncOptions = { trigger: 'cli', connector: { maxRequestsPerSecond: Infinity } };
/**
 * Edits are stamped with the real clock and windows end a minute behind
 * `now` (indexing lag): the incremental run is timed as the next scheduled
 * run sees it, two minutes on.
 */
const incrementalSync: SyncOptions = { ...fullSync, connector: { ...fullSync.connector, now: () => new Date(Date.now() + 120_000) } };

interface Timed {
  ms: number;
  /** This process's CPU meanwhile (the simulators run in it too): far below `ms`, the machine was busy elsewhere. */
  cpuMs: number;
  fetched: number;
  upserted: number;
  apiCalls: number;
}

const say = (line: string) => process.stderr.write(`bench:sync: ${line}\n`);

/**
 * A full sync writes a few hundred MB of WAL; PostgreSQL starts a checkpoint
 * once about half of `max_wal_size` has been written since the last. Run back
 * to back, side B's sync would then pay for side A's WAL (a checkpoint's
 * writes and the full-page images after it) on some runs and not on others.
 * Each timed phase starts from a checkpoint instead, the reference included.
 * It needs a superuser or the pg_checkpoint role; without one, a note says so.
 */
async function settle(dataSource: DataSource): Promise<void> {
  try {
    await dataSource.query('checkpoint');
  } catch (error) {
    if (!settleRefused) say(`could not run CHECKPOINT (${(error as Error).message}): phases may pay for each other's WAL`);
    settleRefused = true;
  }
}
let settleRefused = false;

async function timeSync(sync: SyncService, dataSource: DataSource, connectionId: string, options: SyncOptions): Promise<Timed> {
  await settle(dataSource);
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const outcome = await sync.syncConnection(connectionId, options);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (outcome.status !== 'succeeded') throw new Error(`the sync ended ${outcome.status}: ${outcome.message}`);
  const [run] = await dataSource.query<{ records_fetched: number; records_upserted: number; api_calls: number }[]>(
    `select records_fetched, records_upserted, api_calls from sync_runs where id = $1`,
    [outcome.runId],
  );
  return { ms, cpuMs: (used.user + used.system) / 1000, fetched: run.records_fetched, upserted: run.records_upserted, apiCalls: run.api_calls };
}

/** A reconciliation of a side the incremental run left exact: every id and stamp compared, nothing to heal. */
async function timeReconcile(sync: SyncService, dataSource: DataSource, connectionId: string, options: SyncOptions): Promise<Timed & { checked: number; healed: number }> {
  await settle(dataSource);
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const outcome = await sync.reconcileConnection(connectionId, options);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (outcome.status !== 'succeeded' || !outcome.report) throw new Error(`the reconciliation ended ${outcome.status}: ${outcome.message}`);
  const report = outcome.report;
  const healed = healedTotal(report);
  const [run] = await dataSource.query<{ api_calls: number }[]>(`select api_calls from sync_runs where id = $1`, [outcome.runId]);
  return { ms, cpuMs: (used.user + used.system) / 1000, fetched: 0, upserted: 0, apiCalls: run.api_calls, checked: report.checked.opportunities + report.checked.accounts, healed };
}

async function main() {
  const examples = join(projectRoot(), 'examples');
  const values = parseEnv(readFileSync(join(examples, 'cobalt-northgate.env.example'), 'utf8')) as Record<string, string>;
  say(`planning ${perSide.toLocaleString('en-US')} opportunities per side and starting the simulators…`);
  // The dataset's "now" an hour back: every planned stamp is settled before the first window ends.
  const crms = await startBenchCrms(values, { now: new Date(Date.now() - 3_600_000), perSide });
  try {
    const bench = await startBenchApp(serverUrl, crms, readFileSync(join(examples, 'cobalt-northgate.yaml'), 'utf8'), values);
    try {
      const sync = bench.app.get(SyncService);
      const ds = bench.database.dataSource;
      const full = {} as Record<'A' | 'B', Timed>;
      const incremental = {} as Record<'A' | 'B', Timed>;
      const reconcile = {} as Record<'A' | 'B', Timed & { checked: number; healed: number }>;
      for (const side of sides) {
        say(`full sync of side ${side} (${crmOf[side]})…`);
        full[side] = await timeSync(sync, ds, bench.connections[side], fullSync);
      }
      const edited = await crms.edit(changedShare);
      for (const side of sides) {
        say(`incremental sync of side ${side} after ${edited[side]} edits…`);
        incremental[side] = await timeSync(sync, ds, bench.connections[side], incrementalSync);
      }
      for (const side of sides) {
        say(`reconciliation of side ${side}…`);
        reconcile[side] = await timeReconcile(sync, ds, bench.connections[side], incrementalSync);
      }
      say('comparing with a fresh full sync of the same CRM state into a second database…');
      const exact = await compareWithFresh(bench, crms, values);
      say('measuring the database’s bulk-load ceiling…');
      await settle(ds);
      const referenceA = await bulkLoadCeiling(ds, 'A');
      await settle(ds);
      const reference = { A: referenceA, B: await bulkLoadCeiling(ds, 'B') };
      report(bench.database.name, full, incremental, reconcile, edited, reference, exact);
    } finally {
      await bench.close();
    }
  } finally {
    await crms.stop();
  }
}

/**
 * After the full syncs, the incremental ones and the reconciliations: every figure of the eight
 * quarters around now, and every stored record with its history, against a fresh full sync of the
 * same CRM state into a second database (SPEC §5a). Not timed.
 */
async function compareWithFresh(bench: BenchApp, crms: BenchCrms, values: Record<string, string>) {
  const fresh = await startBenchApp(serverUrl, crms, readFileSync(join(projectRoot(), 'examples', 'cobalt-northgate.yaml'), 'utf8'), values);
  try {
    const sync = fresh.app.get(SyncService);
    for (const side of sides) {
      const outcome = await sync.syncConnection(fresh.connections[side], incrementalSync);
      if (outcome.status !== 'succeeded') throw new Error(`the fresh full sync ended ${outcome.status}: ${outcome.message}`);
    }
    const asOfMs = Date.now();
    const current = quarterOf(asOfMs, { startMonth: 1, namedBy: 'start' });
    const quarters = Array.from({ length: 8 }, (_, i) => shiftQuarter(current, i - 5));
    const idOf = async (app: BenchApp) => (await app.database.dataSource.query<{ id: string }[]>(`select id from partnerships where key = 'cobalt-northgate'`))[0].id;
    const [ours, theirs] = [
      await figuresOf(bench.database.dataSource, await idOf(bench), quarters, asOfMs),
      await figuresOf(fresh.database.dataSource, await idOf(fresh), quarters, asOfMs),
    ];
    const figureDifferences: string[] = [];
    const figures = compareLeaves(ours, theirs, '', figureDifferences);
    const [a, b] = [await storedRecords(bench.database.dataSource), await storedRecords(fresh.database.dataSource)];
    const recordDifferences = [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key));
    for (const line of [...figureDifferences, ...recordDifferences].slice(0, 20)) say(`  differs: ${line}`);
    return { figures, figureDifferences: figureDifferences.length, records: b.size, recordDifferences: recordDifferences.length };
  } finally {
    await fresh.close();
  }
}

function report(
  database: string,
  full: Record<'A' | 'B', Timed>,
  incremental: Record<'A' | 'B', Timed>,
  reconcile: Record<'A' | 'B', Timed & { checked: number; healed: number }>,
  edited: Record<'A' | 'B', number>,
  reference: Record<'A' | 'B', { rows: number; recordsPerSecond: number }>,
  exact: { figures: number; figureDifferences: number; records: number; recordDifferences: number },
) {
  const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const rows = [['measure', 'side', 'records', 'time', 'figure', 'target', 'vs reference', 'result']];
  for (const side of sides) {
    const rate = full[side].fetched / (full[side].ms / 1000);
    const ofCeiling = `${percent(rate / reference[side].recordsPerSecond)} of ceiling`;
    rows.push([`full sync (${crmOf[side]})`, side, String(full[side].fetched), seconds(full[side].ms), perSecond(rate), `≥ ${perSecond(targets.recordsPerSecond)}`, ofCeiling, mark(rate >= targets.recordsPerSecond)]);
  }
  for (const side of sides) {
    const share = incremental[side].ms / full[side].ms;
    rows.push([`incremental, ${edited[side]} edited`, side, String(incremental[side].fetched), seconds(incremental[side].ms), `${percent(share)} of full`, `≤ ${percent(targets.incrementalShare)}`, '', mark(share <= targets.incrementalShare)]);
  }
  for (const side of sides) {
    const share = reconcile[side].ms / full[side].ms;
    const healed = reconcile[side].healed ? `, ${reconcile[side].healed} healed` : ', 0 differ';
    rows.push([`reconciliation${healed}`, side, String(reconcile[side].checked), seconds(reconcile[side].ms), `${percent(share)} of full`, `≤ ${percent(targets.reconcileShare)}`, '', mark(share <= targets.reconcileShare)]);
  }
  rows.push(['figures vs a fresh full sync', 'A+B', String(exact.figures), '', `${exact.figureDifferences} differ`, '0 differ', '', mark(exact.figureDifferences === 0)]);
  rows.push(['stored records vs a fresh full sync', 'A+B', String(exact.records), '', `${exact.recordDifferences} differ`, '0 differ', '', mark(exact.recordDifferences === 0)]);
  for (const side of sides) {
    const ms = (reference[side].rows / reference[side].recordsPerSecond) * 1000;
    rows.push(['REFERENCE: bulk INSERT', side, String(reference[side].rows), seconds(ms), perSecond(reference[side].recordsPerSecond), '', '100.0%', '']);
  }
  const cpu = sides.map((s) => `full ${s} ${seconds(full[s].cpuMs)} of ${seconds(full[s].ms)}`).join(', ');
  const calls = sides.map((s) => `full ${s} ${full[s].apiCalls}, incremental ${s} ${incremental[s].apiCalls}, reconciliation ${s} ${reconcile[s].apiCalls}`).join('; ');
  process.stdout.write(
    `\nSync benchmark: ${perSide.toLocaleString('en-US')} opportunities per side, CRM simulators → PostgreSQL (${database})\n\n` +
      `${formatTable(rows)}\n\n` +
      `CPU of this process (simulators included): ${cpu}\nAPI calls: ${calls}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:sync failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
