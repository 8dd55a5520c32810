import { z } from 'zod';
import { motionDefinitionSchema } from './motions.js';
import { currencySchema, isoDateSchema } from './domain.js';
import { createPartnershipSchema, crmConnectionSchema, sideInputSchema } from './partnerships.js';
import { oneLineText, textLimits } from './text.js';

/** A named account: the domain is compared with opportunities' normalized account domains (SPEC §4). */
export const namedAccountSchema = z
  .object({
    name: oneLineText(textLimits.name),
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .max(textLimits.domain)
      .regex(
        /^(?!www\.)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/,
        'expected a bare domain like acme.com (no scheme, path or www.)',
      ),
  })
  .strict();
export type NamedAccountInput = z.infer<typeof namedAccountSchema>;

const positiveRate = z.number().positive('must be a positive number');

/**
 * Configured exchange rates (SPEC §3): units of the partnership's base currency
 * per one unit of the currency, either one rate or rates by the date they take
 * effect. Used where the CRM keeps no dated rates (HubSpot) or lacks a currency.
 */
export const currencyRatesSchema = z.record(
  currencySchema,
  z.union([positiveRate, z.record(isoDateSchema, positiveRate)]),
);
export type CurrencyRatesInput = z.infer<typeof currencyRatesSchema>;

/** A side as the file states it: the API's side plus, optionally, its CRM connection. */
export const sideFileSchema = sideInputSchema.safeExtend({ crm: crmConnectionSchema.optional() });

/**
 * The partnership file of SPEC §6 (`alignboard apply`). Other tools write it,
 * so its keys are stable. Values are checked after `${ENV}` interpolation.
 */
export const partnershipFileSchema = createPartnershipSchema
  .extend({
    sides: z.object({ A: sideFileSchema, B: sideFileSchema }).strict(),
    motions: z.array(motionDefinitionSchema).default([]),
    namedAccounts: z.array(namedAccountSchema).optional(),
    currencyRates: currencyRatesSchema.optional(),
  })
  .superRefine(
    (file, ctx) => {
      // Runs even when other fields are invalid, so every issue is reported at once; it trusts nothing.
      flagDuplicates(file?.motions, 'key', ['motions'], ctx);
      flagDuplicates(file?.namedAccounts, 'domain', ['namedAccounts'], ctx);
    },
    { when: () => true },
  );
export type PartnershipDefinition = z.infer<typeof partnershipFileSchema>;

function flagDuplicates(
  items: unknown,
  field: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
) {
  if (!Array.isArray(items)) return;
  const seen = new Map<unknown, number>();
  items.forEach((item: unknown, i) => {
    const value =
      typeof item === 'object' && item !== null
        ? (item as Record<string, unknown>)[field]
        : undefined;
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, field],
        message: `${value} is already used by ${path.join('.')}[${first}]`,
      });
  });
}
