/**
 * The HubSpot simulator's data, in HubSpot's own record shapes (CRM v3):
 * property values are strings as HubSpot stores them, property history is
 * newest first, stage metadata values are strings.
 * https://developers.hubspot.com/docs/api/crm/deals
 */
export interface HubspotHistoryEntry {
  value: string;
  /** ISO instant. */
  timestamp: string;
  /** `CRM_UI`, `API`, `IMPORT`, `CALCULATED`... */
  sourceType: string;
  sourceId?: string;
}

export interface HubspotDealSeed {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived?: boolean;
  archivedAt?: string;
  /** Newest first, per property; a property left out gets one entry (its current value at `createdAt`). */
  propertiesWithHistory?: Record<string, HubspotHistoryEntry[]>;
}

export interface HubspotCompanySeed {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived?: boolean;
}

export interface HubspotStageSeed {
  id: string;
  label: string;
  displayOrder: number;
  /** Strings, as HubSpot returns them: `{ isClosed: "true", probability: "1.0" }`. */
  metadata: { isClosed: string; probability: string };
}

export interface HubspotPipelineSeed {
  id: string;
  label: string;
  displayOrder: number;
  stages: HubspotStageSeed[];
}

export interface HubspotPropertySeed {
  name: string;
  label: string;
  /** `string`, `number`, `datetime`, `enumeration`, `bool`. */
  type: string;
  fieldType: string;
  groupName?: string;
  hubspotDefined?: boolean;
  options?: { label: string; value: string }[];
}

export interface HubspotSeed {
  deals: HubspotDealSeed[];
  companies: HubspotCompanySeed[];
  /** Deal id → associated company ids; the first one is the primary company. */
  associations: Record<string, string[]>;
  pipelines: HubspotPipelineSeed[];
  /** Deal properties (`/crm/v3/properties/deals`). */
  properties: HubspotPropertySeed[];
  /** `/account-info/v3/details`: the portal's company currency (default USD). */
  companyCurrency?: string;
}

const prop = (name: string, label: string, type: string, fieldType: string, hubspotDefined = true): HubspotPropertySeed => ({
  name,
  label,
  type,
  fieldType,
  groupName: 'dealinformation',
  hubspotDefined,
});

/** The deal properties every portal has (the ones the connector reads, and a few more). */
export const standardDealProperties: HubspotPropertySeed[] = [
  prop('dealname', 'Deal Name', 'string', 'text'),
  prop('amount', 'Amount', 'number', 'number'),
  prop('closedate', 'Close Date', 'datetime', 'date'),
  prop('dealstage', 'Deal Stage', 'enumeration', 'radio'),
  prop('pipeline', 'Pipeline', 'enumeration', 'select'),
  prop('createdate', 'Create Date', 'datetime', 'date'),
  prop('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
  prop('hs_object_id', 'Record ID', 'number', 'number'),
  prop('hs_deal_stage_probability', 'Deal Stage Probability', 'number', 'number'),
  prop('hs_manual_forecast_category', 'Forecast category', 'enumeration', 'select'),
  prop('deal_currency_code', 'Currency', 'enumeration', 'select'),
  prop('hs_is_closed', 'Is Deal Closed?', 'bool', 'booleancheckbox'),
  prop('hs_is_closed_won', 'Is Closed Won', 'bool', 'booleancheckbox'),
  prop('hs_merged_object_ids', 'Merged Deal IDs', 'enumeration', 'checkbox'),
  prop('hubspot_owner_id', 'Deal owner', 'enumeration', 'select'),
];

export const standardCompanyProperties: HubspotPropertySeed[] = [
  { ...prop('name', 'Company name', 'string', 'text'), groupName: 'companyinformation' },
  { ...prop('domain', 'Company Domain Name', 'string', 'text'), groupName: 'companyinformation' },
  { ...prop('website', 'Website URL', 'string', 'text'), groupName: 'companyinformation' },
  { ...prop('createdate', 'Create Date', 'datetime', 'date'), groupName: 'companyinformation' },
  { ...prop('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'), groupName: 'companyinformation' },
  { ...prop('hs_object_id', 'Record ID', 'number', 'number'), groupName: 'companyinformation' },
];

const stage = (id: string, label: string, displayOrder: number, isClosed: boolean, probability: string): HubspotStageSeed => ({
  id,
  label,
  displayOrder,
  metadata: { isClosed: String(isClosed), probability },
});

/** HubSpot's default "Sales Pipeline", with its stage ids and probabilities. */
export const defaultDealPipeline: HubspotPipelineSeed = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    stage('appointmentscheduled', 'Appointment Scheduled', 0, false, '0.2'),
    stage('qualifiedtobuy', 'Qualified To Buy', 1, false, '0.4'),
    stage('presentationscheduled', 'Presentation Scheduled', 2, false, '0.6'),
    stage('decisionmakerboughtin', 'Decision Maker Bought-In', 3, false, '0.8'),
    stage('contractsent', 'Contract Sent', 4, false, '0.9'),
    stage('closedwon', 'Closed Won', 5, true, '1.0'),
    stage('closedlost', 'Closed Lost', 6, true, '0.0'),
  ],
};
