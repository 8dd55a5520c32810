import type { SideKey } from '@alignboard/contracts';
import type { StoredHistoryRow, StoredOpportunity } from './partnership-snapshot.js';

/**
 * The columns of opportunities and their history the figures read: dates as
 * `YYYY-MM-DD` text (the driver would make local-time Dates of them), money
 * as numeric text, never the raw record.
 */
export const opportunityColumns = `o.id, o.side, o.connection_id, o.crm_id, o.name, o.account_name, o.account_domain, o.amount::text as amount,
  o.currency, to_char(o.close_date, 'YYYY-MM-DD') as close_date, o.stage, o.forecast_category, o.probability::text as probability,
  o.attribution, o.motion_key, o.partner_record_id, o.crm_created_at, o.is_deleted, o.warnings`;
export const historyColumns = `h.opportunity_id, h.valid_from, h.amount::text as amount, h.currency, to_char(h.close_date, 'YYYY-MM-DD') as close_date,
  h.stage, h.forecast_category, h.attribution, h.motion_key, h.is_deleted`;

export interface OpportunityRow {
  id: string;
  side: SideKey;
  connection_id: string;
  crm_id: string;
  name: string | null;
  account_name: string | null;
  account_domain: string | null;
  amount: string | null;
  currency: string | null;
  close_date: string | null;
  stage: string | null;
  forecast_category: StoredOpportunity['forecastCategory'];
  probability: string | null;
  attribution: StoredOpportunity['attribution'];
  motion_key: string | null;
  partner_record_id: string | null;
  crm_created_at: Date | null;
  is_deleted: boolean;
  warnings: string[] | null;
}

export interface HistoryRow {
  opportunity_id: string;
  valid_from: Date;
  amount: string | null;
  currency: string | null;
  close_date: string | null;
  stage: string | null;
  forecast_category: StoredHistoryRow['forecastCategory'];
  attribution: StoredHistoryRow['attribution'];
  motion_key: string | null;
  is_deleted: boolean;
}

export function opportunityOf(r: OpportunityRow): StoredOpportunity {
  return {
    id: r.id,
    side: r.side,
    connectionId: r.connection_id,
    crmId: r.crm_id,
    name: r.name,
    accountName: r.account_name,
    accountDomain: r.account_domain,
    amount: r.amount,
    currency: r.currency?.trim() ?? null,
    closeDate: r.close_date,
    stage: r.stage,
    forecastCategory: r.forecast_category,
    probability: r.probability,
    attribution: r.attribution,
    motionKey: r.motion_key,
    partnerRecordId: r.partner_record_id,
    createdAt: r.crm_created_at ? r.crm_created_at.toISOString() : null,
    deleted: r.is_deleted,
    warnings: Array.isArray(r.warnings) ? r.warnings : [],
  };
}

export function historyOf(r: HistoryRow): StoredHistoryRow {
  return {
    opportunityId: r.opportunity_id,
    validFrom: r.valid_from.toISOString(),
    amount: r.amount,
    currency: r.currency?.trim() ?? null,
    closeDate: r.close_date,
    stage: r.stage,
    forecastCategory: r.forecast_category,
    attribution: r.attribution,
    motionKey: r.motion_key,
    deleted: r.is_deleted,
  };
}

export function historyByOpportunity(rows: StoredHistoryRow[]): Map<string, StoredHistoryRow[]> {
  const byId = new Map<string, StoredHistoryRow[]>();
  for (const row of rows) {
    const list = byId.get(row.opportunityId);
    if (list) list.push(row);
    else byId.set(row.opportunityId, [row]);
  }
  return byId;
}
