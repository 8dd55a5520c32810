import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SyncPhase } from '@alignboard/contracts';
import { defaultLookbackMs, isCrmError, type ChangePage, type ConnectionConfig, type CrmConnector, type DatedRate, type HistorySnapshot } from '@alignboard/connectors';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { LOGGER } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { NotFoundError } from '../common/errors.js';
import { MetricsInvalidation } from '../metrics/metrics-invalidation.js';
import { SecretBox, SecretKeyMismatchError } from '../crypto/secret-box.js';
import { CrmConnection } from '../partnerships/entities/crm-connection.entity.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { Side } from '../partnerships/entities/side.entity.js';
import { ConnectorFactory } from './connector-factory.js';
import { SyncRun, type SyncRunKind, type SyncRunStatus, type SyncTrigger } from './entities/sync-run.entity.js';
import { PageReadAhead, type PreparedPage, type ReadAheadLimits } from './page-batches.js';
import { staleIds, writePage, type PageContext, type PageCounts } from './page-writer.js';
import { reconcile, type ReconcileReport } from './reconciler.js';
import { failAbandonedRuns } from './abandoned-runs.js';
import {
  acquireLease,
  currentLease,
  describeHolder,
  holderIsGone,
  leaseDefaults,
  LeaseHeartbeat,
  releaseLease,
  renewLease,
  thisHost,
  type CurrentLease,
  type HolderProcess,
  type LeaseHolder,
  type LeaseTiming,
} from './sync-lease.js';

export interface SyncOutcome {
  connectionId: string;
  side: 'A' | 'B';
  kind: SyncRunKind;
  status: SyncRunStatus;
  runId: string | null;
  /** Why it was skipped, stopped or failed. */
  message: string | null;
  /** A reconciliation's findings. */
  report?: ReconcileReport;
}

export type { SyncPhase };

export interface SyncProgress {
  connectionId: string;
  side: 'A' | 'B';
  phase: SyncPhase;
  fetched: number;
  total: number | null;
}

/** Test and benchmark knobs; production uses the defaults. */
export interface SyncOptions {
  trigger: SyncTrigger;
  onProgress?: (progress: SyncProgress) => void;
  connector?: Pick<import('@alignboard/connectors').ConnectorOptions, 'now' | 'retryBaseMs' | 'maxRetries' | 'maxRequestsPerSecond' | 'lookbackMs'>;
  /** Stops after this many pages, as a crash between pages would (tests of resume). */
  stopAfterPages?: number;
  /** The lease's life and heartbeat (default 30 s, renewed every 5 s). */
  lease?: LeaseTiming;
}

/** The process a run's trigger runs in, as the holder of its lease names it. */
const processOf: Record<SyncTrigger, HolderProcess> = { cli: 'CLI sync', manual: 'API server', schedule: 'scheduler', demo: 'demo' };

/** Who holds a lease, for a message: `held by host:pid, CLI sync, since T (run R)`. */
export function heldBy(lease: CurrentLease): string {
  return `held by ${describeHolder(lease)}, since ${lease.since.toISOString()}${lease.runId ? ` (run ${lease.runId})` : ''}`;
}

type RunProgress = { phase: SyncPhase; fetched: number; total: number | null };
type RunLease = { token: string; timing: LeaseTiming };

/** A run's work once its lease, run row and connector are in place. */
type RunBody = (run: {
  connector: CrmConnector;
  ctx: PageContext;
  connection: CrmConnection;
  side: 'A' | 'B';
  /** Writes one page with its cursor (when given), the run's counters and progress, in one transaction that checks the lease. */
  write(page: ChangePage, history: Map<string, HistorySnapshot[]>, options: { cursor: boolean; force: boolean; progress?: RunProgress }): Promise<PageCounts>;
  /** Records where the run is (on its row, for the status API) and tells the caller. */
  progress(progress: RunProgress): Promise<void>;
  /** The run's lease, for a write of its own. */
  lease: RunLease;
}) => Promise<{ status: SyncRunStatus; message: string | null; report?: ReconcileReport }>;

