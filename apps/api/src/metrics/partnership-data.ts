import type { SideKey } from '@alignboard/contracts';
import {
  dealHistoryTable,
  dealRecordsTable,
  dealRecordWarnings,
  type DealHistoryRow,
  type DealRecord,
  type PartnershipData,
  type RecordWarning,
} from '@alignboard/metrics';
import { CurrencyConverter } from './currency-conversion.js';
import type { PartnershipSnapshot, StoredOpportunity } from './partnership-snapshot.js';

/** An amount that could not be converted to the base currency (SPEC §3: an error on that record, never 1:1). */
export interface CurrencyIssue {
  side: SideKey;
  crmId: string;
  closeDate: string | null;
  /** The current amount failed: the record is left out of every figure. Else a past state's did (counted as 0 then). */
  excluded: boolean;
  /** The record has an attribution or a motion: it would be in scope. */
  tagged: boolean;
  /** Tagged, or naming a partner record: it would likely count jointly. */
  joint: boolean;
  message: string;
}

export interface EncodedPartnership {
  data: PartnershipData;
  /** The records in table order: position i is record i of the figures. */
  records: StoredOpportunity[];
  currencyIssues: CurrencyIssue[];
}

/** The connectors' note for an attribution value the mapping does not name (Salesforce and HubSpot mappers). */
const unmappedAttribution = /^attribution value /i;

/**
 * A snapshot as the figures take it: amounts converted to the base currency
 * with the rate in force on each state's close date (a record without one:
 * on the day of `stateAtMs`), records in a stable order (side, CRM id), the
 * warnings the encoding finds plus the connectors' unmapped attributions.
 */
export function encodePartnership(
  snapshot: PartnershipSnapshot,
  stateAtMs: number,
): EncodedPartnership {
  const { settings } = snapshot;
  const converter = new CurrencyConverter(
    settings.currency,
    settings.datedRates,
    settings.configuredRates,
  );
  const today = new Date(stateAtMs).toISOString().slice(0, 10);
  const issues: CurrencyIssue[] = [];
  const issue = (o: StoredOpportunity, excluded: boolean, message: string) => {
    const tagged = !!(o.attribution || o.motionKey?.trim());
    issues.push({
      side: o.side,
      crmId: o.crmId,
      closeDate: o.closeDate,
      excluded,
      tagged,
      joint: tagged || !!o.partnerRecordId,
      message,
    });
  };

  const kept: StoredOpportunity[] = [];
  const records: DealRecord[] = [];
  const ordered = [...snapshot.opportunities.values()].sort(
    (x, y) => x.side.localeCompare(y.side) || compare(x.crmId, y.crmId),
  );
  for (const o of ordered) {
    let amount: number | null = null;
    if (o.amount !== null) {
      const converted = converter.toBase(
        Number(o.amount),
        o.currency,
        o.closeDate ?? today,
        o.connectionId,
      );
      if (!converted.ok) {
        if (!o.deleted) issue(o, true, `${converted.reason}: left out of the figures`);
        continue;
      }
      amount = converted.amount;
    }
    kept.push(o);
    records.push({
      id: o.id,
      side: o.side,
      crmId: o.crmId,
      partnerRecordId: o.partnerRecordId,
      domain: o.accountDomain,
      amount,
      closeDate: o.closeDate,
      category: o.forecastCategory,
      attribution: o.attribution,
      motion: o.motionKey,
      createdAt: o.createdAt,
      deleted: o.deleted,
    });
  }

  const history: DealHistoryRow[] = [];
  for (const o of kept) {
    let reported = false;
    for (const h of snapshot.history.get(o.id) ?? []) {
      let amount: number | null = null;
      if (h.amount !== null) {
        // A state without a currency is in the record's.
        const converted = converter.toBase(
          Number(h.amount),
          h.currency ?? o.currency,
          h.closeDate ?? today,
          o.connectionId,
        );
        if (converted.ok) amount = converted.amount;
        else if (!reported) {
          reported = true;
          issue(
            o,
            false,
            `${converted.reason}: its amount from ${h.validFrom} counts as 0 in past states`,
          );
        }
      }
      history.push({
        recordId: o.id,
        validFrom: h.validFrom,
        amount,
        closeDate: h.closeDate,
        category: h.forecastCategory,
        attribution: h.attribution,
        motion: h.motionKey,
        deleted: h.deleted,
      });
    }
  }

  const motionKeys = settings.motions.map((m) => m.key);
  const warnings: RecordWarning[] = dealRecordWarnings(records, { motionKeys });
  kept.forEach((o, i) => {
    if (o.deleted) return;
    for (const note of o.warnings)
      if (unmappedAttribution.test(note))
        warnings.push({ record: i, kind: 'unmapped_attribution', message: note });
  });

  return {
    data: {
      key: settings.key,
      currency: settings.currency,
      calendar: settings.calendar,
      bookingSide: settings.bookingSide,
      killThreshold: settings.killThreshold,
      motions: settings.motions,
      records: dealRecordsTable(records, { providers: settings.providers, motionKeys }),
      history: dealHistoryTable(history, records, { motionKeys }),
      overrides: snapshot.overrides,
      health: snapshot.health,
      warnings,
      stateAtMs,
    },
    records: kept,
    currencyIssues: issues,
  };
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
