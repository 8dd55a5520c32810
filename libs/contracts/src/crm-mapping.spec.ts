import { describe, expect, it } from 'vitest';
import { crmMappingSchema } from './crm-mapping.js';

describe('crmMappingSchema', () => {
  it('reads the Salesforce mapping of the SPEC §6 example', () => {
    const mapping = {
      attribution: {
        field: 'Partner_Attribution__c',
        values: { 'Partner Sourced': 'sourced', 'Partner Influenced': 'influenced' },
      },
      motion: { field: 'Joint_Motion__c' },
      partnerRecordId: { field: 'Partner_Opportunity_Id__c' },
    };
    expect(crmMappingSchema.parse(mapping)).toEqual(mapping);
  });

  it('accepts HubSpot properties in place of fields', () => {
    const parsed = crmMappingSchema.parse({ motion: { property: 'joint_motion' } });
    expect(parsed).toEqual({ motion: { property: 'joint_motion' } });
  });

  it('accepts an empty mapping: every part is optional', () => {
    expect(crmMappingSchema.parse({})).toEqual({});
  });

  it('rejects a reference that names neither a field nor a property', () => {
    const result = crmMappingSchema.safeParse({ motion: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['motion'],
      message: 'expected `field` (Salesforce) or `property` (HubSpot)',
    });
  });

  it('rejects an attribution value outside sourced/influenced', () => {
    const result = crmMappingSchema.safeParse({
      attribution: { field: 'Partner_Attribution__c', values: { Referral: 'referred' } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['attribution', 'values', 'Referral']);
  });

  it('rejects unknown keys, so a typo in a partnership file is not silently ignored', () => {
    const result = crmMappingSchema.safeParse({ motoin: { field: 'Joint_Motion__c' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
