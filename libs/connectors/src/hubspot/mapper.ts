import type { CrmMapping } from '@alignboard/contracts';
import { z } from 'zod';
import { normalizeDomain } from '../core/domain.js';
import type { NormalizedAccount, NormalizedOpportunity } from '../core/normalized.js';
import * as rules from './rules.js';
import type { StageIndex } from './stages.js';

/** What the mapper needs besides the record: the mapping, the stages, the deal's primary company. */
export interface DealContext {
  mapping: CrmMapping;
  stages: StageIndex;
  company: NormalizedAccount | null;
  /** The portal's company currency, for deals without `deal_currency_code`. */
  companyCurrency: string | null;
}

export type MappedDeal = { ok: true; opportunity: NormalizedOpportunity } | { ok: false; reason: string };

const instant = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO instant');

/** A deal as the CRM v3 API returns it; properties are strings or null, nothing else. */
export const dealSchema = z.object({
  id: z.string().regex(/^\d+$/, 'expected a numeric id'),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: instant,
  updatedAt: instant,
  archived: z.boolean(),
  archivedAt: instant.nullable(),
});

const toMs = (value: string | null | undefined): number => {
  if (!value) return NaN;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
};
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The stamp a deal is stored under (its history row's instant, what
 * reconciliation compares): `hs_lastmodifieddate`, or the archive instant of
 * an archived deal when that is later (archiving does not touch the former).
 */
export function dealStampMs(deal: { properties: Record<string, unknown>; updatedAt?: string | null; archived?: boolean; archivedAt?: string | null }): number {
  const stamp = deal.properties.hs_lastmodifieddate;
  const modifiedMs = toMs(typeof stamp === 'string' ? stamp : null) || Date.parse(deal.updatedAt ?? '');
  const archivedMs = deal.archivedAt ? Date.parse(deal.archivedAt) : NaN;
  return deal.archived && archivedMs > modifiedMs ? archivedMs : modifiedMs;
}

/**
 * One HubSpot deal → one normalized opportunity (SPEC §2–§3), or the reason
 * it cannot be. Pure: the stages, mapping and company come from the caller.
 */
export function mapDeal(raw: unknown, ctx: DealContext): MappedDeal {
  const parsed = dealSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `unexpected deal shape: ${issue.path.join('.') || '(record)'}: ${issue.message}` };
  }
  const deal = parsed.data;
  const p = deal.properties;
  const warnings: string[] = [];
  const take = <T>(ruled: rules.Ruled<T>): T => {
    if (ruled.warning) warnings.push(ruled.warning);
    return ruled.value;
  };

  const amount = rules.amount(p.amount);
  if (amount.error) return { ok: false, reason: amount.error };
  const closeDate = rules.closeDate(p.closedate);
  if (closeDate.error) return { ok: false, reason: closeDate.error };

  const stageId = rules.trimmed(p.dealstage);
  const stage = stageId ? ctx.stages.get(stageId) : undefined;
  const closedFallback = p.hs_is_closed ? { isClosed: p.hs_is_closed === 'true', isWon: p.hs_is_closed_won === 'true' } : undefined;
  const attributionProperty = rules.mappedProperty(ctx.mapping.attribution);
  const motionProperty = rules.mappedProperty(ctx.mapping.motion);
  const partnerProperty = rules.mappedProperty(ctx.mapping.partnerRecordId);

  const stampMs = dealStampMs(deal);
  const archivedMs = deal.archivedAt ? Date.parse(deal.archivedAt) : NaN;
  const createdMs = toMs(p.createdate);

  const opportunity: NormalizedOpportunity = {
    crmId: deal.id,
    accountCrmId: ctx.company?.crmId ?? null,
    accountName: ctx.company?.name ?? null,
    accountDomain: ctx.company?.domain ?? null,
    name: rules.trimmed(p.dealname),
    amount: take(amount),
    currency: rules.currencyCode(p.deal_currency_code, ctx.companyCurrency),
    closeDate: take(closeDate),
    stage: stage?.label ?? stageId,
    forecastCategory: take(rules.forecastCategory(stageId, stage, p.hs_manual_forecast_category ?? null, ctx.mapping, closedFallback)),
    probability: take(rules.probability(p.hs_deal_stage_probability, stage)),
    attribution: attributionProperty ? take(rules.attribution(p[attributionProperty], ctx.mapping)) : null,
    motionKey: motionProperty ? rules.trimmed(p[motionProperty]) : null,
    partnerRecordId: partnerProperty ? rules.trimmed(p[partnerProperty]) : null,
    createdAt: iso(Number.isFinite(createdMs) ? createdMs : Date.parse(deal.createdAt)),
    modifiedAt: iso(stampMs),
    isDeleted: deal.archived,
    deletedAt: deal.archived ? iso(Number.isFinite(archivedMs) ? archivedMs : stampMs) : null,
    warnings,
    raw: deal as unknown as Record<string, unknown>,
  };
  return { ok: true, opportunity };
}

const companySchema = z.object({
  id: z.string().regex(/^\d+$/, 'expected a numeric id'),
  properties: z.record(z.string(), z.string().nullable()),
  updatedAt: instant.nullable(),
  archived: z.boolean(),
});

/** A company's stored stamp: `hs_lastmodifieddate`, else `updatedAt`. */
export function companyStampMs(company: { properties: Record<string, unknown>; updatedAt?: string | null }): number {
  const stamp = company.properties.hs_lastmodifieddate;
  return toMs(typeof stamp === 'string' ? stamp : null) || (company.updatedAt ? Date.parse(company.updatedAt) : NaN);
}

/** A company → the deal's account; the domain comes from `domain`, else `website` (SPEC §4). */
export function mapCompany(raw: unknown): NormalizedAccount | { ok: false; reason: string } {
  const parsed = companySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `unexpected company shape: ${issue.path.join('.') || '(record)'}: ${issue.message}` };
  }
  const { id, properties: p, archived } = parsed.data;
  const modifiedMs = companyStampMs(parsed.data);
  const website = rules.trimmed(p.website);
  return {
    crmId: id,
    name: rules.trimmed(p.name),
    website,
    domain: normalizeDomain(p.domain) ?? normalizeDomain(website),
    modifiedAt: Number.isFinite(modifiedMs) ? iso(modifiedMs) : null,
    isDeleted: archived,
    raw: parsed.data as unknown as Record<string, unknown>,
  };
}
