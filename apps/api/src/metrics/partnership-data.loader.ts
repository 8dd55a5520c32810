import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { defaultSharedFields, type SharedField, type SideKey } from '@alignboard/contracts';
import type { GroupOverride, HealthInput, MotionDefinition } from '@alignboard/metrics';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import type {
  ChangeVersions,
  PartnershipSettings,
  PartnershipSnapshot,
  StoredHistoryRow,
  StoredOpportunity,
} from './partnership-snapshot.js';
import {
  historyByOpportunity,
  historyColumns,
  historyOf,
  opportunityColumns,
  opportunityOf,
  type HistoryRow,
  type OpportunityRow,
} from './stored-rows.js';

/** Changes read since a watermark: whole rows, and every history row of each. */
export interface SnapshotChanges {
  opportunities: StoredOpportunity[];
  history: StoredHistoryRow[];
  /** Records purged since (the CRM holds no trace of them): they leave the figures at every instant. */
  purgedIds: string[];
  watermark: Date;
}

/**
 * Reads one partnership's figures inputs from PostgreSQL. Dates come out as
 * `YYYY-MM-DD` text (the driver would make local-time Dates of them), money
 * as numbers only where it is a rate or a forecast.
 */
@Injectable()
export class PartnershipDataLoader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Everything, from one consistent snapshot of the database. */
  async load(
    partnershipId: string,
  ): Promise<{ snapshot: PartnershipSnapshot; versions: ChangeVersions; watermark: Date }> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const versions = await this.versions(partnershipId, m);
      const watermark = await this.watermark(m, partnershipId);
      const settings = await this.settings(partnershipId, m);
      // A purged record (gone from the CRM altogether) is kept, but a fresh full sync would not know it.
      const opportunities = await m.query<OpportunityRow[]>(
        `select ${opportunityColumns} from opportunities o where o.partnership_id = $1 and o.purged_at is null`,
        [partnershipId],
      );
      const history = await m.query<HistoryRow[]>(
        `select ${historyColumns} from opportunity_history h join opportunities o on o.id = h.opportunity_id
         where o.partnership_id = $1 and o.purged_at is null order by h.opportunity_id, h.valid_from`,
        [partnershipId],
      );
      const snapshot: PartnershipSnapshot = {
        settings,
        overrides: await this.overrides(partnershipId, m),
        health: await this.health(partnershipId, m),
        opportunities: new Map(opportunities.map((r) => [r.id, opportunityOf(r)])),
        history: historyByOpportunity(history.map(historyOf)),
      };
      return { snapshot, versions, watermark };
    });
  }

  /**
   * Opportunities written since `since` (and those whose account a sync
   * carried a new name or domain over to, which leaves their `synced_at`
   * alone), with their whole history.
   */
  async changedSince(partnershipId: string, since: Date): Promise<SnapshotChanges> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const watermark = await this.watermark(m, partnershipId);
      const changed = await m.query<(OpportunityRow & { purged: boolean })[]>(
        `select ${opportunityColumns}, o.purged_at is not null as purged from opportunities o where o.partnership_id = $1 and o.synced_at >= $2
         union
         select ${opportunityColumns}, o.purged_at is not null as purged from opportunities o
         join accounts a on a.connection_id = o.connection_id and a.crm_id = o.account_crm_id
         where o.partnership_id = $1 and a.synced_at >= $2`,
        [partnershipId, since],
      );
      const rows = changed.filter((r) => !r.purged);
      const purgedIds = changed.filter((r) => r.purged).map((r) => r.id);
      const history = rows.length
        ? await m.query<HistoryRow[]>(
            `select ${historyColumns} from opportunity_history h where h.opportunity_id = any($1::uuid[]) order by h.opportunity_id, h.valid_from`,
            [rows.map((r) => r.id)],
          )
        : [];
      return { opportunities: rows.map(opportunityOf), history: history.map(historyOf), purgedIds, watermark };
    });
  }

  /**
   * The partnership's change counters (one per kind of input, bumped by
   * triggers in the transaction of every write: migration
   * 1765500000000-partnership-changes): one primary-key range read, so a
   * change made by any process (the CLI, a second API, a sync) is seen at
   * the next read. See docs/decisions/014-figures-read-model.md.
   */
  async versions(
    partnershipId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<ChangeVersions> {
    const rows = await m.query<{ scope: string; version: string }[]>(
      `select scope, version::text as version from partnership_changes where partnership_id = $1`,
      [partnershipId],
    );
    return Object.fromEntries(rows.map((r) => [r.scope, r.version]));
  }

  async settings(
    partnershipId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<PartnershipSettings> {
    const [p] = await m.query<PartnershipRow[]>(
      `select id, key, currency, fiscal_year_start_month, fiscal_year_named_by, booking_side, kill_threshold::float8 as kill_threshold
       from partnerships where id = $1`,
      [partnershipId],
    );
    if (!p) throw new NotFoundError(`No partnership ${partnershipId}`);
    const sides = await m.query<
      {
        side: SideKey;
        shared_fields: SharedField[];
        connection_id: string | null;
        provider: 'salesforce' | 'hubspot' | null;
      }[]
    >(
      `select s.side, s.shared_fields, c.id as connection_id, c.provider from sides s left join crm_connections c on c.side_id = s.id
       where s.partnership_id = $1`,
      [partnershipId],
    );
    const side = (key: SideKey) => sides.find((s) => s.side === key);
    const dated = await m.query<DatedRateRow[]>(
      `select r.connection_id, r.currency, to_char(r.start_date, 'YYYY-MM-DD') as start_date, to_char(r.next_start_date, 'YYYY-MM-DD') as next_start_date,
         r.per_corporate_unit::float8 as per_corporate_unit, r.corporate_currency
       from crm_dated_rates r where r.connection_id = any($1::uuid[])`,
      [sides.map((s) => s.connection_id).filter(Boolean)],
    );
    const configured = await m.query<
      { currency: string; start_date: string; base_per_unit: number }[]
    >(
      `select currency, to_char(start_date, 'YYYY-MM-DD') as start_date, base_per_unit::float8 as base_per_unit
       from partnership_rates where partnership_id = $1`,
      [partnershipId],
    );
    return {
      id: p.id,
      key: p.key,
      currency: p.currency,
      calendar: { startMonth: p.fiscal_year_start_month, namedBy: p.fiscal_year_named_by },
      bookingSide: p.booking_side,
      killThreshold: p.kill_threshold,
      // A side without a connection has no records; its ids then compare whole.
      providers: { A: side('A')?.provider ?? 'hubspot', B: side('B')?.provider ?? 'hubspot' },
      sharedFields: {
        A: side('A')?.shared_fields ?? defaultSharedFields,
        B: side('B')?.shared_fields ?? defaultSharedFields,
      },
      motions: await this.motions(partnershipId, m),
      datedRates: dated.map((r) => ({
        connectionId: r.connection_id,
        currency: r.currency,
        startDate: r.start_date,
        nextStartDate: r.next_start_date,
        perCorporateUnit: r.per_corporate_unit,
        corporateCurrency: r.corporate_currency,
      })),
      configuredRates: configured.map((r) => ({
        currency: r.currency,
        startDate: r.start_date,
        basePerUnit: r.base_per_unit,
      })),
    };
  }

  async overrides(
    partnershipId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<GroupOverride[]> {
    const rows = await m.query<{ kind: 'link' | 'unlink'; a: string; b: string }[]>(
      `select kind, side_a_crm_id as a, side_b_crm_id as b from deal_group_overrides where partnership_id = $1 order by created_at, id`,
      [partnershipId],
    );
    return rows.map((r) => ({ kind: r.kind, a: r.a, b: r.b }));
  }

  /** Meetings, asks, decisions and artifacts: small, re-read whole when their counter moves (their writers are many). */
  async health(
    partnershipId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<HealthInput> {
    const meetings = await m.query<MeetingRow[]>(
      `select id, quarter, to_char(scheduled_date, 'YYYY-MM-DD') as scheduled_date, status, cancelled_by, attendees, prework_sent_at
       from meetings where partnership_id = $1 order by scheduled_date, id`,
      [partnershipId],
    );
    const asks = await m.query<{ from_side: SideKey; quarter_raised: string; status: string }[]>(
      `select from_side, quarter_raised, status from asks where partnership_id = $1 order by created_at, id`,
      [partnershipId],
    );
    const decisions = await m.query<{ meeting_id: string }[]>(
      `select d.meeting_id from decisions d join meetings mt on mt.id = d.meeting_id where d.partnership_id = $1 order by d.created_at, d.id`,
      [partnershipId],
    );
    const artifacts = await m.query<{ quarter: string; sent_at: Date | null }[]>(
      `select quarter, sent_at from artifacts where partnership_id = $1 order by quarter`,
      [partnershipId],
    );
    return {
      meetings: meetings.map((r) => ({
        id: r.id,
        quarter: r.quarter,
        scheduledDate: r.scheduled_date,
        status: r.status,
        cancelledBy: r.cancelled_by,
        attendees: { A: r.attendees?.A ?? [], B: r.attendees?.B ?? [] },
        preworkSentAt: r.prework_sent_at ? r.prework_sent_at.toISOString() : null,
      })),
      asks: asks.map((r) => ({
        fromSide: r.from_side,
        quarterRaised: r.quarter_raised,
        status: r.status,
      })),
      decisions: decisions.map((r) => ({ meetingId: r.meeting_id })),
      artifacts: artifacts.map((r) => ({
        quarter: r.quarter,
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      })),
    };
  }

  private async motions(partnershipId: string, m: EntityManager): Promise<MotionDefinition[]> {
    const motions = await m.query<
      { id: string; key: string; name: string; status: 'active' | 'killed' }[]
    >(`select id, key, name, status from motions where partnership_id = $1 order by key`, [
      partnershipId,
    ]);
    const forecasts = await m.query<
      { motion_id: string; quarter: string; forecast: number; stretch: number | null }[]
    >(
      `select f.motion_id, f.quarter, f.forecast::float8 as forecast, f.stretch::float8 as stretch
       from motion_forecasts f join motions mo on mo.id = f.motion_id where mo.partnership_id = $1`,
      [partnershipId],
    );
    return motions.map((motion) => ({
      key: motion.key,
      name: motion.name,
      status: motion.status,
      forecasts: Object.fromEntries(
        forecasts
          .filter((f) => f.motion_id === motion.id)
          .map((f) => [f.quarter, { forecast: f.forecast, stretch: f.stretch }]),
      ),
    }));
  }

  /**
   * The instant before which every opportunity write is visible now: a page
   * of a sync still running may commit later with an earlier `synced_at`
   * (its transaction's start), so the watermark stays at the start of any
   * run holding a lease, less a minute for clocks that disagree.
   */
  private async watermark(m: EntityManager, partnershipId: string): Promise<Date> {
    const [row] = await m.query<{ watermark: Date }[]>(
      `select least(now(), coalesce((
         select min(r.started_at) from sync_leases l join sync_runs r on r.id = l.run_id
         join crm_connections c on c.id = l.connection_id join sides s on s.id = c.side_id
         where s.partnership_id = $1 and l.expires_at > now()), now())) - interval '1 minute' as watermark`,
      [partnershipId],
    );
    return row.watermark;
  }
}

interface PartnershipRow {
  id: string;
  key: string;
  currency: string;
  fiscal_year_start_month: number;
  fiscal_year_named_by: 'start' | 'end';
  booking_side: SideKey;
  kill_threshold: number;
}

interface DatedRateRow {
  connection_id: string;
  currency: string;
  start_date: string;
  next_start_date: string | null;
  per_corporate_unit: number;
  corporate_currency: string;
}

interface MeetingRow {
  id: string;
  quarter: string;
  scheduled_date: string;
  status: 'scheduled' | 'held' | 'cancelled';
  cancelled_by: SideKey | null;
  attendees: { A?: unknown[]; B?: unknown[] } | null;
  prework_sent_at: Date | null;
}
