import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { describeHealed, healedByKind, healedTotal, type AlertKind, type AlertView, type ReconcileReport, type SideKey } from '@alignboard/contracts';
import { quarterBounds, quarterOf, shiftQuarter, type FiscalCalendar } from '@alignboard/metrics';
import { DataSource, In, type EntityManager } from 'typeorm';
import { addBusinessDays, utcDateOf } from '../calendar/business-days.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { artifactDueMs, preworkIsLate, syncFailure, utcDay, type ConnectionSyncState, type FinishedRun } from './alert-conditions.js';
import { alertMessage } from './alert-message.js';
import { alertViewOf } from './alert-views.js';
import { Alert } from './entities/alert.entity.js';

/** A condition that holds now; it becomes an alert unless one exists for its subject and period. */
export interface AlertCandidate {
  kind: AlertKind;
  subject: string;
  period: string;
  message: string;
  details: Record<string, unknown>;
}

interface MeetingRow {
  id: string;
  quarter: string;
  scheduled_date: string;
  cancelled_by: SideKey | null;
}

const providerNames = { salesforce: 'Salesforce', hubspot: 'HubSpot' } as const;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Checks every alert condition of a partnership at an instant and raises the
 * ones not raised yet. Reading happens first (the figures have their own
 * transaction, and the embedded database one connection); then one
 * transaction inserts the new alerts and queues their delivery, so an alert
 * is never stored without its message or sent without being stored. The
 * unique (partnership, kind, subject, period) makes concurrent evaluations
 * raise each alert once: the loser's insert does nothing.
 */
