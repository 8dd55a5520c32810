import { type ChangePage, type CrmConnector, type HistorySnapshot, type InventoryEntry } from '@alignboard/connectors';
import type { ReconcileReport } from '@alignboard/contracts';
import type { EntityManager } from 'typeorm';
import type { PageCounts } from './page-writer.js';
import { countByKind, differences, type Difference, type StoredEntry } from './reconcile-diff.js';

export type { ReconcileReport };

export interface ReconcileSteps {
  manager: EntityManager;
  connectionId: string;
  connector: CrmConnector;
  /** Writes one page of records read back, with their CRM history, forced, with the run's counters and a lease check. */
  write(page: ChangePage, history: Map<string, HistorySnapshot[]>): Promise<PageCounts>;
  /**
   * Marks records the CRM holds no trace of: opportunities purged (kept, left
   * out of the figures), accounts deleted; with the run's counters.
   */
  purge(crmIds: { opportunities: string[]; accounts: string[] }): Promise<void>;
  progress(phase: 'checking' | 'healing', fetched: number, total: number | null): Promise<void>;
}

/** Records read back per request round (each connector splits further as its API needs). */
const READ_CHUNK = 500;
const maxListed = 200;

/**
 * Compares every record id and stamp the CRM holds with the store, then
 * reads exactly the records that differ — changed, missing, deleted, merged,
 * restored — and writes them as the CRM holds them, history included, as a
 * sync of them would; records the CRM holds no trace of are purged. Reading
 * and writing what differs makes a second reconciliation find nothing.
 * Opportunities of an account that differs are read again with it: their
 * account's name and domain come from it.
 */
export async function reconcile(steps: ReconcileSteps): Promise<ReconcileReport> {
  const { manager, connectionId, connector } = steps;
  // Read while the CRM is scanned: the two share nothing.
  const storedOpportunitiesRead = manager.query<{ crm_id: string; modified_ms: string; is_deleted: boolean; purged: boolean }[]>(
    `select crm_id, (extract(epoch from crm_modified_at) * 1000)::bigint::text as modified_ms, is_deleted, purged_at is not null as purged
     from opportunities where connection_id = $1`,
    [connectionId],
  );
  const storedAccounts = await manager.query<{ crm_id: string; modified_ms: string | null; is_deleted: boolean }[]>(
    `select crm_id, (extract(epoch from crm_modified_at) * 1000)::bigint::text as modified_ms, is_deleted from accounts where connection_id = $1`,
    [connectionId],
  );

  storedOpportunitiesRead.catch(() => undefined);
  const crmOpportunities: InventoryEntry[] = [];
  const crmAccounts: InventoryEntry[] = [];
  const mergedAway = new Set<string>();
  for await (const page of connector.inventory(storedAccounts.map((a) => a.crm_id))) {
    crmOpportunities.push(...page.opportunities);
    crmAccounts.push(...page.accounts);
    page.mergedAway.forEach((id) => mergedAway.add(id));
    await steps.progress('checking', page.progress.fetched, page.progress.total);
  }

  const storedOpportunities = await storedOpportunitiesRead;
  const toEntry = (r: { crm_id: string; modified_ms: string | null; is_deleted: boolean; purged?: boolean }): StoredEntry => ({
    crmId: r.crm_id,
    modifiedMs: r.modified_ms === null ? NaN : Number(r.modified_ms),
    isDeleted: r.is_deleted,
    purged: r.purged ?? false,
  });
  const opportunityDiffs = differences(storedOpportunities.map(toEntry), crmOpportunities, { listsAll: true, mergedAway });
  // Accounts matter through their opportunities: only stored ones are compared, whatever the CRM lists.
  // One stored as deleted that the CRM no longer holds is settled (accounts are not kept as purged).
  const deletedAccounts = new Set(storedAccounts.filter((a) => a.is_deleted).map((a) => a.crm_id));
  const accountDiffs = differences(storedAccounts.map(toEntry), crmAccounts, { listsAll: false }).filter(
    (d) => !(d.kind === 'purged' && deletedAccounts.has(d.crmId)),
  );

  const purged = opportunityDiffs.filter((d) => d.kind === 'purged').map((d) => d.crmId);
  const toRead = opportunityDiffs.filter((d) => d.kind !== 'purged').map((d) => d.crmId);
  const accountIds = accountDiffs.filter((d) => d.kind !== 'purged').map((d) => d.crmId);
  const ofAccounts = accountDiffs.length
    ? await manager.query<{ crm_id: string }[]>(
        `select crm_id from opportunities where connection_id = $1 and account_crm_id = any($2::text[]) and purged_at is null`,
        [connectionId, accountDiffs.map((d) => d.crmId)],
      )
    : [];
  const readIds = [...new Set([...toRead, ...ofAccounts.map((r) => r.crm_id)])];

  let done = 0;
  const total = readIds.length + accountIds.length;
  if (total) await steps.progress('healing', 0, total);
  const vanished: string[] = [];
  for (let i = 0; i < Math.max(readIds.length, accountIds.length); i += READ_CHUNK) {
    const ids = { opportunities: readIds.slice(i, i + READ_CHUNK), accounts: accountIds.slice(i, i + READ_CHUNK) };
    const { page, notFound } = await connector.read(ids);
    const history = page.opportunities.length ? await connector.history(page.opportunities.map((o) => o.crmId)) : new Map<string, HistorySnapshot[]>();
    await steps.write(page, history);
    // Gone between the scan and the read: as good as purged.
    vanished.push(...notFound.opportunities);
    done += ids.opportunities.length + ids.accounts.length;
    await steps.progress('healing', done, total);
  }
  const purge = [...new Set([...purged, ...vanished])];
  const goneAccounts = accountDiffs.filter((d) => d.kind === 'purged').map((d) => d.crmId);
  for (let i = 0; i < Math.max(purge.length, goneAccounts.length); i += READ_CHUNK) {
    await steps.purge({ opportunities: purge.slice(i, i + READ_CHUNK), accounts: goneAccounts.slice(i, i + READ_CHUNK) });
  }

  const differing = [...opportunityDiffs, ...accountDiffs].map((d) => d.crmId);
  const stillQuarantined = differing.length
    ? new Set(
        (
          await manager.query<{ crm_id: string }[]>(`select crm_id from quarantined_records where connection_id = $1 and crm_id = any($2::text[])`, [
            connectionId,
            differing,
          ])
        ).map((r) => r.crm_id),
      )
    : new Set<string>();
  const healed = (list: Difference[]) => list.filter((d) => !stillQuarantined.has(d.crmId));
  const [opportunities, accounts] = [healed(opportunityDiffs), healed(accountDiffs)];
  const records = [
    ...opportunities.map((d) => ({ object: 'opportunity' as const, ...d })),
    ...accounts.map((d) => ({ object: 'account' as const, ...d })),
  ];
  return {
    checked: { opportunities: crmOpportunities.length, accounts: crmAccounts.length },
    healed: { opportunities: countByKind(opportunities), accounts: countByKind(accounts) },
    quarantined: stillQuarantined.size,
    records: records.slice(0, maxListed),
    truncated: records.length > maxListed,
  };
}
