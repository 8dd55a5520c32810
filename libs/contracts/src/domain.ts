import { z } from 'zod';

/** The vocabulary of SPEC §2, shared by the API, the CLI and the dashboard. */
export const sideKeys = ['A', 'B'] as const;
export const sideKeySchema = z.enum(sideKeys);
export type SideKey = z.infer<typeof sideKeySchema>;

export const tokenRoles = ['admin', 'member', 'viewer'] as const;
export const tokenRoleSchema = z.enum(tokenRoles);
export type TokenRole = z.infer<typeof tokenRoleSchema>;

export const personRoles = ['cro', 'partnerships', 'finance', 'marketing', 'viewer'] as const;
export const personRoleSchema = z.enum(personRoles);
export type PersonRole = z.infer<typeof personRoleSchema>;

export const crmProviders = ['salesforce', 'hubspot'] as const;
export const crmProviderSchema = z.enum(crmProviders);
export type CrmProvider = z.infer<typeof crmProviderSchema>;

export const fiscalYearNamedBySchema = z.enum(['start', 'end']);
export type FiscalYearNamedBy = z.infer<typeof fiscalYearNamedBySchema>;

export const forecastCategories = ['pipeline', 'upside', 'commit', 'closed_won', 'closed_lost', 'omitted'] as const;
export type ForecastCategory = (typeof forecastCategories)[number];

export const attributions = ['sourced', 'influenced'] as const;
export const attributionSchema = z.enum(attributions);
export type Attribution = z.infer<typeof attributionSchema>;

export const motionStatuses = ['active', 'killed'] as const;
export type MotionStatus = (typeof motionStatuses)[number];

export const askStatuses = ['open', 'in_progress', 'delivered', 'blocked', 'dropped'] as const;
export const askStatusSchema = z.enum(askStatuses);
export type AskStatus = z.infer<typeof askStatusSchema>;

export const askVerdicts = ['wrong_ask', 'wrong_timing', 'wrong_priority'] as const;
export const askVerdictSchema = z.enum(askVerdicts);
export type AskVerdict = z.infer<typeof askVerdictSchema>;

export const meetingStatuses = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export const decisionKinds = ['motion', 'account_set', 'owners', 'cadence', 'asks', 'other'] as const;
export const decisionKindSchema = z.enum(decisionKinds);
export type DecisionKind = z.infer<typeof decisionKindSchema>;

/** Fields of an opportunity one side may share with the other (SPEC §2). */
export const sharedFields = [
  'name',
  'accountName',
  'accountDomain',
  'amount',
  'closeDate',
  'stage',
  'forecastCategory',
  'attribution',
  'motion',
  'probability',
] as const;
export const sharedFieldSchema = z.enum(sharedFields);
export type SharedField = z.infer<typeof sharedFieldSchema>;
export const defaultSharedFields: SharedField[] = [
  'name',
  'accountName',
  'accountDomain',
  'amount',
  'closeDate',
  'stage',
  'forecastCategory',
  'attribution',
  'motion',
];

/**
 * Years 1970–2999. `Date.UTC` reads years 0–99 as 1900–1999 (so `0000-Q1` began
 * on 1900-01-01), and no CRM deal closes before the epoch. A year past 2999 is a
 * typo, and the bound keeps every quarter and its successor four-digit, so
 * quarters sort as text in time order (after 9999-Q4, 10000-Q1 would not).
 */
export const MIN_QUARTER_YEAR = 1970;
export const MAX_QUARTER_YEAR = 2999;
const quarterPattern = /^\d{4}-Q[1-4]$/;
export const quarterSchema = z
  .string()
  .regex(quarterPattern, 'expected a quarter like 2026-Q2')
  .refine((q) => {
    if (!quarterPattern.test(q)) return true; // reported once, by the pattern
    const year = Number(q.slice(0, 4));
    return year >= MIN_QUARTER_YEAR && year <= MAX_QUARTER_YEAR;
  }, `expected a year from ${MIN_QUARTER_YEAR} to ${MAX_QUARTER_YEAR}`);
export type Quarter = string;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar date in the quarters' years (PostgreSQL has no year 0, which `Date` reads as 1 BC). */
export const isoDateSchema = z
  .string()
  .regex(datePattern, 'expected a date like 2026-04-16')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date')
  .refine((s) => {
    if (!datePattern.test(s)) return true; // reported once, by the pattern
    const year = Number(s.slice(0, 4));
    return year >= MIN_QUARTER_YEAR && year <= MAX_QUARTER_YEAR;
  }, `expected a date from ${MIN_QUARTER_YEAR}-01-01 to ${MAX_QUARTER_YEAR}-12-31`);

export { currencySchema } from './currency.js';

export const partnershipKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected lower-case letters, digits and dashes (2–63 characters)');

export const motionKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lower-case letters, digits, dashes or underscores');
