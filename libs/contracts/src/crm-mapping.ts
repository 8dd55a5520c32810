import { z } from 'zod';
import { attributionSchema } from './domain.js';
import { refuseControlCharacters, textLimits } from './text.js';

/** A CRM's own name or value, compared with the CRM's exactly as written: not trimmed. */
const crmName = z
  .string()
  .min(1, 'must not be empty')
  .max(textLimits.crmName)
  .superRefine(refuseControlCharacters);

/**
 * Where a CRM keeps the fields Alignboard reads. Salesforce names fields,
 * HubSpot names properties; the file accepts either word.
 */
const fieldOrProperty = {
  field: crmName.optional(),
  property: crmName.optional(),
};
const namesAField = (r: { field?: string; property?: string }) => Boolean(r.field ?? r.property);
const namesAFieldMessage = 'expected `field` (Salesforce) or `property` (HubSpot)';

const fieldRefSchema = z.object(fieldOrProperty).strict().refine(namesAField, namesAFieldMessage);

export const crmMappingSchema = z
  .object({
    attribution: z
      .object({
        ...fieldOrProperty,
        values: z.record(crmName, attributionSchema),
      })
      .strict()
      .refine(namesAField, namesAFieldMessage)
      .optional(),
    motion: fieldRefSchema.optional(),
    partnerRecordId: fieldRefSchema.optional(),
    /** HubSpot: a forecast category for open stages without a manual category (SPEC §3). */
    stageCategories: z
      .record(crmName, z.enum(['pipeline', 'upside', 'commit', 'omitted']))
      .optional(),
  })
  .strict();

export type CrmMapping = z.infer<typeof crmMappingSchema>;
