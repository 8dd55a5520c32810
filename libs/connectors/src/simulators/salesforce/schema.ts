/**
 * The objects the simulator serves and their fields, as `describe` reports
 * them. SOQL field names are case-insensitive; responses use these spellings.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
export type FieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'picklist'
  | 'url'
  | 'textarea'
  | 'boolean'
  | 'currency'
  | 'double'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime';

export interface FieldDef {
  name: string;
  type: FieldType;
  custom: boolean;
  nillable: boolean;
  referenceTo?: string[];
  relationshipName?: string;
}

export interface ObjectDef {
  name: string;
  label: string;
  keyPrefix: string;
  fields: FieldDef[];
}

export const sfObjects = ['Opportunity', 'Account', 'OpportunityHistory', 'OpportunityStage', 'DatedConversionRate', 'CurrencyType', 'Organization'] as const;
export type SfObjectName = (typeof sfObjects)[number];

const f = (name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  type,
  custom: name.endsWith('__c'),
  nillable: !['id', 'boolean'].includes(type) && !['CreatedDate', 'LastModifiedDate', 'SystemModstamp'].includes(name),
  ...extra,
});
const audit = [f('CreatedDate', 'datetime'), f('CreatedById', 'reference', { referenceTo: ['User'] }), f('LastModifiedDate', 'datetime'), f('LastModifiedById', 'reference', { referenceTo: ['User'] }), f('SystemModstamp', 'datetime')];
const currency = (multiCurrency: boolean) => (multiCurrency ? [f('CurrencyIsoCode', 'picklist')] : []);

function standardFields(object: SfObjectName, multiCurrency: boolean): FieldDef[] {
  switch (object) {
    case 'Opportunity':
      return [
        f('Id', 'id'), f('IsDeleted', 'boolean'),
        f('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
        f('Name', 'string'), f('Description', 'textarea'), f('StageName', 'picklist'), f('Amount', 'currency'),
        f('Probability', 'percent'), f('ExpectedRevenue', 'currency'), f('CloseDate', 'date'), f('Type', 'picklist'),
        f('LeadSource', 'picklist'), f('IsClosed', 'boolean'), f('IsWon', 'boolean'), f('ForecastCategory', 'picklist'),
        f('ForecastCategoryName', 'picklist'), ...currency(multiCurrency), f('OwnerId', 'reference', { referenceTo: ['User'] }), ...audit,
      ];
    case 'Account':
      return [
        f('Id', 'id'), f('IsDeleted', 'boolean'), f('MasterRecordId', 'reference', { referenceTo: ['Account'] }), f('Name', 'string'),
        f('Type', 'picklist'), f('Industry', 'picklist'), f('Website', 'url'), ...currency(multiCurrency),
        f('OwnerId', 'reference', { referenceTo: ['User'] }), ...audit,
      ];
    case 'OpportunityHistory':
      return [
        f('Id', 'id'), f('OpportunityId', 'reference', { referenceTo: ['Opportunity'], relationshipName: 'Opportunity' }),
        f('CreatedById', 'reference', { referenceTo: ['User'] }), f('CreatedDate', 'datetime'), f('StageName', 'picklist'),
        f('Amount', 'currency'), f('ExpectedRevenue', 'currency'), f('CloseDate', 'date'), f('Probability', 'percent'),
        f('ForecastCategory', 'picklist'), ...currency(multiCurrency), f('SystemModstamp', 'datetime'), f('IsDeleted', 'boolean'),
      ];
    case 'OpportunityStage':
      return [
        f('Id', 'id'), f('MasterLabel', 'string'), f('ApiName', 'string'), f('IsActive', 'boolean'), f('SortOrder', 'int'),
        f('IsClosed', 'boolean'), f('IsWon', 'boolean'), f('ForecastCategory', 'picklist'), f('ForecastCategoryName', 'picklist'),
        f('DefaultProbability', 'percent'), f('Description', 'string'), ...audit,
      ];
    case 'DatedConversionRate':
      return [f('Id', 'id'), f('IsoCode', 'picklist'), f('StartDate', 'date'), f('NextStartDate', 'date'), f('ConversionRate', 'double'), ...audit];
    case 'CurrencyType':
      return [f('Id', 'id'), f('IsoCode', 'picklist'), f('ConversionRate', 'double'), f('DecimalPlaces', 'int'), f('IsActive', 'boolean'), f('IsCorporate', 'boolean'), ...audit];
    case 'Organization':
      return [f('Id', 'id'), f('Name', 'string'), f('DefaultLocaleSidKey', 'picklist'), f('OrganizationType', 'picklist'), f('IsSandbox', 'boolean'), ...audit];
  }
}

const meta: Record<SfObjectName, { label: string; keyPrefix: string }> = {
  Opportunity: { label: 'Opportunity', keyPrefix: '006' },
  Account: { label: 'Account', keyPrefix: '001' },
  OpportunityHistory: { label: 'Opportunity History', keyPrefix: '008' },
  OpportunityStage: { label: 'Opportunity Stage', keyPrefix: '01J' },
  DatedConversionRate: { label: 'Dated Conversion Rate', keyPrefix: '04w' },
  CurrencyType: { label: 'Currency Type', keyPrefix: '02J' },
  Organization: { label: 'Organization', keyPrefix: '00D' },
};

/** Multi-currency objects do not exist in a single-currency org. */
export function objectExists(object: SfObjectName, multiCurrency: boolean): boolean {
  return multiCurrency || (object !== 'CurrencyType' && object !== 'DatedConversionRate');
}

export function buildSchema(multiCurrency: boolean, customFields: Partial<Record<SfObjectName, string[]>>): Map<string, ObjectDef> {
  const schema = new Map<string, ObjectDef>();
  for (const name of sfObjects) {
    if (!objectExists(name, multiCurrency)) continue;
    const fields = standardFields(name, multiCurrency);
    for (const custom of new Set(customFields[name] ?? [])) {
      if (!fields.some((x) => x.name.toLowerCase() === custom.toLowerCase())) fields.push(f(custom, 'string'));
    }
    schema.set(name.toLowerCase(), { name, ...meta[name], fields });
  }
  return schema;
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((x) => x.name.toLowerCase() === lower);
}

/** The describe JSON (the subset clients read). */
export function describeJson(object: ObjectDef, version: string) {
  return {
    name: object.name,
    label: object.label,
    keyPrefix: object.keyPrefix,
    custom: false,
    queryable: true,
    replicateable: object.name !== 'OpportunityStage',
    retrieveable: true,
    urls: { sobject: `/services/data/v${version}/sobjects/${object.name}`, describe: `/services/data/v${version}/sobjects/${object.name}/describe` },
    fields: object.fields.map((x) => ({
      name: x.name,
      label: x.name.replace(/__c$/, '').replace(/_/g, ' '),
      type: x.type,
      custom: x.custom,
      nillable: x.nillable,
      filterable: true,
      sortable: x.type !== 'textarea',
      referenceTo: x.referenceTo ?? [],
      relationshipName: x.relationshipName ?? null,
    })),
    childRelationships: object.name === 'Opportunity' ? [{ childSObject: 'OpportunityHistory', field: 'OpportunityId', relationshipName: 'OpportunityHistories' }] : [],
  };
}
