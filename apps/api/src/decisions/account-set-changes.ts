import { Injectable } from '@nestjs/common';
import type { AccountSetEffect, NamedAccountInput } from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { ValidationError } from '../common/errors.js';
import {
  NamedAccountSet,
  type NamedAccount,
} from '../named-accounts/entities/named-account-set.entity.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';

/**
 * What decisions of kind `account_set` do: make the next version of the
 * partnership's named account set, naming the decision. Versions are never
 * rewritten; the set in force is the latest.
 */
@Injectable()
export class AccountSetChanges {
  constructor(private readonly audit: AuditService) {}

  async apply(
    manager: EntityManager,
    scope: PartnershipScope,
    decisionId: string,
    effect: AccountSetEffect,
    actor: Actor,
  ): Promise<NamedAccountSet> {
    const partnershipId = scope.partnership.id;
    // Two decisions at once would both read version n and both write n + 1: one waits here.
    await manager
      .getRepository(Partnership)
      .findOne({ where: { id: partnershipId }, lock: { mode: 'pessimistic_write' } });
    const repo = manager.getRepository(NamedAccountSet);
    const latest = await repo.findOne({ where: { partnershipId }, order: { version: 'DESC' } });
    const next = byDomain(nextAccounts(latest, effect));
    if (latest ? isDeepStrictEqual(next, byDomain(latest.accounts)) : next.length === 0) {
      throw ValidationError.field(
        'effect.accounts',
        latest
          ? `changes nothing: version ${latest.version} of the named account set already is this list`
          : 'changes nothing: there is no named account set yet, and this one is empty',
      );
    }
    const version = (latest?.version ?? 0) + 1;
    const saved = await repo.save(
      repo.create({ partnershipId, version, accounts: next, decisionId }),
    );
    await this.audit.record(manager, actor, {
      action: 'named_account_set.create',
      entityType: 'named_account_set',
      entityId: saved.id,
      partnershipId,
      before: latest ? { version: latest.version, accounts: latest.accounts } : null,
      after: { version, accounts: next, decisionId },
    });
    return saved;
  }

  /** The account set version each decision made, by decision id. */
  async byDecision(
    manager: EntityManager,
    decisionIds: string[],
  ): Promise<Map<string, NamedAccountSet>> {
    if (!decisionIds.length) return new Map();
    const rows = await manager
      .getRepository(NamedAccountSet)
      .findBy({ decisionId: In(decisionIds) });
    return new Map(rows.flatMap((r) => (r.decisionId ? [[r.decisionId, r] as const] : [])));
  }
}

/**
 * The full list as given, or the latest version with removals first, then
 * additions (so remove + add of one domain renames it). Adding a domain that
 * is there, or removing one that is not, is refused: the decision would not
 * say what it seems to.
 */
function nextAccounts(latest: NamedAccountSet | null, effect: AccountSetEffect): NamedAccount[] {
  const { accounts } = effect;
  if (Array.isArray(accounts)) {
    const seen = new Set<string>();
    accounts.forEach((a, i) => {
      if (seen.has(a.domain))
        throw ValidationError.field(`effect.accounts[${i}].domain`, `${a.domain} is listed twice`);
      seen.add(a.domain);
    });
    return accounts;
  }
  const where = latest
    ? `version ${latest.version} of the named account set`
    : 'the named account set (there is none yet)';
  const set = new Map((latest?.accounts ?? []).map((a) => [a.domain, a]));
  (accounts.remove ?? []).forEach((domain, i) => {
    if (!set.delete(domain))
      throw ValidationError.field(`effect.accounts.remove[${i}]`, `${domain} is not in ${where}`);
  });
  (accounts.add ?? []).forEach((a, i) => {
    if (set.has(a.domain))
      throw ValidationError.field(
        `effect.accounts.add[${i}].domain`,
        `${a.domain} is already in ${where}`,
      );
    set.set(a.domain, a);
  });
  return [...set.values()];
}

function byDomain(accounts: NamedAccountInput[]): NamedAccount[] {
  return accounts
    .map((a) => ({ name: a.name, domain: a.domain }))
    .sort((a, b) => a.domain.localeCompare(b.domain));
}
