import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ArtifactContent,
  ArtifactRevisionView,
  ArtifactView,
  ConfirmArtifactInput,
  CreateArtifactInput,
  SendArtifactInput,
  SideKey,
  UpdateArtifactInput,
} from '@alignboard/contracts';
import diff from 'microdiff';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { Person } from '../partnerships/entities/person.entity.js';
import { Side } from '../partnerships/entities/side.entity.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { User } from '../users/entities/user.entity.js';
import { renderArtifactHtml, type ArtifactHeading } from './artifact-html.js';
import { artifactMessage } from './artifact-message.js';
import { ArtifactSources } from './artifact-sources.js';
import { artifactViewOf, revisionViewOf, type EmailOf } from './artifact-views.js';
import { ArtifactRevision } from './entities/artifact-revision.entity.js';
import { Artifact } from './entities/artifact.entity.js';

/**
 * The one-pager: one per partnership and quarter, every revision kept whole
 * with its author, time and diff against the one before. Edits are optimistic:
 * a revision names the one it was made on, and a stale base is refused with
 * the latest (409). Each side confirms the latest revision; any new revision
 * clears both confirmations, since neither side has read it. Sending needs
 * both confirmations of the latest revision.
 */
@Injectable()
export class ArtifactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sources: ArtifactSources,
    private readonly delivery: DeliveryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(scope: PartnershipScope, quarter: string): Promise<ArtifactView> {
    const manager = this.dataSource.manager;
    return this.viewOf(manager, await this.find(manager, scope, quarter));
  }

  async revision(
    scope: PartnershipScope,
    quarter: string,
    n: number,
  ): Promise<ArtifactRevisionView> {
    const manager = this.dataSource.manager;
    const artifact = await this.find(manager, scope, quarter);
    const row = await manager
      .getRepository(ArtifactRevision)
      .findOneBy({ artifactId: artifact.id, revision: n });
    if (!row) {
      throw new NotFoundError(
        `The one-pager of ${quarter} has no revision ${n} (latest: ${artifact.currentRevision})`,
      );
    }
    return revisionViewOf(row, await this.emails(manager, [row.authorId]));
  }

  /** The latest revision as the printable page that `send` mails. */
  async html(scope: PartnershipScope, quarter: string): Promise<string> {
    const manager = this.dataSource.manager;
    const view = await this.viewOf(manager, await this.find(manager, scope, quarter));
    return renderArtifactHtml(await this.heading(manager, scope), view);
  }

  async create(
    scope: PartnershipScope,
    quarter: string,
    input: CreateArtifactInput,
    actor: Actor,
  ): Promise<ArtifactView> {
    // Figures come from the metrics cache, outside the transaction: they lock nothing.
    const numbers = await this.sources.numbers(scope, quarter, input.asOf);
    return this.dataSource.transaction(async (manager) => {
      const partnershipId = scope.partnership.id;
      const existing = await manager.getRepository(Artifact).findOneBy({ partnershipId, quarter });
      if (existing) {
        throw new ConflictError(
          `The one-pager of ${quarter} exists (revision ${existing.currentRevision}); PUT a new revision instead`,
          { latest: await this.viewOf(manager, existing) },
        );
      }
      const content: ArtifactContent = {
        numbers,
        commitments: input.commitments ?? [],
        asks: await this.sources.asks(manager, partnershipId, quarter),
        decisions: await this.sources.decisions(manager, partnershipId, quarter),
        notes: input.notes ?? '',
      };
      const repo = manager.getRepository(Artifact);
      const inserted = await repo.insert({ partnershipId, quarter, currentRevision: 1 });
      const artifact = await repo.findOneByOrFail({
        id: (inserted.identifiers[0] as { id: string }).id,
      });
      await this.insertRevision(manager, artifact.id, 1, content, [], actor);
      await this.audit.record(manager, actor, {
        action: 'artifact.create',
        entityType: 'artifact',
        entityId: artifact.id,
        partnershipId,
        before: null,
        after: { quarter, revision: 1 },
      });
      return this.viewOf(manager, artifact);
    });
  }

  /** A new revision on top of `baseRevision`; nothing is written when it would equal the latest. */
  async update(
    scope: PartnershipScope,
    quarter: string,
    input: UpdateArtifactInput,
    actor: Actor,
  ): Promise<ArtifactView> {
    const refresh = new Set(input.refresh ?? []);
    const numbers = refresh.has('numbers') ? await this.sources.numbers(scope, quarter) : null;
    return this.dataSource.transaction(async (manager) => {
      const artifact = await this.find(manager, scope, quarter, true);
      await this.assertLatest(manager, artifact, input.baseRevision, 'baseRevision');
      const latest = await manager
        .getRepository(ArtifactRevision)
        .findOneByOrFail({ artifactId: artifact.id, revision: artifact.currentRevision });
      const before = latest.content as unknown as ArtifactContent;
      const partnershipId = scope.partnership.id;
      const next: ArtifactContent = {
        numbers: numbers ?? before.numbers,
        commitments: input.commitments ?? before.commitments,
        asks: refresh.has('asks')
          ? await this.sources.asks(manager, partnershipId, quarter)
          : before.asks,
        decisions: refresh.has('decisions')
          ? await this.sources.decisions(manager, partnershipId, quarter)
          : before.decisions,
        notes: input.notes ?? before.notes,
      };
      // Both sides are JSON (the latest as read back from jsonb): undefined-valued keys are dropped alike.
      const changes = diff(before, JSON.parse(JSON.stringify(next)) as ArtifactContent).sort(
        byPath,
      );
      if (!changes.length) return this.viewOf(manager, artifact);

      const revision = artifact.currentRevision + 1;
      await this.insertRevision(manager, artifact.id, revision, next, changes, actor);
      await manager.getRepository(Artifact).update(artifact.id, {
        currentRevision: revision,
        confirmedAAt: null,
        confirmedABy: null,
        confirmedBAt: null,
        confirmedBBy: null,
      });
      await this.audit.record(manager, actor, {
        action: 'artifact.revise',
        entityType: 'artifact',
        entityId: artifact.id,
        partnershipId,
        before: { revision: artifact.currentRevision, confirmed: confirmedSides(artifact) },
        after: { revision, confirmed: [], diff: changes },
      });
      return this.viewOf(
        manager,
        await manager.getRepository(Artifact).findOneByOrFail({ id: artifact.id }),
      );
    });
  }

  /** The caller's side confirms the latest revision; confirming it again changes nothing. */
  async confirm(
    scope: PartnershipScope,
    quarter: string,
    input: ConfirmArtifactInput,
    actor: Actor,
  ): Promise<ArtifactView> {
    const side = scope.side;
    if (!side)
      throw new ForbiddenError(
        'A one-pager is confirmed by a side; admin tokens stand on neither side',
      );
    return this.dataSource.transaction(async (manager) => {
      const artifact = await this.find(manager, scope, quarter, true);
      await this.assertLatest(manager, artifact, input.revision, 'revision');
      const at = side === 'A' ? artifact.confirmedAAt : artifact.confirmedBAt;
      if (at) return this.viewOf(manager, artifact);
      const now = this.clock.now();
      await manager
        .getRepository(Artifact)
        .update(
          artifact.id,
          side === 'A'
            ? { confirmedAAt: now, confirmedABy: actor.userId }
            : { confirmedBAt: now, confirmedBBy: actor.userId },
        );
      await this.audit.record(manager, actor, {
        action: 'artifact.confirm',
        entityType: 'artifact',
        entityId: artifact.id,
        partnershipId: scope.partnership.id,
        before: { revision: artifact.currentRevision, confirmed: confirmedSides(artifact) },
        after: {
          revision: artifact.currentRevision,
          confirmed: [...confirmedSides(artifact), side].sort(),
        },
      });
      return this.viewOf(
        manager,
        await manager.getRepository(Artifact).findOneByOrFail({ id: artifact.id }),
      );
    });
  }

  /**
   * Records the send and queues the one-pager for delivery in the same
   * transaction (email to the attendees of the quarter's meeting, else to
   * both sides' people; and the webhook). Sending the revision already sent
   * changes nothing; a later revision is sent again.
   */
  async send(
    scope: PartnershipScope,
    quarter: string,
    input: SendArtifactInput,
    actor: Actor,
  ): Promise<ArtifactView> {
    return this.dataSource.transaction(async (manager) => {
      const artifact = await this.find(manager, scope, quarter, true);
      await this.assertLatest(manager, artifact, input.revision, 'revision');
      if (artifact.sentRevision === artifact.currentRevision) return this.viewOf(manager, artifact);
      const missing = (['A', 'B'] as const).filter((s) => !confirmedSides(artifact).includes(s));
      if (missing.length) {
        throw new ConflictError(
          `Revision ${artifact.currentRevision} of the one-pager of ${quarter} is not confirmed by side ${missing.join(' and side ')} yet; both sides confirm before it is sent`,
          { latest: await this.viewOf(manager, artifact) },
        );
      }
      const now = this.clock.now();
      await manager.getRepository(Artifact).update(artifact.id, {
        sentAt: artifact.sentAt ?? now,
        sentRevision: artifact.currentRevision,
        lastSentAt: now,
      });
      const sent = await manager.getRepository(Artifact).findOneByOrFail({ id: artifact.id });
      const view = await this.viewOf(manager, sent);
      const to = await this.recipients(manager, scope, quarter);
      await this.delivery.enqueue(
        manager,
        artifactMessage(scope.partnership, await this.heading(manager, scope), view, to),
      );
      await this.audit.record(manager, actor, {
        action: 'artifact.send',
        entityType: 'artifact',
        entityId: artifact.id,
        partnershipId: scope.partnership.id,
        before: {
          sentRevision: artifact.sentRevision,
          sentAt: artifact.sentAt?.toISOString() ?? null,
        },
        after: {
          sentRevision: sent.sentRevision,
          sentAt: sent.sentAt?.toISOString() ?? null,
          recipients: to.length,
        },
      });
      return view;
    });
  }

  /** The attendees of the quarter's meeting who have an email; without any, every person of both sides. */
  private async recipients(
    manager: EntityManager,
    scope: PartnershipScope,
    quarter: string,
  ): Promise<string[]> {
    const meeting = await this.sources.meetingOf(manager, scope.partnership.id, quarter);
    const attendees = meeting
      ? [...meeting.attendees.A, ...meeting.attendees.B].flatMap((a) => (a.email ? [a.email] : []))
      : [];
    const sides = attendees.length
      ? []
      : await manager.getRepository(Side).findBy({ partnershipId: scope.partnership.id });
    const emails = attendees.length
      ? attendees
      : (await manager.getRepository(Person).findBy({ sideId: In(sides.map((s) => s.id)) })).map(
          (p) => p.email,
        );
    return [...new Set(emails.map((e) => e.toLowerCase()))].sort();
  }

  private async heading(manager: EntityManager, scope: PartnershipScope): Promise<ArtifactHeading> {
    const sides = await manager.getRepository(Side).findBy({ partnershipId: scope.partnership.id });
    const companies = Object.fromEntries(sides.map((s) => [s.side, s.company])) as Record<
      SideKey,
      string
    >;
    return { partnershipName: scope.partnership.name, companies };
  }

  /** A stale revision is a conflict, answered with the latest so the caller can redo their change on it. */
  private async assertLatest(
    manager: EntityManager,
    artifact: Artifact,
    revision: number,
    field: string,
  ): Promise<void> {
    if (revision === artifact.currentRevision) return;
    throw new ConflictError(
      `${field} ${revision} is not the latest revision of the one-pager of ${artifact.quarter} (${artifact.currentRevision}); redo the change on the latest`,
      { latest: await this.viewOf(manager, artifact) },
    );
  }

  private async insertRevision(
    manager: EntityManager,
    artifactId: string,
    revision: number,
    content: ArtifactContent,
    changes: unknown[],
    actor: Actor,
  ): Promise<void> {
    const repo = manager.getRepository(ArtifactRevision);
    await repo.save(
      repo.create({
        artifactId,
        revision,
        content: content as unknown as Record<string, unknown>,
        diff: changes,
        authorId: actor.userId,
      }),
    );
  }

  private async find(
    manager: EntityManager,
    scope: PartnershipScope,
    quarter: string,
    lock = false,
  ): Promise<Artifact> {
    const artifact = await manager.getRepository(Artifact).findOne({
      where: { partnershipId: scope.partnership.id, quarter },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!artifact)
      throw new NotFoundError(
        `No one-pager for ${quarter} in partnership ${scope.partnership.key}`,
      );
    return artifact;
  }

  private async viewOf(manager: EntityManager, artifact: Artifact): Promise<ArtifactView> {
    const history = await manager
      .getRepository(ArtifactRevision)
      .find({ where: { artifactId: artifact.id }, order: { revision: 'ASC' } });
    const userIds = [
      ...history.map((r) => r.authorId),
      artifact.confirmedABy,
      artifact.confirmedBBy,
    ];
    return artifactViewOf(artifact, history, await this.emails(manager, userIds));
  }

  private async emails(manager: EntityManager, userIds: (string | null)[]): Promise<EmailOf> {
    const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
    const users = ids.length ? await manager.getRepository(User).findBy({ id: In(ids) }) : [];
    const byId = new Map(users.map((u) => [u.id, u.email]));
    return (id) => (id ? (byId.get(id) ?? null) : null);
  }
}

function confirmedSides(a: Artifact): SideKey[] {
  return [...(a.confirmedAAt ? ['A' as const] : []), ...(a.confirmedBAt ? ['B' as const] : [])];
}

/**
 * jsonb keeps an object's keys in its own order, so the diff is put in path
 * order: the same edit always reads the same. Indexes compare as numbers.
 */
function byPath(a: { path: (string | number)[] }, b: { path: (string | number)[] }): number {
  for (let i = 0; i < Math.min(a.path.length, b.path.length); i++) {
    const [x, y] = [a.path[i], b.path[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return a.path.length - b.path.length;
}
