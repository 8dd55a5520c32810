import type {
  ChangePage,
  HistorySnapshot,
  NormalizedAccount,
  NormalizedOpportunity,
  QuarantinedRecord,
} from '@alignboard/connectors';
import type { EntityManager } from 'typeorm';

export interface PageContext {
  partnershipId: string;
  side: 'A' | 'B';
  connectionId: string;
  runId: string;
  /** Currencies with a rate to the partnership's base currency (the base included). */
  knownCurrencies: Set<string>;
  baseCurrency: string;
  /** The product clock (when a record was seen in quarantine); `synced_at` stays the database's own watermark. */
  now: () => Date;
}

export interface PageCounts {
  fetched: number;
  upserted: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
}

/**
 * The records of a page that will be written: not stored yet, or stored in an
 * older version. Their history is read from the CRM and replaces what is
 * stored, so a record's past is always the CRM's, whether it was synced once
 * or a hundred times. (A reconciliation reads history for every record it
 * reads back: each of them differs.)
 */
export async function staleIds(m: EntityManager, connectionId: string, opportunities: NormalizedOpportunity[]): Promise<string[]> {
  if (!opportunities.length) return [];
  const rows = await m.query<{ crm_id: string; modified_ms: string }[]>(
    `select crm_id, (extract(epoch from crm_modified_at) * 1000)::bigint::text as modified_ms
     from opportunities where connection_id = $1 and crm_id = any($2::text[])`,
    [connectionId, opportunities.map((o) => o.crmId)],
  );
  const stored = new Map(rows.map((r) => [r.crm_id, Number(r.modified_ms)]));
  const stale = new Set<string>();
  for (const o of opportunities) {
    const at = stored.get(o.crmId);
    const read = Date.parse(o.modifiedAt);
    if (at === undefined || at < read) stale.add(o.crmId);
  }
  return [...stale];
}

export interface WriteOptions {
  /**
   * Write each record as the CRM holds it even when the stored version is
   * stamped later (reconciliation: a portal restored from a backup goes back
   * in time). Otherwise an older version never replaces a newer one.
   */
  force?: boolean;
}

/**
 * Writes one page: accounts, opportunities (never an older version over a
 * newer one), and for each record written its history as the CRM tells it —
 * the CRM's own history before the record's stamp, then the record itself
 * at that stamp — replacing any history stored before; deletions,
 * quarantine. Runs inside the caller's transaction, with the page's cursor.
 */
export async function writePage(
  m: EntityManager,
  ctx: PageContext,
  page: ChangePage,
  history: Map<string, HistorySnapshot[]>,
  options: WriteOptions = {},
): Promise<PageCounts> {
  const quarantined: QuarantinedRecord[] = [...page.quarantined];
  const accepted = new Map<string, NormalizedOpportunity>();
  for (const opp of page.opportunities) {
    const problem = currencyProblem(opp, ctx);
    if (problem) {
      quarantined.push({ crmId: opp.crmId, objectType: 'opportunity', reason: problem, raw: opp.raw });
      continue;
    }
    const previous = accepted.get(opp.crmId);
    if (!previous || previous.modifiedAt <= opp.modifiedAt) accepted.set(opp.crmId, opp);
  }

  await upsertAccounts(m, ctx, page.accounts);
  const written = await upsertOpportunities(m, ctx, [...accepted.values()], options.force ?? false);
  await replaceHistory(m, written, accepted, history);
  const deleted = await applyDeletions(m, ctx, page.deletions);
  await quarantine(m, ctx, quarantined, [...accepted.keys()]);

  const deletedUpserts = written.filter((w) => accepted.get(w.crmId)?.isDeleted).length;
  return {
    fetched: page.opportunities.length + page.quarantined.filter((q) => q.objectType === 'opportunity').length,
    upserted: written.length,
    unchanged: accepted.size - written.length,
    deleted: deleted + deletedUpserts,
    // Opportunities only, like `fetched`: read = upserted + unchanged + quarantined.
    quarantined: quarantined.filter((q) => q.objectType === 'opportunity').length,
  };
}

function currencyProblem(opp: NormalizedOpportunity, ctx: PageContext): string | null {
  if (!opp.currency) return `no currency: the record names none and the CRM has no default`;
  if (!ctx.knownCurrencies.has(opp.currency)) {
    return `unknown currency ${opp.currency}: no rate to ${ctx.baseCurrency} in the CRM's dated rates or the partnership's currencyRates`;
  }
  return null;
}

