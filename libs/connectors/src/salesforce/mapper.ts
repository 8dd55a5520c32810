import type { Attribution, CrmMapping } from '@alignboard/contracts';
import { z } from 'zod';
import { normalizeDomain } from '../core/domain.js';
import type { NormalizedAccount, NormalizedOpportunity } from '../core/normalized.js';
import { readForecastCategory } from './forecast.js';
import { decimalString, fraction, isoDate, isoInstant, salesforceIdPattern, text } from './values.js';

/** The custom fields a connection's mapping reads, by their describe spelling. */
export interface MappedFields {
  attribution: string | null;
  motion: string | null;
  partnerRecordId: string | null;
}

export interface OpportunityContext {
  mapping: CrmMapping;
  fields: MappedFields;
  /** A single-currency org's currency: records carry no CurrencyIsoCode there. */
  orgCurrency: string | null;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

export function mappedFields(mapping: CrmMapping): MappedFields {
  const name = (ref?: { field?: string; property?: string }) => ref?.field ?? ref?.property ?? null;
  return { attribution: name(mapping.attribution), motion: name(mapping.motion), partnerRecordId: name(mapping.partnerRecordId) };
}

// Messages complete "<Field> <value> …" in the quarantine reason.
const id = z.string({ error: 'is not text' }).regex(salesforceIdPattern, 'is not a Salesforce id');
const datetime = z.string({ error: 'is not text' }).refine((v) => isoInstant(v) !== null, 'is not a datetime (yyyy-MM-ddTHH:mm:ss.SSS+0000)');
const nullableText = z.string({ error: 'is not text' }).nullable();
const flag = z.boolean({ error: 'is not true/false' });
const amount = z.number({ error: 'is not a number' }).refine(Number.isFinite, 'is not a finite number').nullable();

const opportunitySchema = z.looseObject({
  Id: id,
  SystemModstamp: datetime,
  CreatedDate: datetime,
  IsDeleted: flag,
  Name: nullableText,
  AccountId: id.nullable(),
  Account: z.looseObject({ Name: nullableText.optional(), Website: nullableText.optional() }, { error: 'is not an object' }).nullable().optional(),
  Amount: amount,
  CurrencyIsoCode: z.string({ error: 'is not text' }).regex(/^[A-Za-z]{3}$/, 'is not an ISO 4217 code').nullable().optional(),
  CloseDate: z.string({ error: 'is not text' }).refine((v) => isoDate(v) !== null, 'is not a date (yyyy-MM-dd)').nullable(),
  StageName: nullableText,
  Probability: amount.optional(),
  ForecastCategory: nullableText,
  IsClosed: flag,
  IsWon: flag,
});

const accountSchema = z.looseObject({ Id: id, SystemModstamp: datetime, IsDeleted: flag, Name: nullableText, Website: nullableText });

/** "CloseDate '31/12/2025' is not a date (yyyy-MM-dd); Amount is missing" */
function reasonOf(raw: Record<string, unknown>, issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
      return value === undefined ? `${path} is missing` : `${path} ${JSON.stringify(value)} ${issue.message}`;
    })
    .join('; ');
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): Mapped<T> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'the record is not a JSON object' };
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: reasonOf(raw as Record<string, unknown>, result.error.issues) };
}

/** SPEC §3–§4: one raw Opportunity (REST JSON) → our opportunity, or the reason it is quarantined. */
export function mapOpportunity(raw: unknown, ctx: OpportunityContext): Mapped<NormalizedOpportunity> {
  const parsed = parse(opportunitySchema, raw);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const reading = readForecastCategory(r.ForecastCategory, { isClosed: r.IsClosed, isWon: r.IsWon });
  if (!reading) return { ok: false, reason: `ForecastCategory ${JSON.stringify(r.ForecastCategory)} is not a Salesforce forecast category` };

  const warnings: string[] = [];
  if (reading.warning) warnings.push(reading.warning);
  if (r.Amount === null) warnings.push('Amount is empty: counted as 0');
  if (r.CloseDate === null) warnings.push('CloseDate is empty');
  const modifiedAt = isoInstant(r.SystemModstamp)!;
  return {
    ok: true,
    value: {
      crmId: r.Id,
      accountCrmId: r.AccountId,
      accountName: r.Account?.Name ?? null,
      accountDomain: normalizeDomain(r.Account?.Website),
      name: r.Name,
      amount: r.Amount === null ? null : decimalString(r.Amount),
      currency: r.CurrencyIsoCode === undefined ? ctx.orgCurrency : (r.CurrencyIsoCode?.toUpperCase() ?? null),
      closeDate: r.CloseDate,
      stage: r.StageName,
      forecastCategory: reading.category,
      probability: r.Probability === null || r.Probability === undefined ? null : fraction(r.Probability),
      attribution: attributionOf(r, ctx, warnings),
      motionKey: ctx.fields.motion ? text(r[ctx.fields.motion]) : null,
      partnerRecordId: ctx.fields.partnerRecordId ? text(r[ctx.fields.partnerRecordId]) : null,
      createdAt: isoInstant(r.CreatedDate)!,
      modifiedAt,
      isDeleted: r.IsDeleted,
      deletedAt: r.IsDeleted ? modifiedAt : null,
      warnings,
      raw: raw as Record<string, unknown>,
    },
  };
}

/** The org's own value mapped through `mapping.attribution.values`; an unmapped value is no value, with a warning. */
function attributionOf(r: Record<string, unknown>, ctx: OpportunityContext, warnings: string[]): Attribution | null {
  const field = ctx.fields.attribution;
  const value = field ? text(r[field]) : null;
  if (!field || value === null) return null;
  const values = ctx.mapping.attribution?.values ?? {};
  const key = value in values ? value : Object.keys(values).find((k) => k.trim().toLowerCase() === value.toLowerCase());
  if (key !== undefined) return values[key];
  warnings.push(`attribution value ${JSON.stringify(value)} in ${field} is not one the mapping names: counted as none`);
  return null;
}

export function mapAccount(raw: unknown): Mapped<NormalizedAccount> {
  const parsed = parse(accountSchema, raw);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  return {
    ok: true,
    value: {
      crmId: r.Id,
      name: r.Name,
      website: r.Website,
      domain: normalizeDomain(r.Website),
      modifiedAt: isoInstant(r.SystemModstamp),
      isDeleted: r.IsDeleted,
      raw: raw as Record<string, unknown>,
    },
  };
}
