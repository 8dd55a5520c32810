import { healedTotal } from '@alignboard/contracts';
import { compareWithFreshSync, quartersOf } from './compare.js';
import { CrmActivity, SoakRandom, type Activity } from './crm-activity.js';
import { runOptions, startTwoCrms, type SyncedStore, type TwoCrms } from './two-crms.js';

/**
 * The virtual-time soak: days of random activity in both CRMs, incremental
 * syncs every few virtual hours with our clock skewed from each CRM's, search
 * lag and late commits, a crash at a random page in some runs, a
 * reconciliation each night; after each day every SPEC §5 figure of every
 * quarter, as of the day's end, and every stored record, compared with a
 * fresh full sync of the same CRM state into a second database.
 */
export interface SoakOptions {
  days: number;
  /** Opportunities per side the CRMs start with. */
  perSide: number;
  /** CRM edits per side per day. */
  editsPerDay: number;
  seed: number;
  /** The first virtual day (UTC midnight). */
  startDay: string;
  /** Opens a store (a database with the example partnership) on these CRMs: ours, and the fresh one. */
  openStore(crms: TwoCrms): Promise<SyncedStore>;
  log(line: string): void;
}

export interface SoakDay {
  day: string;
  edits: { A: number; B: number };
  hazards: number;
  syncs: number;
  crashes: number;
  healed: { A: number; B: number };
  /** What the reconciliation healed: `A changed 006…`, the records no incremental run had read right. */
  healedRecords: string[];
  figuresCompared: number;
  figureDifferences: string[];
  recordsCompared: number;
  recordDifferences: string[];
  /** Milliseconds: the day's incremental syncs, the night's reconciliations, the fresh full sync compared with. */
  timings: { syncs: number; reconciliation: number; freshSync: number };
}

const hour = 3_600_000;
const minute = 60_000;
const dayMs = 24 * hour;
/** Incremental syncs start around these hours (and up to 50 minutes after); the reconciliation at 23:00. */
const syncHours = [1, 7, 11, 15, 19];
const reconcileHour = 23;
/** People work from 08:00 to 18:00; every late commit and search lag has settled by the night's reconciliation. */
const workHours = [8, 18];

export async function runSoak(options: SoakOptions): Promise<SoakDay[]> {
  const random = new SoakRandom(options.seed);
  const start = Date.parse(options.startDay);
  const crms = await startTwoCrms({ planAt: new Date(start - hour).toISOString(), startAt: options.startDay, perSide: options.perSide, seed: options.seed });
  const activity = new CrmActivity(crms, random, { lateCommitShare: 0.15, searchLagShare: 0.25, maxDelayMs: 12 * minute });
  const [ours, fresh] = await Promise.all([options.openStore(crms), options.openStore(crms)]);
  const quarters = quartersOf(crms.plan);
  const results: SoakDay[] = [];
  try {
    const setClocks = (ms: number) => (crms.clocks.A.set(ms), crms.clocks.B.set(ms));
    // The CRMs' clocks are the soak's; ours runs up to ten minutes apart from each, a new skew every day.
    let skew = { A: 0, B: 0 };
    const sync = async (side: 'A' | 'B') => {
      const crash = random.chance(0.12);
      const outcome = await ours.sync.syncConnection(ours.connections[side], runOptions(crms, side, skew[side], crash ? { stopAfterPages: 1 } : {}));
      if (outcome.status !== 'succeeded' && outcome.status !== 'stopped') throw new Error(`day sync of side ${side} ${outcome.status}: ${outcome.message}`);
      return outcome.status === 'stopped';
    };

    setClocks(start);
    await Promise.all([sync('A'), sync('B')]);
    for (let d = 0; d < options.days; d++) {
      const dayStart = start + d * dayMs;
      skew = { A: random.int(-10, 10) * minute, B: random.int(-10, 10) * minute };
      type Event = { at: number; run: () => Promise<void> };
      const events: Event[] = [];
      const edits = { A: 0, B: 0 };
      let hazards = 0;
      let syncs = 0;
      let crashes = 0;
      let syncMs = 0;
      for (const side of ['A', 'B'] as const) {
        for (let i = 0; i < options.editsPerDay; i++) {
          const at = dayStart + workHours[0] * hour + random.int(0, (workHours[1] - workHours[0]) * 60 - 1) * minute + random.int(0, 59_999);
          events.push({
            at,
            run: async () => {
              const done: Activity | null = activity.act(side);
              if (done) edits[side]++;
              if (done?.hazard) hazards++;
            },
          });
        }
        for (const h of syncHours) {
          events.push({
            at: dayStart + h * hour + random.int(0, 50) * minute,
            run: async () => {
              syncs++;
              const started = performance.now();
              if (await sync(side)) crashes++;
              syncMs += performance.now() - started;
            },
          });
        }
      }
      events.sort((x, y) => x.at - y.at);
      for (const e of events) {
        setClocks(e.at);
        await e.run();
      }

      setClocks(dayStart + reconcileHour * hour);
      const reconcileStarted = performance.now();
      const healed = { A: 0, B: 0 };
      const healedRecords: string[] = [];
      for (const side of ['A', 'B'] as const) {
        const outcome = await ours.sync.reconcileConnection(ours.connections[side], runOptions(crms, side, skew[side]));
        if (outcome.status !== 'succeeded') throw new Error(`nightly reconciliation of side ${side} ${outcome.status}: ${outcome.message}`);
        healed[side] = healedTotal(outcome.report!);
        healedRecords.push(...outcome.report!.records.map((r) => `${side} ${r.object} ${r.kind} ${r.crmId}`));
      }

      const reconciliationMs = performance.now() - reconcileStarted;
      const dayEnd = dayStart + dayMs - 1;
      setClocks(dayEnd);
      const comparison = await compareWithFreshSync(ours, fresh, crms, quarters, dayEnd);
      const { freshSyncMs, ...compared } = comparison;
      const timings = { syncs: syncMs, reconciliation: reconciliationMs, freshSync: freshSyncMs };
      const result: SoakDay = { day: new Date(dayStart).toISOString().slice(0, 10), edits, hazards, syncs, crashes, healed, healedRecords, ...compared, timings };
      results.push(result);
      options.log(
        `day ${String(d + 1).padStart(2)} ${result.day}: edits A ${edits.A} B ${edits.B} (${hazards} late or lagged), ${syncs} syncs (${crashes} crashed), ` +
          `reconciliation healed A ${healed.A} B ${healed.B}${healedRecords.length ? ` (${healedRecords.join(', ')})` : ''}; ${comparison.figuresCompared} figures compared, ${comparison.figureDifferences.length} differ; ` +
          `${comparison.recordsCompared} records compared, ${comparison.recordDifferences.length} differ`,
      );
      for (const line of [...comparison.figureDifferences, ...comparison.recordDifferences].slice(0, 20)) options.log(`  ${line}`);
    }
  } finally {
    await Promise.all([ours.close(), fresh.close()]);
    await crms.stop();
  }
  return results;
}