/** Accounts, guarded like opportunities; their name and domain carried over to their stored opportunities in the same statement. */
async function upsertAccounts(m: EntityManager, ctx: PageContext, accounts: NormalizedAccount[]) {
  if (!accounts.length) return;
  await m.query(
    `with written as (
       insert into accounts (connection_id, crm_id, name, website, domain, crm_modified_at, is_deleted, raw, synced_at)
       select $1, x.crm_id, x.name, x.website, x.domain, x.modified_at, x.is_deleted, x.raw, now()
       from jsonb_to_recordset($2::jsonb) as x(crm_id text, name text, website text, domain text,
         modified_at timestamptz, is_deleted boolean, raw jsonb)
       on conflict (connection_id, crm_id) do update set
         name = excluded.name, website = excluded.website, domain = excluded.domain,
         crm_modified_at = excluded.crm_modified_at, is_deleted = excluded.is_deleted, raw = excluded.raw, synced_at = now()
       where accounts.crm_modified_at is null or excluded.crm_modified_at is null
         or accounts.crm_modified_at <= excluded.crm_modified_at
       returning crm_id, name, domain
     ), carried as (
       -- Account edits do not touch their opportunities in the CRM: carry name and domain over here.
       update opportunities o set account_name = a.name, account_domain = a.domain
       from written a
       where o.connection_id = $1 and o.account_crm_id = a.crm_id
         and (o.account_name is distinct from a.name or o.account_domain is distinct from a.domain)
       returning o.id
     )
     select count(*)::int as carried from carried`,
    [
      ctx.connectionId,
      JSON.stringify(
        dedupe(accounts).map((a) => ({
          crm_id: a.crmId, name: a.name, website: a.website, domain: a.domain,
          modified_at: a.modifiedAt, is_deleted: a.isDeleted, raw: a.raw,
        })),
      ),
    ],
  );
}

interface Written {
  id: string;
  crmId: string;
  inserted: boolean;
}

async function upsertOpportunities(m: EntityManager, ctx: PageContext, opps: NormalizedOpportunity[], force: boolean): Promise<Written[]> {
  if (!opps.length) return [];
  const rows = await m.query<{ id: string; crm_id: string; inserted: boolean }[]>(
    // Each record written gets its history row in the same statement (its values are at hand).
    `with written as (
     insert into opportunities (partnership_id, side, connection_id, crm_id, account_crm_id, account_name, account_domain,
       name, amount, currency, close_date, stage, forecast_category, probability, attribution, motion_key,
       partner_record_id, crm_created_at, crm_modified_at, is_deleted, deleted_at, warnings, raw, synced_at)
     select $1, $2, $3, x.crm_id, x.account_crm_id, x.account_name, x.account_domain, x.name, x.amount, x.currency,
       x.close_date, x.stage, x.forecast_category, x.probability, x.attribution, x.motion_key, x.partner_record_id,
       x.created_at, x.modified_at, x.is_deleted, x.deleted_at, x.warnings, x.raw, now()
     from jsonb_to_recordset($4::jsonb) as x(crm_id text, account_crm_id text, account_name text, account_domain text,
       name text, amount numeric, currency text, close_date date, stage text, forecast_category text,
       probability numeric, attribution text, motion_key text, partner_record_id text, created_at timestamptz,
       modified_at timestamptz, is_deleted boolean, deleted_at timestamptz, warnings jsonb, raw jsonb)
     on conflict (connection_id, crm_id) do update set
       account_crm_id = excluded.account_crm_id, account_name = excluded.account_name,
       account_domain = excluded.account_domain, name = excluded.name, amount = excluded.amount,
       currency = excluded.currency, close_date = excluded.close_date, stage = excluded.stage,
       forecast_category = excluded.forecast_category, probability = excluded.probability,
       attribution = excluded.attribution, motion_key = excluded.motion_key,
       partner_record_id = excluded.partner_record_id, crm_created_at = excluded.crm_created_at,
       crm_modified_at = excluded.crm_modified_at, is_deleted = excluded.is_deleted,
       deleted_at = excluded.deleted_at, warnings = excluded.warnings, raw = excluded.raw, synced_at = now()
     where $5 or opportunities.crm_modified_at < excluded.crm_modified_at
     returning id, crm_id, (xmax = 0) as inserted, crm_modified_at, amount, currency, close_date, stage,
       forecast_category, probability, attribution, motion_key, is_deleted
   ), history as (
     insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage,
       forecast_category, probability, attribution, motion_key, is_deleted, source)
     select id, crm_modified_at, amount, currency, close_date, stage, forecast_category, probability,
       attribution, motion_key, is_deleted, 'sync'
     from written
     on conflict (opportunity_id, valid_from) do update set amount = excluded.amount, currency = excluded.currency,
       close_date = excluded.close_date, stage = excluded.stage, forecast_category = excluded.forecast_category,
       probability = excluded.probability, attribution = excluded.attribution, motion_key = excluded.motion_key,
       is_deleted = excluded.is_deleted, source = excluded.source
   )
   select id, crm_id, inserted from written`,
    [ctx.partnershipId, ctx.side, ctx.connectionId, JSON.stringify(opps.map(opportunityRow)), force],
  );
  return rows.map((r) => ({ id: r.id, crmId: r.crm_id, inserted: r.inserted }));
}

