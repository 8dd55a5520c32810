import { z } from 'zod';
import { crmMappingSchema, type CrmMapping } from './crm-mapping.js';
import {
  currencySchema,
  fiscalYearNamedBySchema,
  isoDateSchema,
  partnershipKeySchema,
  personRoleSchema,
  sharedFieldSchema,
  sideKeySchema,
  type CrmProvider,
  type FiscalYearNamedBy,
  type PersonRole,
  type SharedField,
  type SideKey,
} from './domain.js';
import { oneLineText, refuseControlCharacters, textLimits } from './text.js';

/** Credential fields per provider. All are sealed at rest and never returned. */
export const credentialFields = {
  salesforce: ['clientId', 'clientSecret', 'username', 'password', 'accessToken', 'refreshToken'],
  hubspot: ['accessToken', 'clientId', 'clientSecret', 'refreshToken'],
} as const satisfies Record<CrmProvider, readonly string[]>;

const secret = z
  .string()
  .min(1, 'must not be empty')
  .max(textLimits.secret)
  .superRefine(refuseControlCharacters);
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  // Its own message: the schema's `error` above would otherwise word this issue too.
  .max(textLimits.url, `must be at most ${textLimits.url} characters`)
  .superRefine(refuseControlCharacters);

export const salesforceConnectionSchema = z
  .object({
    provider: z.literal('salesforce'),
    loginUrl: httpUrl.optional(),
    instanceUrl: httpUrl.optional(),
    apiVersion: z.string().regex(/^\d{2,3}\.0$/, 'expected an API version like "62.0"').default('62.0'),
    clientId: secret.optional(),
    clientSecret: secret.optional(),
    username: secret.optional(),
    password: secret.optional(),
    accessToken: secret.optional(),
    refreshToken: secret.optional(),
    /** Minutes each incremental sync reads again before its cursor (default: 10 for Salesforce, 15 for HubSpot). */
    lookbackMinutes: z.number().int().min(0).max(1440).optional(),
    mapping: crmMappingSchema.default({}),
  })
  .strict()
  .refine((c) => Boolean(c.loginUrl ?? c.instanceUrl), {
    message: 'expected `loginUrl` (to log in) or `instanceUrl` with `accessToken`',
    path: ['loginUrl'],
  });

export const hubspotConnectionSchema = z
  .object({
    provider: z.literal('hubspot'),
    basePath: httpUrl.default('https://api.hubapi.com'),
    accessToken: secret.optional(),
    clientId: secret.optional(),
    clientSecret: secret.optional(),
    refreshToken: secret.optional(),
    /** Minutes each incremental sync reads again before its cursor (default: 10 for Salesforce, 15 for HubSpot). */
    lookbackMinutes: z.number().int().min(0).max(1440).optional(),
    mapping: crmMappingSchema.default({}),
  })
  .strict();

export const crmConnectionSchema = z.discriminatedUnion('provider', [
  salesforceConnectionSchema,
  hubspotConnectionSchema,
]);
export type CrmConnectionInput = z.infer<typeof crmConnectionSchema>;

export const personInputSchema = z
  .object({
    name: oneLineText(textLimits.name),
    email: z
      .email({ error: 'expected an email address' })
      .max(textLimits.email, `must be at most ${textLimits.email} characters`)
      .transform((e) => e.toLowerCase()),
    role: personRoleSchema,
  })
  .strict();
export type PersonInput = z.infer<typeof personInputSchema>;

export const sideInputSchema = z
  .object({
    company: oneLineText(textLimits.name),
    sharedFields: z.array(sharedFieldSchema).optional(),
    people: z.array(personInputSchema).default([]),
  })
  .strict()
  .superRefine((side, ctx) => {
    const seen = new Set<string>();
    side.people.forEach((p, i) => {
      if (seen.has(p.email)) ctx.addIssue({ code: 'custom', path: ['people', i, 'email'], message: `${p.email} is listed twice` });
      seen.add(p.email);
    });
  });
export type SideInput = z.infer<typeof sideInputSchema>;

/**
 * A meeting rule names a day of the quarter: `<nth>-<weekday>` in the
 * quarter's first month (default `third-thursday`), or with `-month-<1..3>`
 * in another month of the quarter, e.g. `second-tuesday-month-2`.
 */
