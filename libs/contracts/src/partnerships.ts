import { z } from 'zod';
import { crmMappingSchema, type CrmMapping } from './crm-mapping.js';
import {
  currencySchema,
  fiscalYearNamedBySchema,
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

/** Credential fields per provider. All are sealed at rest and never returned. */
export const credentialFields = {
  salesforce: ['clientId', 'clientSecret', 'username', 'password', 'accessToken', 'refreshToken'],
  hubspot: ['accessToken', 'clientId', 'clientSecret', 'refreshToken'],
} as const satisfies Record<CrmProvider, readonly string[]>;

const secret = z.string().min(1, 'must not be empty');
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

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
    name: z.string().trim().min(1),
    email: z.email({ error: 'expected an email address' }).transform((e) => e.toLowerCase()),
    role: personRoleSchema,
  })
  .strict();
export type PersonInput = z.infer<typeof personInputSchema>;

export const sideInputSchema = z
  .object({
    company: z.string().trim().min(1),
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

export const meetingSettingsSchema = z
  .object({
    rule: z.string().trim().min(1).default('third-thursday'),
    preworkBusinessDays: z.number().int().min(0).max(30).default(3),
  })
  .strict();

const partnershipSettings = {
  name: z.string().trim().min(1),
  currency: currencySchema,
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
  fiscalYearNamedBy: fiscalYearNamedBySchema.default('start'),
  bookingSide: sideKeySchema.default('A'),
  killThreshold: z.number().min(0).max(1).default(0.05),
  meeting: meetingSettingsSchema.default({ rule: 'third-thursday', preworkBusinessDays: 3 }),
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
      .object({ rule: z.string().trim().min(1), preworkBusinessDays: z.number().int().min(0).max(30) })
      .partial()
      .strict(),
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
  meeting: { rule: string; preworkBusinessDays: number };
  sides: Record<SideKey, SideView>;
  createdAt: string;
  updatedAt: string;
}