function opportunityRow(o: NormalizedOpportunity) {
  return {
    crm_id: o.crmId, account_crm_id: o.accountCrmId, account_name: o.accountName, account_domain: o.accountDomain,
    name: o.name, amount: o.amount, currency: o.currency, close_date: o.closeDate, stage: o.stage,
    forecast_category: o.forecastCategory, probability: o.probability, attribution: o.attribution,
    motion_key: o.motionKey, partner_record_id: o.partnerRecordId, created_at: o.createdAt,
    modified_at: o.modifiedAt, is_deleted: o.isDeleted, deleted_at: o.deletedAt, warnings: o.warnings, raw: o.raw,
  };
}

/** The state each deleted record is in from its deletion on. */
async function recordHistory(m: EntityManager, ids: string[]) {
  if (!ids.length) return;
  await m.query(
    `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage,
       forecast_category, probability, attribution, motion_key, is_deleted, source)
     select id, crm_modified_at, amount, currency, close_date, stage, forecast_category, probability,
       attribution, motion_key, is_deleted, 'sync'
     from opportunities where id = any($1::uuid[])
     on conflict (opportunity_id, valid_from) do nothing`,
    [ids],
  );
}

/**
 * The CRM's own history of each record written, completed with the current
 * value of every field the CRM keeps no history of (SPEC §2), before the
 * record's own stamp (its sync row stands there). A record stored before
 * loses the history stored with it: what a fresh full sync of the same CRM
 * state would store is exactly this, so figures at any past instant are the
 * same however many syncs came before.
 */
async function replaceHistory(
  m: EntityManager,
  written: Written[],
  current: Map<string, NormalizedOpportunity>,
  history: Map<string, HistorySnapshot[]>,
) {
  const updated = written.filter((w) => !w.inserted);
  if (updated.length) {
    await m.query(
      `delete from opportunity_history h
       using unnest($1::uuid[], $2::timestamptz[]) as x(id, at)
       where h.opportunity_id = x.id and h.valid_from <> x.at`,
      [updated.map((w) => w.id), updated.map((w) => current.get(w.crmId)!.modifiedAt)],
    );
  }
  const rows = backfillRows(written, current, history);
  if (!rows.length) return;
  // No ON CONFLICT: every row of these records but the sync row (later than all of these) is gone
  // or was never there, and the rows here are one per instant. This is the largest insert of a
  // first sync (three to four rows a record), and ON CONFLICT's speculative insertion more than
  // doubles its cost.
  await m.query(
    `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage,
       forecast_category, probability, attribution, motion_key, is_deleted, source)
     select x.opportunity_id, x.valid_from, x.amount, x.currency, x.close_date, x.stage, x.forecast_category,
       x.probability, x.attribution, x.motion_key, false, 'backfill'
     from jsonb_to_recordset($1::jsonb) as x(opportunity_id uuid, valid_from timestamptz, amount numeric,
       currency text, close_date date, stage text, forecast_category text, probability numeric,
       attribution text, motion_key text)`,
    [JSON.stringify(rows)],
  );
}

export interface BackfillRow {
  opportunity_id: string;
  valid_from: string;
  amount: string | null;
  currency: string | null;
  close_date: string | null;
  stage: string | null;
  forecast_category: string | null;
  probability: number | null;
  attribution: string | null;
  motion_key: string | null;
}

