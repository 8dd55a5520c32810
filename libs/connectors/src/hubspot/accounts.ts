import type { NormalizedAccount, QuarantinedRecord } from '../core/normalized.js';
import type { HubspotClient } from './client.js';
import { mapCompany } from './mapper.js';

const COMPANY_PROPERTIES = ['name', 'domain', 'website', 'hs_lastmodifieddate'];

export interface DealAccounts {
  /** Deal id → its primary company (null: none, or not readable). */
  companyOf: Map<string, NormalizedAccount | null>;
  /** Companies read for the first time in this run. */
  accounts: NormalizedAccount[];
  quarantined: QuarantinedRecord[];
}

/**
 * The companies a page's deals point to: v4 associations, then a batch read
 * of the companies not read yet in this run. The primary association (type 5)
 * names the deal's account; without one, the first company does.
 */
export class AccountResolver {
  private readonly companies = new Map<string, NormalizedAccount | null>();

  constructor(private readonly client: HubspotClient) {}

  async forDeals(dealIds: string[]): Promise<DealAccounts> {
    const result: DealAccounts = { companyOf: new Map(), accounts: [], quarantined: [] };
    if (!dealIds.length) return result;
    const associations = await this.client.dealCompanies(dealIds);
    const primaryOf = new Map<string, string>();
    for (const [dealId, list] of associations) {
      const primary = list.find((a) => a.primary) ?? list[0];
      if (primary) primaryOf.set(dealId, primary.companyId);
    }
    const unknown = [...new Set(primaryOf.values())].filter((id) => !this.companies.has(id));
    if (unknown.length) {
      const found = await this.client.batchRead('companies', unknown, COMPANY_PROPERTIES);
      for (const raw of found) {
        const mapped = mapCompany(raw);
        if ('ok' in mapped) {
          result.quarantined.push({ crmId: raw.id, objectType: 'account', reason: mapped.reason, raw });
          this.companies.set(raw.id, null);
        } else {
          this.companies.set(mapped.crmId, mapped);
          result.accounts.push(mapped);
        }
      }
      // Not returned (207 OBJECT_NOT_FOUND): deleted since it was associated.
      for (const id of unknown) if (!this.companies.has(id)) this.companies.set(id, null);
    }
    for (const dealId of dealIds) {
      const companyId = primaryOf.get(dealId);
      result.companyOf.set(dealId, companyId ? (this.companies.get(companyId) ?? null) : null);
    }
    return result;
  }
}