export const meetingRulePattern =
  /^(first|second|third|fourth|last)-(monday|tuesday|wednesday|thursday|friday)(?:-month-([1-3]))?$/;
export const defaultMeetingRule = 'third-thursday';

export const meetingRuleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    meetingRulePattern,
    'expected a rule like third-thursday or second-tuesday-month-2 (first, second, third, fourth or last; monday to friday; optionally month-1, -2 or -3 of the quarter)',
  );

/** Days off besides weekends (ISO dates), kept sorted and without repeats so that equal lists compare equal. */
export const holidaysSchema = z
  .array(isoDateSchema)
  .max(1000)
  .transform((days) => [...new Set(days)].sort());

const preworkBusinessDaysSchema = z.number().int().min(0).max(30);

export const meetingSettingsSchema = z
  .object({
    rule: meetingRuleSchema.default(defaultMeetingRule),
    preworkBusinessDays: preworkBusinessDaysSchema.default(3),
    holidays: holidaysSchema.optional(),
  })
  .strict();

/**
 * Where the meeting loop's messages go besides email. The webhook URL usually
 * carries a secret token: it is sealed at rest and never returned.
 */
export const notificationsInputSchema = z.object({ webhookUrl: httpUrl.optional() }).strict();

const partnershipSettings = {
  name: oneLineText(textLimits.name),
  currency: currencySchema,
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
  fiscalYearNamedBy: fiscalYearNamedBySchema.default('start'),
  bookingSide: sideKeySchema.default('A'),
  killThreshold: z.number().min(0).max(1).default(0.05),
  meeting: meetingSettingsSchema.default({ rule: defaultMeetingRule, preworkBusinessDays: 3 }),
  notifications: notificationsInputSchema.optional(),
};

export const createPartnershipSchema = z
  .object({
    key: partnershipKeySchema,
    ...partnershipSettings,
    sides: z.object({ A: sideInputSchema, B: sideInputSchema }).strict(),
  })
  .strict();
export type CreatePartnershipInput = z.infer<typeof createPartnershipSchema>;

export const updatePartnershipSchema = z
  .object({
    name: partnershipSettings.name,
    currency: partnershipSettings.currency,
    fiscalYearStartMonth: z.number().int().min(1).max(12),
    fiscalYearNamedBy: fiscalYearNamedBySchema,
    bookingSide: sideKeySchema,
    killThreshold: z.number().min(0).max(1),
    meeting: z
      .object({ rule: meetingRuleSchema, preworkBusinessDays: preworkBusinessDaysSchema, holidays: holidaysSchema })
      .partial()
      .strict(),
    /** `webhookUrl: null` removes the webhook. */
    notifications: z.object({ webhookUrl: httpUrl.nullable() }).strict(),
  })
  .partial()
  .strict();
export type UpdatePartnershipInput = z.infer<typeof updatePartnershipSchema>;

export interface PersonView {
  name: string;
  email: string;
  role: PersonRole;
}

export interface ConnectionView {
  provider: CrmProvider;
  loginUrl: string | null;
  instanceUrl: string | null;
  apiVersion: string | null;
  basePath: string | null;
  mapping: CrmMapping;
  /** Minutes each incremental sync reads again before its cursor; null: the provider's default. */
  lookbackMinutes: number | null;
  /** Names of the credentials on file; their values never leave the server. */
  credentialsSet: string[];
  updatedAt: string;
}

export interface SideView {
  side: SideKey;
  company: string;
  sharedFields: SharedField[];
  people: PersonView[];
  connection: ConnectionView | null;
}

export interface PartnershipSummary {
  key: string;
  name: string;
  currency: string;
  /** The caller's side, or null for admins. */
  mySide: SideKey | null;
}

export interface PartnershipView extends Omit<PartnershipSummary, 'mySide'> {
  mySide: SideKey | null;
  fiscalYearStartMonth: number;
  fiscalYearNamedBy: FiscalYearNamedBy;
  bookingSide: SideKey;
  killThreshold: number;
  meeting: { rule: string; preworkBusinessDays: number; holidays: string[] };
  /** Whether a webhook URL is on file; the URL itself never leaves the server. */
  notifications: { webhookUrlSet: boolean };
  sides: Record<SideKey, SideView>;
  createdAt: string;
  updatedAt: string;
}