/**
 * The backfilled rows of records just written: one per record and instant
 * (the first snapshot at an instant wins), strictly before the record's own stamp.
 */
export function backfillRows(
  inserted: { id: string; crmId: string }[],
  current: Map<string, NormalizedOpportunity>,
  history: Map<string, HistorySnapshot[]>,
): BackfillRow[] {
  const rows: BackfillRow[] = [];
  for (const w of inserted) {
    const now = current.get(w.crmId)!;
    const nowMs = Date.parse(now.modifiedAt);
    const instants = new Set<number>();
    for (const s of history.get(w.crmId) ?? []) {
      // Compared as instants: one instant can be written in more than one form.
      const ms = Date.parse(s.validFrom);
      if (!(ms < nowMs) || instants.has(ms)) continue;
      instants.add(ms);
      rows.push({
        opportunity_id: w.id,
        valid_from: s.validFrom,
        amount: s.amount === undefined ? now.amount : s.amount,
        currency: s.currency === undefined ? now.currency : s.currency,
        close_date: s.closeDate === undefined ? now.closeDate : s.closeDate,
        stage: s.stage === undefined ? now.stage : s.stage,
        forecast_category: s.forecastCategory === undefined ? now.forecastCategory : s.forecastCategory,
        probability: s.probability === undefined ? now.probability : s.probability,
        attribution: s.attribution === undefined ? now.attribution : s.attribution,
        motion_key: s.motionKey === undefined ? now.motionKey : s.motionKey,
      });
    }
  }
  return rows;
}

/** Deletions reported apart from records (HubSpot archive, merges): stamped with the CRM's time. */
async function applyDeletions(m: EntityManager, ctx: PageContext, deletions: ChangePage['deletions']): Promise<number> {
  if (!deletions.length) return 0;
  const rows = await m.query<{ id: string }[]>(
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    `with deleted as (
       update opportunities o set is_deleted = true, deleted_at = x.deleted_at,
         crm_modified_at = greatest(o.crm_modified_at, x.deleted_at), synced_at = now()
       from jsonb_to_recordset($2::jsonb) as x(crm_id text, deleted_at timestamptz)
       where o.connection_id = $1 and o.crm_id = x.crm_id and not o.is_deleted
       returning o.id)
     select id from deleted`,
    [ctx.connectionId, JSON.stringify(deletions.map((d) => ({ crm_id: d.crmId, deleted_at: d.deletedAt })))],
  );
  await recordHistory(m, rows.map((r) => r.id));
  return rows.length;
}

async function quarantine(m: EntityManager, ctx: PageContext, records: QuarantinedRecord[], healedIds: string[]) {
  if (healedIds.length) {
    await m.query(
      `delete from quarantined_records where connection_id = $1 and object_type = 'opportunity' and crm_id = any($2::text[])`,
      [ctx.connectionId, healedIds],
    );
  }
  if (!records.length) return;
  const byKey = new Map(records.map((r, i) => [`${r.objectType}:${r.crmId ?? `#${i}`}`, r]));
  await m.query(
    `insert into quarantined_records (connection_id, object_type, crm_id, reason, raw, run_id, first_seen_at, last_seen_at)
     select $1, x.object_type, x.crm_id, x.reason, x.raw, $2, $4, $4
     from jsonb_to_recordset($3::jsonb) as x(object_type text, crm_id text, reason text, raw jsonb)
     on conflict (connection_id, object_type, crm_id) do update set
       reason = excluded.reason, raw = excluded.raw, run_id = excluded.run_id, last_seen_at = excluded.last_seen_at`,
    [
      ctx.connectionId,
      ctx.runId,
      JSON.stringify(
        [...byKey.entries()].map(([key, r]) => ({
          object_type: r.objectType,
          // A record without an id is still kept, under a key derived from its position and run.
          crm_id: r.crmId ?? `(no id ${ctx.runId.slice(0, 8)}${key.slice(key.indexOf('#'))})`,
          reason: r.reason,
          raw: r.raw ?? null,
        })),
      ),
      ctx.now(),
    ],
  );
}

function dedupe(accounts: NormalizedAccount[]): NormalizedAccount[] {
  const latest = new Map<string, NormalizedAccount>();
  for (const a of accounts) {
    const prev = latest.get(a.crmId);
    if (!prev || (prev.modifiedAt ?? '') <= (a.modifiedAt ?? '')) latest.set(a.crmId, a);
  }
  return [...latest.values()];
}