/**
 * Reading runs up to three Salesforce pages (2,000 rows each) ahead of the
 * database, which evens out pages slow to read and pages slow to write; a
 * write joins up to twenty of HubSpot's 100-deal list pages.
 */
const readAhead: ReadAheadLimits = { aheadRecords: 6000, batchRecords: 2000 };

/**
 * Runs one sync of one CRM connection: pages of changes, each written with its
 * cursor in one transaction, history backfilled for first-seen records, and
 * every provider error turned into a run state here and nowhere else.
 */
@Injectable()
export class SyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly connectors: ConnectorFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsInvalidation,
  ) {}

  async syncPartnership(partnershipId: string, options: SyncOptions): Promise<SyncOutcome[]> {
    const connections = await this.dataSource
      .getRepository(CrmConnection)
      .createQueryBuilder('c')
      .innerJoin(Side, 's', 's.id = c.side_id')
      .where('s.partnership_id = :partnershipId', { partnershipId })
      .orderBy('s.side')
      .getMany();
    // Both sides at once: they are different CRMs with their own limits.
    return Promise.all(connections.map((c) => this.syncConnection(c.id, options)));
  }

  /** An incremental sync: the changes since the cursor (less the lookback), each page written with its cursor. */
  async syncConnection(connectionId: string, options: SyncOptions): Promise<SyncOutcome> {
    return this.run(connectionId, 'sync', options, async ({ connector, connection, side, write }) => {
      let written = 0;
      const pages = connector.changes(connection.syncCursor)[Symbol.asyncIterator]();
      // The CRM is read ahead while the database writes; each batch is still written with its cursor, in order.
      const ahead = new PageReadAhead(() => this.prepare(pages, connector, connectionId), readAhead);
      try {
        for (let batch = await ahead.next(); batch; batch = await ahead.next()) {
          const progress = { phase: 'reading' as const, ...batch.page.progress };
          await write(batch.page, batch.history, { cursor: true, force: false, progress });
          options.onProgress?.({ connectionId, side, ...progress });
          if (options.stopAfterPages && ++written >= options.stopAfterPages) return { status: 'stopped', message: 'stopped after the requested number of pages' };
        }
      } finally {
        ahead.stop();
      }
      return { status: 'succeeded', message: null };
    });
  }

  /**
   * A reconciliation: every id and stamp the CRM holds compared with the
   * store, and exactly the records that differ read and written as the CRM
   * holds them. The sync cursor is left where it is.
   */
  async reconcileConnection(connectionId: string, options: SyncOptions): Promise<SyncOutcome> {
    return this.run(connectionId, 'reconcile', options, async ({ connector, ctx, write, progress, lease }) => {
      const report = await reconcile({
        manager: this.dataSource.manager,
        connectionId,
        connector,
        write: (page, history) => write(page, history, { cursor: false, force: true }),
        purge: (crmIds) => this.purge(ctx, lease, crmIds),
        progress: (phase, fetched, total) => progress({ phase, fetched, total }),
      });
      return { status: 'succeeded', message: null, report };
    });
  }

  /** Who runs a sync of this connection now (`held by …`), or null when nobody does. */
  async runningSync(connectionId: string): Promise<string | null> {
    const lease = await currentLease(this.dataSource.manager, connectionId, this.clock.now());
    return lease && !holderIsGone(lease) ? heldBy(lease) : null;
  }

  /** Lease, run row, connector, rates; then the body; then the run's end state, whatever happened. */
  private async run(connectionId: string, kind: SyncRunKind, options: SyncOptions, body: RunBody): Promise<SyncOutcome> {
    const { connection, side, partnership } = await this.load(connectionId);
    const runId = randomUUID();
    // One token per run: a run is the holder, even when one process runs several.
    const holder: LeaseHolder = { token: `${thisHost}:${process.pid}:${runId}`, host: thisHost, pid: process.pid, process: processOf[options.trigger] };
    const timing = options.lease ?? leaseDefaults;
    const lease = await acquireLease(this.dataSource.manager, connectionId, holder, runId, this.clock.now(), timing);
    await failAbandonedRuns(this.dataSource.manager, [connectionId], this.clock.now(), lease.acquired ? lease.replaced : null);
    if (!lease.acquired) {
      return { connectionId, side: side.side, kind, status: 'skipped', runId: null, message: `another sync of this connection is running: ${heldBy(lease.current)}` };
    }
    const heartbeat = new LeaseHeartbeat(
      () => renewLease(this.dataSource.manager, connectionId, holder.token, timing),
      timing.heartbeatMs,
      (error) => this.logger.warn({ connectionId, runId, err: (error as Error)?.message }, 'sync lease renewal failed; retrying'),
    );
    let connector: CrmConnector | null = null;
    let pagesWritten = 0;
    try {
      await this.dataSource.getRepository(SyncRun).insert({
        id: runId,
        connectionId,
        kind,
        status: 'running',
        trigger: options.trigger,
        startedAt: this.clock.now(),
        heldBy: describeHolder(holder),
      });
      connector = this.connectors.create(this.configOf(connection), {
        ...options.connector,
        // Windows end at the product's now (the CRM's clock is the CRM's: cursors come from its stamps).
        now: options.connector?.now ?? (() => this.clock.now()),
        lookbackMs: options.connector?.lookbackMs ?? (connection.lookbackMinutes === null ? defaultLookbackMs[connection.provider] : connection.lookbackMinutes * 60_000),
        onTokenRefresh: (credentials) => this.storeCredentials(connectionId, credentials),
      });
      await connector.connect();
      await this.storeDatedRates(connectionId, await connector.datedRates());
      const ctx: PageContext = {
        partnershipId: partnership.id,
        side: side.side,
        connectionId,
        runId,
        baseCurrency: partnership.currency,
        knownCurrencies: await this.knownCurrencies(partnership, connectionId),
        now: () => this.clock.now(),
      };
      const open = connector;
      const write: Parameters<RunBody>[0]['write'] = async (page, history, { cursor, force, progress }) => {
        if (heartbeat.lost) throw new LeaseLost();
        const counts = await this.dataSource.transaction(async (m) => {
          // The lease is checked in the page's own transaction: a run that lost it writes nothing more.
          if (!(await renewLease(m, connectionId, holder.token, timing))) throw new LeaseLost();
          const written = await writePage(m, ctx, page, history, { force });
          // The cursor (when the page carries one) and the run's counters in one statement (a round trip per page less).
          await m.query(
            `with cursor as (update crm_connections set sync_cursor = $9 where id = $10 and $11 returning id)
             update sync_runs set records_fetched = records_fetched + $2, records_upserted = records_upserted + $3,
               records_unchanged = records_unchanged + $4, records_deleted = records_deleted + $5,
               records_quarantined = records_quarantined + $6, api_calls = $7, progress = coalesce($8, progress) where id = $1`,
            [runId, written.fetched, written.upserted, written.unchanged, written.deleted, written.quarantined, open.apiCalls(), progress ? JSON.stringify(progress) : null, JSON.stringify(page.cursor), connectionId, cursor],
          );
          return written;
        });
        pagesWritten++;
        return counts;
      };
      // The run's row shows where it is for the status API: a new phase at once, the count at most once a second
      // (a reconciliation's scan of HubSpot is 500 pages: a write each would cost more than the pages).
      let recorded: { phase: SyncPhase; atMs: number } | null = null;
      const progress = async (at: RunProgress) => {
        if (heartbeat.lost) throw new LeaseLost();
        const nowMs = performance.now();
        if (recorded?.phase !== at.phase || nowMs - recorded.atMs >= 1000) {
          recorded = { phase: at.phase, atMs: nowMs };
          await this.dataSource.query(`update sync_runs set progress = $2, api_calls = $3 where id = $1`, [runId, JSON.stringify(at), open.apiCalls()]);
        }
        options.onProgress?.({ connectionId, side: side.side, ...at });
      };
      const end = await body({ connector, ctx, connection, side: side.side, write, progress, lease: { token: holder.token, timing } });
      return await this.finish(runId, connector, end.status, end.message, side.side, connectionId, kind, end.report);
    } catch (error) {
      const { status, message } = this.outcomeOf(error);
      this.logger.warn({ connectionId, runId, kind, status, err: message }, 'sync did not complete');
      return await this.finish(runId, connector, status, message, side.side, connectionId, kind);
    } finally {
      heartbeat.stop();
      await connector?.close().catch(() => undefined);
      await releaseLease(this.dataSource.manager, connectionId, holder.token);
      if (pagesWritten) this.metrics?.recordsChanged(partnership.id);
    }
  }

  /**
   * Records the CRM holds no trace of: opportunities kept (raw, history),
   * deleted, and left out of every figure at every instant; accounts deleted
   * (their opportunities were read again with the reconciliation).
   */
  private async purge(ctx: PageContext, lease: RunLease, crmIds: { opportunities: string[]; accounts: string[] }): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await renewLease(m, ctx.connectionId, lease.token, lease.timing))) throw new LeaseLost();
      const purged = await m.query<{ id: string }[]>(
        `with purged as (
           update opportunities set purged_at = $3, is_deleted = true, synced_at = now()
           where connection_id = $1 and crm_id = any($2::text[]) and purged_at is null returning id)
         select id from purged`,
        [ctx.connectionId, crmIds.opportunities, this.clock.now()],
      );
      await m.query(`update accounts set is_deleted = true, synced_at = now() where connection_id = $1 and crm_id = any($2::text[])`, [
        ctx.connectionId,
        crmIds.accounts,
      ]);
      await m.query(`update sync_runs set records_deleted = records_deleted + $2 where id = $1`, [ctx.runId, purged.length]);
    });
    this.metrics?.recordsChanged(ctx.partnershipId);
  }

  /**
   * The next page and the CRM's history of its records that will be written
   * (null at the end): new ones and changed ones. A record also on a page
   * still being written counts as stale: its history is read once more, and
   * used only if its version here is the one written.
   */
  private async prepare(pages: AsyncIterator<ChangePage>, connector: CrmConnector, connectionId: string): Promise<PreparedPage | null> {
    const step = await pages.next();
    if (step.done) return null;
    const page = step.value;
    const stale = await staleIds(this.dataSource.manager, connectionId, page.opportunities);
    return { page, history: stale.length ? await connector.history(stale) : new Map<string, HistorySnapshot[]>() };
  }

  /** The one place a provider error becomes a run state. */
  private outcomeOf(error: unknown): { status: SyncRunStatus; message: string } {
    if (error instanceof LeaseLost) return { status: 'stopped', message: error.message };
    if (error instanceof SecretKeyMismatchError) return { status: 'failed', message: error.message };
    if (!isCrmError(error)) return { status: 'failed', message: `internal error: ${(error as Error)?.message ?? String(error)}` };
    switch (error.code) {
      case 'DAILY_LIMIT':
        return { status: 'stopped', message: `the CRM's daily API limit is used up; what was read is kept and the next run resumes (${error.message})` };
      case 'RATE_LIMITED':
      case 'TEMPORARY':
        return { status: 'failed', message: `the CRM was unavailable after retries; the next run resumes from the last page (${error.message})` };
      case 'AUTH_FAILED':
        return { status: 'failed', message: `the CRM rejected the credentials; update them in the partnership file or the connection settings (${error.message})` };
      case 'CURSOR_INVALID':
        return { status: 'failed', message: `the CRM no longer accepts the saved position; the next run restarts from the last checkpoint (${error.message})` };
      default:
        return { status: 'failed', message: `${error.code}: ${error.message}` };
    }
  }

  private async finish(
    runId: string,
    connector: CrmConnector | null,
    status: SyncRunStatus,
    error: string | null,
    side: 'A' | 'B',
    connectionId: string,
    kind: SyncRunKind,
    report?: ReconcileReport,
  ): Promise<SyncOutcome> {
    await this.dataSource.query(
      `update sync_runs set status = $2, error = $3, finished_at = $4, api_calls = greatest(api_calls, $5), report = $6 where id = $1`,
      [runId, status, error, this.clock.now(), connector?.apiCalls() ?? 0, report ? JSON.stringify(report) : null],
    );
    return { connectionId, side, kind, status, runId, message: error, ...(report ? { report } : {}) };
  }

  private async load(connectionId: string) {
    const connection = await this.dataSource
      .getRepository(CrmConnection)
      .createQueryBuilder('c')
      .addSelect('c.credentialsSealed')
      .where('c.id = :connectionId', { connectionId })
      .getOne();
    if (!connection) throw new NotFoundError(`No CRM connection ${connectionId}`);
    const side = await this.dataSource.getRepository(Side).findOneByOrFail({ id: connection.sideId });
    const partnership = await this.dataSource.getRepository(Partnership).findOneByOrFail({ id: side.partnershipId });
    return { connection, side, partnership };
  }

  private configOf(c: CrmConnection): ConnectionConfig {
    return {
      provider: c.provider,
      loginUrl: c.loginUrl,
      instanceUrl: c.instanceUrl,
      apiVersion: c.apiVersion,
      basePath: c.basePath,
      credentials: c.credentialsSealed ? this.secrets.openJson(c.credentialsSealed) : {},
      mapping: c.mapping,
    };
  }

  private async storeCredentials(connectionId: string, credentials: Record<string, string>) {
    await this.dataSource.query(`update crm_connections set credentials_sealed = $2 where id = $1`, [connectionId, this.secrets.sealJson(credentials)]);
  }

  private async storeDatedRates(connectionId: string, rates: DatedRate[]) {
    await this.dataSource.transaction(async (m: EntityManager) => {
      await m.query(`delete from crm_dated_rates where connection_id = $1`, [connectionId]);
      if (!rates.length) return;
      await m.query(
        `insert into crm_dated_rates (connection_id, currency, start_date, next_start_date, per_corporate_unit, corporate_currency)
         select $1, x.currency, x.start_date, x.next_start_date, x.per_corporate_unit, x.corporate_currency
         from jsonb_to_recordset($2::jsonb) as x(currency text, start_date date, next_start_date date, per_corporate_unit numeric, corporate_currency text)
         on conflict do nothing`,
        [connectionId, JSON.stringify(rates.map((r) => ({ currency: r.currency, start_date: r.startDate, next_start_date: r.nextStartDate, per_corporate_unit: r.perCorporateUnit, corporate_currency: r.corporateCurrency })))],
      );
    });
  }

  /**
   * Currencies that can be converted to the base: the base itself, the
   * partnership's configured rates, and the CRM's dated rates when its
   * corporate currency is the base or itself convertible.
   */
  private async knownCurrencies(partnership: Partnership, connectionId: string): Promise<Set<string>> {
    const known = new Set([partnership.currency]);
    const configured = await this.dataSource.query<{ currency: string }[]>(`select distinct currency from partnership_rates where partnership_id = $1`, [partnership.id]);
    configured.forEach((r) => known.add(r.currency));
    const dated = await this.dataSource.query<{ currency: string; corporate_currency: string }[]>(
      `select distinct currency, corporate_currency from crm_dated_rates where connection_id = $1`,
      [connectionId],
    );
    for (const r of dated) if (known.has(r.corporate_currency)) known.add(r.currency);
    return known;
  }
}

class LeaseLost extends Error {
  constructor() {
    super("this run's lease lapsed (it was not renewed in time) and is no longer its own; what it wrote is kept and the next run resumes");
  }
}
