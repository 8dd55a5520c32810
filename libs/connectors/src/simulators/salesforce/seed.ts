/**
 * The simulator's seed, in Salesforce's own record shapes (REST JSON field
 * names and types). Records are loosely typed on purpose: a malformed record
 * (an unparseable CloseDate, a text Amount...) is just seed data, served as is.
 * Datetimes are `yyyy-MM-ddTHH:mm:ss.SSS+0000`, dates `yyyy-MM-dd`.
 */
export type SfRecord = Record<string, unknown>;

export interface SfAccount extends SfRecord {
  Id?: string;
  Name?: string | null;
  Website?: string | null;
  CreatedDate?: string;
  LastModifiedDate?: string;
  SystemModstamp?: string;
  IsDeleted?: boolean;
}

export interface SfOpportunity extends SfRecord {
  Id?: string;
  Name?: string | null;
  AccountId?: string | null;
  /** Either nested (joined into `accounts` on load) or omitted in favour of `AccountId`. */
  Account?: SfAccount | null;
  Amount?: number | null;
  CurrencyIsoCode?: string | null;
  CloseDate?: string | null;
  StageName?: string | null;
  /** 0–100. */
  Probability?: number | null;
  /** API value: Pipeline, BestCase, MostLikely, Forecast, Closed, Omitted. */
  ForecastCategory?: string | null;
  /** Label: Pipeline, Best Case, Commit, Closed, Omitted. */
  ForecastCategoryName?: string | null;
  IsClosed?: boolean;
  IsWon?: boolean;
  OwnerId?: string | null;
  CreatedDate?: string;
  LastModifiedDate?: string;
  SystemModstamp?: string;
  IsDeleted?: boolean;
}

export interface SfOpportunityHistory extends SfRecord {
  Id?: string;
  OpportunityId: string;
  CreatedDate: string;
  StageName?: string | null;
  Amount?: number | null;
  CloseDate?: string | null;
  Probability?: number | null;
  ForecastCategory?: string | null;
  IsDeleted?: boolean;
  SystemModstamp?: string;
}

export interface SfOpportunityStage extends SfRecord {
  Id?: string;
  MasterLabel: string;
  ApiName: string;
  IsActive?: boolean;
  SortOrder?: number;
  IsClosed: boolean;
  IsWon: boolean;
  DefaultProbability: number;
  ForecastCategory?: string;
  ForecastCategoryName: string;
}

export interface SfDatedConversionRate extends SfRecord {
  Id?: string;
  IsoCode: string;
  StartDate: string;
  /** `9999-12-31` for the open-ended last range, as Salesforce stores it. */
  NextStartDate: string;
  /** Units of IsoCode per one unit of the corporate currency. */
  ConversionRate: number;
}

export interface SfCurrencyType extends SfRecord {
  Id?: string;
  IsoCode: string;
  IsCorporate: boolean;
  ConversionRate: number;
  IsActive?: boolean;
  DecimalPlaces?: number;
}

export interface SfOrganization extends SfRecord {
  Id: string;
  Name: string;
  /** Single-currency orgs take their currency from this locale. */
  DefaultLocaleSidKey: string;
}

export interface SalesforceSeed {
  opportunities: SfOpportunity[];
  accounts: SfAccount[];
  opportunityHistory: SfOpportunityHistory[];
  opportunityStages: SfOpportunityStage[];
  datedConversionRates: SfDatedConversionRate[];
  /** Empty: a single-currency org (no CurrencyIsoCode, no CurrencyType / DatedConversionRate objects). */
  currencyTypes: SfCurrencyType[];
  organization?: Partial<SfOrganization>;
  /** Custom fields that describe lists even when no seed record carries them. */
  customFields?: { Opportunity?: string[]; Account?: string[] };
}

export const emptySalesforceSeed = (): SalesforceSeed => ({
  opportunities: [],
  accounts: [],
  opportunityHistory: [],
  opportunityStages: [],
  datedConversionRates: [],
  currencyTypes: [],
});