@Injectable()
export class AlertsEvaluator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    private readonly delivery: DeliveryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Raises what holds at `now` and returns the new alerts. The checks are
   * independent: when one fails (the figures cannot be computed, say), the
   * others' alerts are still raised — a failing sync must not wait for the
   * figures — and then the first error is thrown, so it is seen and retried.
   */
  async evaluate(partnershipId: string, now: Date = this.clock.now()): Promise<AlertView[]> {
    const partnership = await this.dataSource.getRepository(Partnership).findOneByOrFail({ id: partnershipId });
    const { candidates, failure } = await this.gather(partnership, now);
    const raised = await this.raise(partnership, candidates, now);
    if (failure) throw failure;
    return raised;
  }

  /** The conditions that hold at `now`, raised or not. */
  async candidates(partnership: Partnership, now: Date): Promise<AlertCandidate[]> {
    const { candidates, failure } = await this.gather(partnership, now);
    if (failure) throw failure;
    return candidates;
  }

  private async gather(p: Partnership, now: Date): Promise<{ candidates: AlertCandidate[]; failure: unknown }> {
    const companies = await this.companies(p.id);
    const checks = [
      () => this.figureAlerts(p, now, companies),
      () => this.preworkAlerts(p, now),
      () => this.artifactAlerts(p, now),
      () => this.syncAlerts(p, now, companies),
      () => this.driftAlerts(p, now, companies),
    ];
    const candidates: AlertCandidate[] = [];
    let failure: unknown = null;
    for (const check of checks) {
      try {
        candidates.push(...(await check()));
      } catch (error) {
        failure ??= error;
      }
    }
    return { candidates, failure };
  }

  /** Kill candidates of the last completed quarter, motions at risk in this one, and the cancellation streak of health. */
  private async figureAlerts(p: Partnership, now: Date, companies: Record<SideKey, string>): Promise<AlertCandidate[]> {
    const calendar = calendarOf(p);
    const current = quarterOf(now.getTime(), calendar);
    const completed = shiftQuarter(current, -1);
    const scope = { partnership: p, side: null };
    const asOf = now.toISOString();
    const ended = await this.metrics.quarterMetrics(scope, completed, asOf);
    const running = await this.metrics.quarterMetrics(scope, current, asOf);
    const out: AlertCandidate[] = [];

    for (const m of ended.motions.filter((m) => m.killCandidate)) {
      out.push({
        kind: 'kill_candidate',
        subject: m.key,
        period: completed,
        message: `${m.name} (${m.key}) is a kill candidate for ${completed}: ${m.reason}.`,
        details: { quarter: completed, motion: m.key, name: m.name, forecast: m.forecast, produced: m.produced, attainment: m.attainment, threshold: p.killThreshold },
      });
    }
    const bounds = quarterBounds(current, calendar);
    const elapsed = round6((now.getTime() - bounds.startMs) / (bounds.endMs - bounds.startMs));
    for (const m of running.motions.filter((m) => m.atRisk)) {
      out.push({
        kind: 'at_risk',
        subject: m.key,
        period: current,
        message: `${m.name} (${m.key}) is at risk in ${current}: ${m.reason}.`,
        details: { quarter: current, motion: m.key, name: m.name, forecast: m.forecast, produced: m.produced, attainment: m.attainment, elapsed, threshold: p.killThreshold },
      });
    }

    const streak = running.health.consecutiveCancellations;
    if (streak.A || streak.B) {
      // The two meetings health compares: the last two of its window that were held or cancelled, by date.
      const [last, beforeLast] = await this.dataSource.query<MeetingRow[]>(
        `select id, quarter, to_char(scheduled_date, 'YYYY-MM-DD') as scheduled_date, cancelled_by from meetings
         where partnership_id = $1 and quarter = any($2::text[]) and status <> 'scheduled'
         order by scheduled_date desc, id desc limit 2`,
        [p.id, running.health.quarters],
      );
      for (const side of ['A', 'B'] as const) {
        if (!streak[side] || last?.cancelled_by !== side || beforeLast?.cancelled_by !== side) continue;
        const pair = [beforeLast, last].map((m) => ({ id: m.id, quarter: m.quarter, scheduledDate: m.scheduled_date }));
        out.push({
          kind: 'consecutive_cancellations',
          subject: side,
          period: last.quarter,
          message: `Side ${side} (${companies[side]}) cancelled the last two meetings in a row: ${pair.map((m) => `${m.quarter} on ${m.scheduledDate}`).join(' and ')}.`,
          details: { side, company: companies[side], meetings: pair },
        });
      }
    }
    return out;
  }

  /**
   * Scheduled meetings still ahead whose prework date has passed and whose
   * prework was not sent: a packet generated by hand but never sent is still late.
   */
  private async preworkAlerts(p: Partnership, now: Date): Promise<AlertCandidate[]> {
    const meetings = await this.dataSource.query<MeetingRow[]>(
      `select m.id, m.quarter, to_char(m.scheduled_date, 'YYYY-MM-DD') as scheduled_date, m.cancelled_by from meetings m
       where m.partnership_id = $1 and m.status = 'scheduled' and m.scheduled_date >= $2::date
         and m.prework_sent_at is null
       order by m.scheduled_date`,
      [p.id, utcDateOf(now)],
    );
    const out: AlertCandidate[] = [];
    for (const m of meetings) {
      const preworkDate = addBusinessDays(m.scheduled_date, -p.preworkBusinessDays, p.holidays);
      if (!preworkIsLate(preworkDate, m.scheduled_date, now.getTime())) continue;
      out.push({
        kind: 'prework_late',
        subject: m.id,
        period: m.quarter,
        message: `Prework for the ${m.quarter} meeting on ${m.scheduled_date} is late: it was due on ${preworkDate} (${p.preworkBusinessDays} business days before) and none was sent.`,
        details: { meetingId: m.id, quarter: m.quarter, scheduledDate: m.scheduled_date, preworkDate, preworkBusinessDays: p.preworkBusinessDays },
      });
    }
    return out;
  }

  /** Held meetings of this quarter or the last whose one-pager is still unsent 24 hours after the meeting day began. */
  private async artifactAlerts(p: Partnership, now: Date): Promise<AlertCandidate[]> {
    const current = quarterOf(now.getTime(), calendarOf(p));
    const meetings = await this.dataSource.query<(MeetingRow & { artifact_id: string | null })[]>(
      `select m.id, m.quarter, to_char(m.scheduled_date, 'YYYY-MM-DD') as scheduled_date, m.cancelled_by, a.id as artifact_id
       from meetings m left join artifacts a on a.partnership_id = m.partnership_id and a.quarter = m.quarter
       where m.partnership_id = $1 and m.status = 'held' and m.quarter = any($2::text[]) and a.sent_at is null
       order by m.scheduled_date`,
      [p.id, [shiftQuarter(current, -1), current]],
    );
    return meetings
      .filter((m) => now.getTime() >= artifactDueMs(m.scheduled_date))
      .map((m) => {
        const dueAt = new Date(artifactDueMs(m.scheduled_date)).toISOString();
        return {
          kind: 'artifact_overdue' as const,
          subject: m.id,
          period: m.quarter,
          message: `The ${m.quarter} one-pager has not been sent: the meeting was held on ${m.scheduled_date} and it was due by ${dueAt}.`,
          details: { meetingId: m.id, quarter: m.quarter, heldOn: m.scheduled_date, dueAt, artifactId: m.artifact_id },
        };
      });
  }

  private async syncAlerts(p: Partnership, now: Date, companies: Record<SideKey, string>): Promise<AlertCandidate[]> {
    const connections = await this.dataSource.query<{ id: string; side: SideKey; provider: keyof typeof providerNames; created_at: Date }[]>(
      `select c.id, s.side, c.provider, c.created_at from crm_connections c join sides s on s.id = c.side_id
       where s.partnership_id = $1 order by s.side`,
      [p.id],
    );
    const out: AlertCandidate[] = [];
    for (const c of connections) {
      const failure = syncFailure(await this.syncState(c.id, c.created_at, now), now.getTime());
      if (!failure) continue;
      const crm = `${providerNames[c.provider]} (side ${c.side}, ${companies[c.side]})`;
      const why =
        failure.reason === 'two_failed_runs'
          ? `its last ${failure.failedRuns} runs failed`
          : `it has not synced successfully since ${failure.lastSuccessAt?.toISOString() ?? 'it was connected'}`;
      out.push({
        kind: 'sync_failing',
        subject: c.id,
        period: utcDay(failure.failingSince),
        message: `The ${crm} sync is failing since ${failure.failingSince.toISOString()}: ${why}. Last error: ${failure.lastError ?? 'none recorded'}.`,
        details: {
          connectionId: c.id,
          side: c.side,
          provider: c.provider,
          reason: failure.reason,
          failingSince: failure.failingSince.toISOString(),
          failedRuns: failure.failedRuns,
          lastError: failure.lastError,
          lastSuccessAt: failure.lastSuccessAt?.toISOString() ?? null,
        },
      });
    }
    return out;
  }

  /**
   * One alert per reconciliation of the last week that healed records: what
   * the incremental syncs had not read right (a lookback too short for a
   * CRM's lag, a restored portal, a purge). The record ids are in the details
   * for their own side; the message says how many of which kind.
   */
  private async driftAlerts(p: Partnership, now: Date, companies: Record<SideKey, string>): Promise<AlertCandidate[]> {
    const runs = await this.dataSource.query<{ id: string; connection_id: string; side: SideKey; provider: keyof typeof providerNames; finished_at: Date; report: ReconcileReport }[]>(
      `select r.id, r.connection_id, s.side, c.provider, r.finished_at, r.report from sync_runs r
       join crm_connections c on c.id = r.connection_id join sides s on s.id = c.side_id
       where s.partnership_id = $1 and r.kind = 'reconcile' and r.status = 'succeeded' and r.report is not null
         and r.finished_at <= $2 and r.finished_at > $3
       order by r.finished_at`,
      [p.id, now, new Date(now.getTime() - 7 * 86_400_000)],
    );
    const out: AlertCandidate[] = [];
    for (const r of runs) {
      const healed = healedTotal(r.report);
      if (!healed) continue;
      const at = r.finished_at.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const crm = `${providerNames[r.provider]} (side ${r.side}, ${companies[r.side]})`;
      out.push({
        kind: 'sync_drift',
        subject: r.connection_id,
        period: at,
        message:
          `The ${crm} reconciliation of ${at} healed ${healed} record${healed === 1 ? '' : 's'} no incremental sync had read right: ` +
          `${describeHealed(r.report)}. The figures are exact again; side ${r.side} sees the records on the Sync page.`,
        details: {
          connectionId: r.connection_id,
          side: r.side,
          provider: r.provider,
          runId: r.id,
          healed: Object.fromEntries(Object.entries(healedByKind(r.report)).filter(([, n]) => n > 0)),
          records: r.report.records,
        },
      });
    }
    return out;
  }

  /** The connection's runs as of `now` (a run started later does not exist yet). */
  private async syncState(connectionId: string, createdAt: Date, now: Date): Promise<ConnectionSyncState> {
    const lastRuns = await this.dataSource.query<{ status: FinishedRun['status']; started_at: Date; error: string | null }[]>(
      `select status, started_at, error from sync_runs
       where connection_id = $1 and status in ('succeeded', 'failed') and started_at <= $2
       order by started_at desc limit 2`,
      [connectionId, now],
    );
    const [success] = await this.dataSource.query<{ started_at: Date | null; finished_at: Date | null }[]>(
      `select max(started_at) as started_at, max(finished_at) as finished_at from sync_runs
       where connection_id = $1 and status = 'succeeded' and started_at <= $2`,
      [connectionId, now],
    );
    const [failures] = await this.dataSource.query<{ n: number; since: Date | null }[]>(
      `select count(*)::int as n, min(started_at) as since from sync_runs
       where connection_id = $1 and status = 'failed' and started_at <= $2 and ($3::timestamptz is null or started_at > $3)`,
      [connectionId, now, success.started_at],
    );
    return {
      createdAt,
      lastRuns: lastRuns.map((r) => ({ status: r.status, startedAt: r.started_at, error: r.error })),
      lastSuccessAt: success.finished_at,
      failuresSinceSuccess: failures.n,
      failingSince: failures.since,
    };
  }

  private async raise(p: Partnership, candidates: AlertCandidate[], now: Date): Promise<AlertView[]> {
    if (candidates.length === 0) return [];
    return this.dataSource.transaction(async (m) => {
      const to = await this.recipients(m, p.id);
      const ids: string[] = [];
      for (const c of candidates) {
        const [row] = await m.query<{ id: string }[]>(
          `insert into alerts (partnership_id, kind, subject, period, message, details, raised_at)
           values ($1, $2, $3, $4, $5, $6::jsonb, $7)
           on conflict (partnership_id, kind, subject, period) do nothing returning id`,
          [p.id, c.kind, c.subject, c.period, c.message, JSON.stringify(c.details), now],
        );
        if (!row) continue;
        ids.push(row.id);
        await this.delivery.enqueue(m, alertMessage(p, { id: row.id, kind: c.kind, period: c.period, message: c.message }, to));
      }
      const raised = await m.getRepository(Alert).findBy({ id: In(ids) });
      return ids.map((id) => alertViewOf(raised.find((a) => a.id === id)!));
    });
  }

  /** Alerts go to the people who run the partnership on each side: its CROs and heads of partnerships. */
  private async recipients(m: EntityManager, partnershipId: string): Promise<string[]> {
    const rows = await m.query<{ email: string }[]>(
      `select distinct lower(pe.email) as email from people pe join sides s on s.id = pe.side_id
       where s.partnership_id = $1 and pe.role in ('cro', 'partnerships') order by 1`,
      [partnershipId],
    );
    return rows.map((r) => r.email);
  }

  private async companies(partnershipId: string): Promise<Record<SideKey, string>> {
    const rows = await this.dataSource.query<{ side: SideKey; company: string }[]>(
      `select side, company from sides where partnership_id = $1`,
      [partnershipId],
    );
    const names = { A: 'side A', B: 'side B' };
    for (const r of rows) names[r.side] = r.company;
    return names;
  }
}

function calendarOf(p: Partnership): FiscalCalendar {
  return { startMonth: p.fiscalYearStartMonth, namedBy: p.fiscalYearNamedBy };
}
