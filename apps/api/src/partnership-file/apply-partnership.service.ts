import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrencyRatesInput, NamedAccountInput, PartnershipDefinition } from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { Motion } from '../motions/entities/motion.entity.js';
import { MotionsService } from '../motions/motions.service.js';
import { NamedAccountSet } from '../named-accounts/entities/named-account-set.entity.js';
import { CrmConnection } from '../partnerships/entities/crm-connection.entity.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { settingsOf } from '../partnerships/partnership-views.js';
import { PartnershipsService } from '../partnerships/partnerships.service.js';
import type { ApplySummary } from './apply-summary.js';

/** Thrown inside the transaction of a dry run so that everything it did is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly summary: ApplySummary) {
    super('dry run');
  }
}

/**
 * Makes the database match a partnership file, in one transaction, through
 * the same writers the API uses. Each writer compares before it writes, so
 * applying the same file twice writes nothing the second time. Validation is
 * the caller's (the loader's): a definition reaching here is whole and valid.
 */
@Injectable()
export class ApplyPartnershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partnerships: PartnershipsService,
    private readonly motions: MotionsService,
    private readonly audit: AuditService,
  ) {}

  async apply(
    definition: PartnershipDefinition,
    actor: Actor,
    options: { dryRun?: boolean } = {},
  ): Promise<ApplySummary> {
    const dryRun = options.dryRun ?? false;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const summary = await this.applyIn(manager, definition, actor, dryRun);
        if (dryRun) throw new DryRunRollback(summary);
        return summary;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.summary;
      throw error;
    }
  }

  private async applyIn(
    manager: EntityManager,
    definition: PartnershipDefinition,
    actor: Actor,
    dryRun: boolean,
  ): Promise<ApplySummary> {
    const { sides, motions, namedAccounts, currencyRates, notifications, ...settings } = definition;
    const changes: string[] = [];
    const notInFile: string[] = [];

    const previous = await manager.getRepository(Partnership).findOneBy({ key: settings.key });
    const { partnership, changed } = await this.partnerships.upsertSettings(
      manager,
      settings,
      actor,
    );
    if (!previous) {
      changes.push(`partnership ${partnership.key}: created`);
    } else if (changed) {
      changes.push(...settingChanges(settingsOf(previous), settingsOf(partnership)));
    }

    // Like a CRM connection, a webhook the file does not mention is left alone: a
    // file written by another tool may not know about notifications.
    if (notifications?.webhookUrl) {
      const webhook = await this.partnerships.upsertWebhook(manager, partnership, notifications.webhookUrl, actor);
      if (webhook.changed) changes.push(`notifications: webhook URL ${webhook.wasSet ? 'replaced' : 'set'}`);
    } else if ((await this.partnerships.webhookUrlOf(manager, partnership.id)) !== null) {
      notInFile.push('notifications.webhookUrl');
    }

    for (const key of ['A', 'B'] as const) {
      const { crm, ...sideInput } = sides[key];
      const { side, changed: sideChanged } = await this.partnerships.upsertSide(
        manager,
        partnership,
        key,
        sideInput,
        actor,
      );
      if (sideChanged) {
        changes.push(`side ${key} (${side.company}): ${previous ? 'updated' : 'created'}`);
      }
      const connection = await manager.getRepository(CrmConnection).findOneBy({ sideId: side.id });
      if (crm) {
        const { changed: crmChanged } = await this.partnerships.upsertConnection(
          manager,
          partnership,
          side,
          crm,
          actor,
        );
        if (crmChanged) {
          changes.push(
            `side ${key} CRM connection (${crm.provider}): ${connection ? 'updated' : 'created'}`,
          );
        }
      } else if (connection) {
        // Removing a connection deletes every record synced through it: only the API does that.
        notInFile.push(`side ${key} CRM connection (${connection.provider})`);
      }
    }

    for (const motion of motions) {
      const result = await this.motions.upsertMotion(manager, partnership, motion, actor);
      if (result.created) {
        changes.push(
          `motion ${motion.key}: created (${Object.keys(motion.forecasts).length} forecast quarters)`,
        );
      } else if (result.changed) {
        changes.push(`motion ${motion.key}: ${result.changes.join('; ')}`);
      }
    }
    const listed = new Set(motions.map((m) => m.key));
    const stored = await manager
      .getRepository(Motion)
      .find({ where: { partnershipId: partnership.id }, order: { key: 'ASC' } });
    notInFile.push(...stored.filter((m) => !listed.has(m.key)).map((m) => `motion ${m.key}`));

    if (namedAccounts) {
      const version = await this.storeNamedAccounts(manager, partnership, namedAccounts, actor);
      if (version) {
        changes.push(
          `named accounts: version ${version} stored (${namedAccounts.length} accounts)`,
        );
      }
    }

    if (currencyRates && (await this.storeRates(manager, partnership, currencyRates, actor))) {
      changes.push(`currency rates: ${Object.keys(currencyRates).sort().join(', ')} stored`);
    }

    return {
      partnership: partnership.key,
      created: !previous,
      unchanged: changes.length === 0,
      dryRun,
      changes,
      notInFile,
    };
  }

  /** Makes the configured rates exactly the file's; returns whether anything changed. */
  private async storeRates(
    manager: EntityManager,
    partnership: Partnership,
    rates: CurrencyRatesInput,
    actor: Actor,
  ): Promise<boolean> {
    const stored = await manager.query<{ currency: string; start_date: string; base_per_unit: string }[]>(
      `select currency, to_char(start_date, 'YYYY-MM-DD') as start_date, base_per_unit
       from partnership_rates where partnership_id = $1 order by currency, start_date`,
      [partnership.id],
    );
    const before = stored.map((r) => ({ currency: r.currency, startDate: r.start_date, basePerUnit: Number(r.base_per_unit) }));
    const after = rateRowsOf(rates);
    if (isDeepStrictEqual(before, after)) return false;
    await manager.query(`delete from partnership_rates where partnership_id = $1`, [partnership.id]);
    await manager.query(
      `insert into partnership_rates (partnership_id, currency, start_date, base_per_unit)
       select $1, x.currency, x.start_date, x.base_per_unit
       from jsonb_to_recordset($2::jsonb) as x(currency text, start_date date, base_per_unit numeric)`,
      [partnership.id, JSON.stringify(after.map((r) => ({ currency: r.currency, start_date: r.startDate, base_per_unit: r.basePerUnit })))],
    );
    await this.audit.record(manager, actor, {
      action: 'currency_rates.replace',
      entityType: 'partnership_rates',
      entityId: partnership.id,
      partnershipId: partnership.id,
      before: { rates: before },
      after: { rates: after },
    });
    return true;
  }

  /**
   * The named account set is versioned (a decision can change it): a file's
   * list becomes the next version only when it differs from the latest one,
   * order aside. Returns the new version, or null when nothing was stored.
   */
  private async storeNamedAccounts(
    manager: EntityManager,
    partnership: Partnership,
    accounts: NamedAccountInput[],
    actor: Actor,
  ): Promise<number | null> {
    const repo = manager.getRepository(NamedAccountSet);
    const latest = await repo.findOne({
      where: { partnershipId: partnership.id },
      order: { version: 'DESC' },
    });
    const byDomain = (list: NamedAccountInput[]) =>
      [...list]
        .map((a) => ({ name: a.name, domain: a.domain }))
        .sort((a, b) => a.domain.localeCompare(b.domain));
    if (latest && isDeepStrictEqual(byDomain(latest.accounts), byDomain(accounts))) return null;
    const version = (latest?.version ?? 0) + 1;
    const saved = await repo.save({
      partnershipId: partnership.id,
      version,
      accounts: byDomain(accounts),
      decisionId: null,
    });
    await this.audit.record(manager, actor, {
      action: 'named_account_set.create',
      entityType: 'named_account_set',
      entityId: saved.id,
      partnershipId: partnership.id,
      before: latest ? { version: latest.version, accounts: latest.accounts } : null,
      after: { version, accounts: saved.accounts },
    });
    return version;
  }
}

type Settings = ReturnType<typeof settingsOf>;

interface RateRow {
  currency: string;
  startDate: string;
  basePerUnit: number;
}

/** `{ EUR: 1.08 }` applies from the beginning of time; `{ EUR: { 2026-01-01: 1.08 } }` from that date. */
function rateRowsOf(rates: CurrencyRatesInput): RateRow[] {
  return Object.entries(rates)
    .flatMap(([currency, value]) =>
      typeof value === 'number'
        ? [{ currency, startDate: '1900-01-01', basePerUnit: value }]
        : Object.entries(value).map(([startDate, basePerUnit]) => ({ currency, startDate, basePerUnit })),
    )
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.startDate.localeCompare(b.startDate));
}

function settingChanges(before: Settings, after: Settings): string[] {
  return (Object.keys(after) as (keyof Settings)[])
    .filter((field) => !isDeepStrictEqual(before[field], after[field]))
    .map(
      (field) =>
        `settings: ${field} ${JSON.stringify(before[field])} → ${JSON.stringify(after[field])}`,
    );
}
