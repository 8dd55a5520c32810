import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  credentialFields,
  defaultSharedFields,
  type CreatePartnershipInput,
  type CrmConnectionInput,
  type PartnershipSummary,
  type PartnershipView,
  type SideInput,
  type SideKey,
  type SideView,
  type UpdatePartnershipInput,
} from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Membership } from '../auth/entities/membership.entity.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { SecretBox, SecretKeyMismatchError } from '../crypto/secret-box.js';
import { CrmConnection } from './entities/crm-connection.entity.js';
import { Partnership } from './entities/partnership.entity.js';
import { Person } from './entities/person.entity.js';
import { Side } from './entities/side.entity.js';
import type { PartnershipScope } from './partnership-access.service.js';
import { connectionViewOf, partnershipViewOf, settingsOf, sideStateOf } from './partnership-views.js';

type Settings = Omit<CreatePartnershipInput, 'sides'>;

/**
 * Partnerships, their two sides, people and CRM connections. Every writer
 * compares before it writes, so re-applying the same definition changes
 * nothing and leaves no audit row; each real change is audited in its transaction.
 */
@Injectable()
export class PartnershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  async list(principal: Principal, partnerships: Partnership[]): Promise<PartnershipSummary[]> {
    const memberships = await this.dataSource.getRepository(Membership).findBy({ userId: principal.userId });
    const sideOf = new Map(memberships.map((m) => [m.partnershipId, m.side]));
    return partnerships.map((p) => ({ key: p.key, name: p.name, currency: p.currency, mySide: sideOf.get(p.id) ?? null }));
  }

  async view(scope: PartnershipScope, manager: EntityManager = this.dataSource.manager): Promise<PartnershipView> {
    const { partnership } = scope;
    const sides = await manager.getRepository(Side).findBy({ partnershipId: partnership.id });
    const views = {} as Record<SideKey, SideView>;
    for (const side of sides) {
      const people = await manager.getRepository(Person).find({ where: { sideId: side.id }, order: { email: 'ASC' } });
      const connection = await this.findConnection(manager, side.id);
      views[side.side] = {
        side: side.side,
        ...sideStateOf(side, people),
        connection: connection ? connectionViewOf(connection, Object.keys(this.credentialsOf(connection))) : null,
      };
    }
    return partnershipViewOf(partnership, scope.side, views, (await this.webhookUrlOf(manager, partnership.id)) !== null);
  }

  async create(input: CreatePartnershipInput, actor: Actor): Promise<PartnershipView> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.getRepository(Partnership).existsBy({ key: input.key })) {
        throw new ConflictError(`A partnership with key ${input.key} already exists`);
      }
      const { partnership } = await this.upsertSettings(manager, input, actor);
      for (const key of ['A', 'B'] as const) await this.upsertSide(manager, partnership, key, input.sides[key], actor);
      if (input.notifications?.webhookUrl) await this.upsertWebhook(manager, partnership, input.notifications.webhookUrl, actor);
      return this.view({ partnership, side: null }, manager);
    });
  }

  async update(scope: PartnershipScope, input: UpdatePartnershipInput, actor: Actor): Promise<PartnershipView> {
    return this.dataSource.transaction(async (manager) => {
      const { notifications, ...settings } = input;
      const current = settingsOf(scope.partnership);
      const next: Settings = { ...current, ...settings, meeting: { ...current.meeting, ...settings.meeting } };
      const { partnership } = await this.upsertSettings(manager, next, actor);
      if (notifications) await this.upsertWebhook(manager, partnership, notifications.webhookUrl, actor);
      return this.view({ ...scope, partnership }, manager);
    });
  }

  async remove(scope: PartnershipScope, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Partnership).delete(scope.partnership.id);
      await this.audit.record(manager, actor, {
        action: 'partnership.delete',
        entityType: 'partnership',
        entityId: scope.partnership.id,
        partnershipId: scope.partnership.id,
        before: settingsOf(scope.partnership),
      });
    });
  }

  async replaceSide(scope: PartnershipScope, key: SideKey, input: SideInput, actor: Actor): Promise<PartnershipView> {
    return this.dataSource.transaction(async (manager) => {
      await this.upsertSide(manager, scope.partnership, key, input, actor);
      return this.view(scope, manager);
    });
  }

  async replaceConnection(
    scope: PartnershipScope,
    key: SideKey,
    input: CrmConnectionInput | null,
    actor: Actor,
  ): Promise<PartnershipView> {
    return this.dataSource.transaction(async (manager) => {
      const side = await manager.getRepository(Side).findOneBy({ partnershipId: scope.partnership.id, side: key });
      if (!side) throw new NotFoundError(`Side ${key} of ${scope.partnership.key} has no record`);
      if (!input && !(await this.findConnection(manager, side.id))) {
        throw new NotFoundError(`Side ${key} of ${scope.partnership.key} has no CRM connection`);
      }
      await this.upsertConnection(manager, scope.partnership, side, input, actor);
      return this.view(scope, manager);
    });
  }

  /** Creates or updates the settings row; `changed` is false when nothing differed. */
  async upsertSettings(manager: EntityManager, input: Settings, actor: Actor) {
    const repo = manager.getRepository(Partnership);
    const existing = await repo.findOneBy({ key: input.key });
    const desired = {
      key: input.key,
      name: input.name,
      currency: input.currency,
      fiscalYearStartMonth: input.fiscalYearStartMonth,
      fiscalYearNamedBy: input.fiscalYearNamedBy,
      bookingSide: input.bookingSide,
      killThreshold: input.killThreshold,
      meeting: {
        rule: input.meeting.rule,
        preworkBusinessDays: input.meeting.preworkBusinessDays,
        holidays: input.meeting.holidays ?? [],
      },
    };
    const before = existing ? settingsOf(existing) : null;
    if (existing && isDeepStrictEqual(before, desired)) return { partnership: existing, changed: false };
    const saved = await repo.save({
      ...(existing ?? {}),
      key: desired.key,
      name: desired.name,
      currency: desired.currency,
      fiscalYearStartMonth: desired.fiscalYearStartMonth,
      fiscalYearNamedBy: desired.fiscalYearNamedBy,
      bookingSide: desired.bookingSide,
      killThreshold: desired.killThreshold,
      meetingRule: desired.meeting.rule,
      preworkBusinessDays: desired.meeting.preworkBusinessDays,
      holidays: desired.meeting.holidays,
    });
    const partnership = await repo.findOneByOrFail({ id: saved.id });
    await this.audit.record(manager, actor, {
      action: existing ? 'partnership.update' : 'partnership.create',
      entityType: 'partnership',
      entityId: partnership.id,
      partnershipId: partnership.id,
      before,
      after: desired,
    });
    return { partnership, changed: true };
  }

  /** Makes a side's company, shared fields and people exactly as given. */
  async upsertSide(manager: EntityManager, partnership: Partnership, key: SideKey, input: SideInput, actor: Actor) {
    const sides = manager.getRepository(Side);
    const people = manager.getRepository(Person);
    let side = await sides.findOneBy({ partnershipId: partnership.id, side: key });
    const before = side ? sideStateOf(side, await people.findBy({ sideId: side.id })) : null;
    const desiredPeople = input.people.map((p) => ({ name: p.name, email: p.email, role: p.role }));
    const desired = sideStateOf(
      { company: input.company, sharedFields: input.sharedFields ?? defaultSharedFields } as Side,
      desiredPeople as Person[],
    );
    if (isDeepStrictEqual(before, desired)) return { side: side!, changed: false };

    side = await sides.save({ ...(side ?? { partnershipId: partnership.id, side: key }), company: desired.company, sharedFields: desired.sharedFields });
    await people.delete({ sideId: side.id });
    if (desired.people.length) await people.insert(desired.people.map((p) => ({ ...p, sideId: side!.id })));
    await this.audit.record(manager, actor, {
      action: before ? 'side.update' : 'side.create',
      entityType: 'side',
      entityId: side.id,
      partnershipId: partnership.id,
      before: before && { side: key, ...before },
      after: { side: key, ...desired },
    });
    return { side, changed: true };
  }

  /** Sets (or with null, removes) a side's CRM connection; credentials are sealed. */
  async upsertConnection(
    manager: EntityManager,
    partnership: Partnership,
    side: Side,
    input: CrmConnectionInput | null,
    actor: Actor,
  ) {
    const repo = manager.getRepository(CrmConnection);
    const existing = await this.findConnection(manager, side.id);
    // Credentials sealed with another key are replaced (or removed) all the same: entering them again is the way out.
    const beforeCredentials = existing ? this.readableCredentialsOf(existing) : {};
    const before = existing ? this.connectionState(existing, beforeCredentials ?? {}) : null;
    if (!input) {
      if (!existing) return { changed: false };
      await repo.delete(existing.id);
      await this.audit.record(manager, actor, {
        action: 'connection.delete',
        entityType: 'crm_connection',
        entityId: existing.id,
        partnershipId: partnership.id,
        before: before && publicState(before),
      });
      return { changed: true };
    }

    const credentials: Record<string, string> = {};
    for (const field of credentialFields[input.provider]) {
      const value = (input as Record<string, unknown>)[field];
      if (typeof value === 'string') credentials[field] = value;
    }
    const desired = {
      provider: input.provider,
      loginUrl: input.provider === 'salesforce' ? (input.loginUrl ?? null) : null,
      instanceUrl: input.provider === 'salesforce' ? (input.instanceUrl ?? null) : null,
      apiVersion: input.provider === 'salesforce' ? input.apiVersion : null,
      basePath: input.provider === 'hubspot' ? input.basePath : null,
      mapping: input.mapping,
      lookbackMinutes: input.lookbackMinutes ?? null,
      credentials,
    };
    if (beforeCredentials && isDeepStrictEqual(before, desired)) return { changed: false };

    // A changed endpoint or provider points at another CRM: the old cursor means nothing there.
    const sameSource =
      existing && existing.provider === desired.provider && existing.loginUrl === desired.loginUrl &&
      existing.instanceUrl === desired.instanceUrl && existing.basePath === desired.basePath;
    const saved = await repo.save({
      ...(existing ?? { sideId: side.id }),
      provider: desired.provider,
      loginUrl: desired.loginUrl,
      instanceUrl: desired.instanceUrl,
      apiVersion: desired.apiVersion,
      basePath: desired.basePath,
      mapping: desired.mapping,
      lookbackMinutes: desired.lookbackMinutes,
      credentialsSealed: Object.keys(credentials).length ? this.secrets.sealJson(credentials) : null,
      syncCursor: sameSource ? existing.syncCursor : null,
    });
    await this.audit.record(manager, actor, {
      action: existing ? 'connection.update' : 'connection.create',
      entityType: 'crm_connection',
      entityId: saved.id,
      partnershipId: partnership.id,
      before: before && publicState(before),
      after: publicState(desired),
    });
    return { changed: true };
  }

  /**
   * Sets (or with null, removes) the partnership's webhook URL, sealed like a
   * CRM credential. The audit row says that it changed, never what it is.
   */
  async upsertWebhook(manager: EntityManager, partnership: Partnership, url: string | null, actor: Actor) {
    const before = await this.webhookUrlOf(manager, partnership.id);
    if (before === url) return { changed: false, wasSet: before !== null };
    await manager.getRepository(Partnership).update(partnership.id, { webhookUrlSealed: url === null ? null : this.secrets.seal(url) });
    await this.audit.record(manager, actor, {
      action: 'partnership.webhook.update',
      entityType: 'partnership',
      entityId: partnership.id,
      partnershipId: partnership.id,
      before: { webhookUrlSet: before !== null },
      after: { webhookUrlSet: url !== null },
    });
    return { changed: true, wasSet: before !== null };
  }

  /** The partnership's webhook URL in clear, for the delivery worker only; null when none is set. */
  async webhookUrlOf(manager: EntityManager, partnershipId: string): Promise<string | null> {
    const row = await manager
      .getRepository(Partnership)
      .createQueryBuilder('p')
      .select('p.id')
      .addSelect('p.webhookUrlSealed')
      .where('p.id = :partnershipId', { partnershipId })
      .getOne();
    return row?.webhookUrlSealed ? this.secrets.open(row.webhookUrlSealed, 'webhook URL') : null;
  }

  /** The connection with its sealed credentials, which are not selected by default. */
  private findConnection(manager: EntityManager, sideId: string): Promise<CrmConnection | null> {
    return manager
      .getRepository(CrmConnection)
      .createQueryBuilder('c')
      .addSelect('c.credentialsSealed')
      .where('c.side_id = :sideId', { sideId })
      .getOne();
  }

  private credentialsOf(connection: CrmConnection): Record<string, string> {
    return connection.credentialsSealed ? this.secrets.openJson(connection.credentialsSealed) : {};
  }

  /** null when they were sealed with another key. */
  private readableCredentialsOf(connection: CrmConnection): Record<string, string> | null {
    try {
      return this.credentialsOf(connection);
    } catch (error) {
      if (error instanceof SecretKeyMismatchError) return null;
      throw error;
    }
  }

  private connectionState(c: CrmConnection, credentials: Record<string, string>) {
    return {
      provider: c.provider,
      loginUrl: c.loginUrl,
      instanceUrl: c.instanceUrl,
      apiVersion: c.apiVersion,
      basePath: c.basePath,
      mapping: c.mapping,
      lookbackMinutes: c.lookbackMinutes,
      credentials,
    };
  }
}

/** For the audit log: which credentials changed is worth recording, their values never. */
function publicState(state: { credentials: Record<string, string> } & Record<string, unknown>) {
  const { credentials, ...rest } = state;
  return { ...rest, credentialsSet: Object.keys(credentials).sort() };
}
