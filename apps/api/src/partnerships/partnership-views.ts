import {
  credentialFields,
  type ConnectionView,
  type PartnershipView,
  type SideKey,
  type SideView,
} from '@alignboard/contracts';
import type { CrmConnection } from './entities/crm-connection.entity.js';
import type { Partnership } from './entities/partnership.entity.js';
import type { Person } from './entities/person.entity.js';
import type { Side } from './entities/side.entity.js';

/** The settings of a partnership as compared, audited and returned. */
export function settingsOf(p: Partnership) {
  return {
    key: p.key,
    name: p.name,
    currency: p.currency,
    fiscalYearStartMonth: p.fiscalYearStartMonth,
    fiscalYearNamedBy: p.fiscalYearNamedBy,
    bookingSide: p.bookingSide,
    killThreshold: p.killThreshold,
    meeting: { rule: p.meetingRule, preworkBusinessDays: p.preworkBusinessDays, holidays: p.holidays },
  };
}

export function sideStateOf(side: Side, people: Person[]) {
  return {
    company: side.company,
    sharedFields: side.sharedFields,
    people: people
      .map((p) => ({ name: p.name, email: p.email, role: p.role }))
      .sort((a, b) => a.email.localeCompare(b.email)),
  };
}

/** What may be shown of a connection: never a credential, only which ones are set. */
export function connectionViewOf(c: CrmConnection, credentialNames: string[]): ConnectionView {
  return {
    provider: c.provider,
    loginUrl: c.loginUrl,
    instanceUrl: c.instanceUrl,
    apiVersion: c.apiVersion,
    basePath: c.basePath,
    mapping: c.mapping,
    lookbackMinutes: c.lookbackMinutes,
    credentialsSet: credentialFields[c.provider].filter((f) => credentialNames.includes(f)),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function partnershipViewOf(
  p: Partnership,
  mySide: SideKey | null,
  sides: Record<SideKey, SideView>,
  webhookUrlSet = false,
): PartnershipView {
  const { key, name, currency, fiscalYearStartMonth, fiscalYearNamedBy, bookingSide, killThreshold, meeting } =
    settingsOf(p);
  return {
    key,
    name,
    currency,
    mySide,
    fiscalYearStartMonth,
    fiscalYearNamedBy,
    bookingSide,
    killThreshold,
    meeting,
    notifications: { webhookUrlSet },
    sides,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
