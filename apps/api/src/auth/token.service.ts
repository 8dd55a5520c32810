import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SideKey, TokenRole } from '@alignboard/contracts';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { Person } from '../partnerships/entities/person.entity.js';
import { Side } from '../partnerships/entities/side.entity.js';
import { User } from '../users/entities/user.entity.js';
import { ApiToken } from './entities/api-token.entity.js';
import { Membership } from './entities/membership.entity.js';
import type { Actor, Principal } from './principal.js';
import { generateToken, hashToken, looksLikeToken } from './token-codec.js';

export interface CreateTokenRequest {
  email: string;
  name?: string;
  role: TokenRole;
  label?: string;
  /** Grants membership of this partnership... */
  partnershipKey?: string;
  /** ...on this side; defaults to the side that lists the email among its people. */
  side?: SideKey;
  expiresAt?: Date;
}

export interface CreatedToken {
  token: string;
  tokenId: string;
  userId: string;
  role: TokenRole;
  membership: { partnershipKey: string; side: SideKey } | null;
}

/** Last-used stamps are for people, not forensics: one write a minute is enough. */
const lastUsedResolutionMs = 60_000;

/**
 * How long a verified token is trusted without asking the database again
 * (elapsed time, not the product clock): a token revoked by another process
 * (the CLI, a second API) stops working within this bound; one revoked
 * through this process stops at once. Expiry is checked at every request.
 * See docs/decisions/014-figures-read-model.md.
 */
export const VERIFIED_TOKEN_TTL_MS = 2_000;
/** Enough for every token in use at once; the oldest verified is dropped first. */
const VERIFIED_TOKENS_KEPT = 10_000;

interface VerifiedToken {
  principal: Principal;
  expiresAtMs: number | null;
  lastUsedAtMs: number | null;
  verifiedAt: number;
}

@Injectable()
export class TokenService {
  /** By token hash: never the token itself. */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async authenticate(value: string): Promise<Principal | null> {
    if (!looksLikeToken(value)) return null;
    const hash = hashToken(value);
    const now = this.clock.now().getTime();
    let known = this.verified.get(hash) ?? null;
    if (!known || performance.now() - known.verifiedAt > VERIFIED_TOKEN_TTL_MS) {
      this.verified.delete(hash);
      known = await this.verify(hash);
      if (!known) return null;
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(hash, known);
    }
    if (known.expiresAtMs !== null && known.expiresAtMs <= now) return null;
    if (known.lastUsedAtMs === null || now - known.lastUsedAtMs > lastUsedResolutionMs) {
      known.lastUsedAtMs = now;
      await this.dataSource.getRepository(ApiToken).update(known.principal.tokenId, { lastUsedAt: new Date(now) });
    }
    return known.principal;
  }

  private async verify(hash: string): Promise<VerifiedToken | null> {
    const row = await this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .innerJoin(User, 'u', 'u.id = t.user_id')
      .select(['t.id AS id', 't.role AS role', 't.user_id AS user_id', 'u.email AS email'])
      .addSelect(['t.expires_at AS expires_at', 't.last_used_at AS last_used_at'])
      .where('t.token_hash = :hash AND t.revoked_at IS NULL', { hash })
      .getRawOne<{ id: string; role: TokenRole; user_id: string; email: string; expires_at: Date | null; last_used_at: Date | null }>();
    if (!row) return null;
    return {
      principal: { userId: row.user_id, email: row.email, role: row.role, tokenId: row.id },
      expiresAtMs: row.expires_at?.getTime() ?? null,
      lastUsedAtMs: row.last_used_at?.getTime() ?? null,
      verifiedAt: performance.now(),
    };
  }

  async create(request: CreateTokenRequest, actor: Actor): Promise<CreatedToken> {
    const email = request.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw ValidationError.field('email', 'expected an email address');
    if (request.role !== 'admin' && !request.partnershipKey) {
      throw ValidationError.field('partnership', 'member and viewer tokens need a partnership to belong to');
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await this.findOrCreateUser(manager, email, request.name, actor);
      const membership = request.partnershipKey
        ? await this.grantMembership(manager, user, request.partnershipKey, request.side, actor)
        : null;
      const token = generateToken();
      const saved = await manager.getRepository(ApiToken).save({
        userId: user.id,
        label: request.label ?? `${request.role} token`,
        tokenHash: hashToken(token),
        tokenPrefix: token.slice(0, 10),
        role: request.role,
        expiresAt: request.expiresAt ?? null,
      });
      await this.audit.record(manager, actor, {
        action: 'token.create',
        entityType: 'api_token',
        entityId: saved.id,
        partnershipId: null,
        after: { userId: user.id, role: saved.role, label: saved.label, prefix: saved.tokenPrefix },
      });
      return { token, tokenId: saved.id, userId: user.id, role: saved.role, membership };
    });
  }

  async revoke(tokenId: string, actor: Actor): Promise<void> {
    const hash = await this.dataSource.transaction(async (manager) => {
      const token = await manager.getRepository(ApiToken).findOneBy({ id: tokenId, revokedAt: IsNull() });
      if (!token) throw new NotFoundError(`No active token ${tokenId}`);
      await manager.getRepository(ApiToken).update(token.id, { revokedAt: this.clock.now() });
      await this.audit.record(manager, actor, {
        action: 'token.revoke',
        entityType: 'api_token',
        entityId: token.id,
        partnershipId: null,
        before: { revokedAt: null },
        after: { revokedAt: 'now' },
      });
      return token.tokenHash;
    });
    // After the commit: a request verifying meanwhile could otherwise cache the row as it was.
    this.verified.delete(hash);
  }

  private async findOrCreateUser(manager: EntityManager, email: string, name: string | undefined, actor: Actor) {
    const users = manager.getRepository(User);
    const existing = await users.findOneBy({ email });
    if (existing) return existing;
    const person = await manager.getRepository(Person).findOneBy({ email });
    const user = await users.save({ email, name: name ?? person?.name ?? email });
    await this.audit.record(manager, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      partnershipId: null,
      after: { email: user.email, name: user.name },
    });
    return user;
  }

  private async grantMembership(
    manager: EntityManager,
    user: User,
    partnershipKey: string,
    requestedSide: SideKey | undefined,
    actor: Actor,
  ): Promise<{ partnershipKey: string; side: SideKey }> {
    const partnership = await manager.getRepository(Partnership).findOneBy({ key: partnershipKey });
    if (!partnership) throw new NotFoundError(`No partnership with key ${partnershipKey}`);
    let side = requestedSide;
    if (!side) {
      const listed = await manager
        .getRepository(Person)
        .createQueryBuilder('p')
        .innerJoin(Side, 's', 's.id = p.side_id')
        .select('s.side', 'side')
        .where('s.partnership_id = :pid AND lower(p.email) = :email', { pid: partnership.id, email: user.email })
        .getRawOne<{ side: SideKey }>();
      if (!listed) {
        throw ValidationError.field(
          'side',
          `${user.email} is not among the people of ${partnershipKey}; name the side (A or B) they belong to`,
        );
      }
      side = listed.side;
    }
    const memberships = manager.getRepository(Membership);
    const before = await memberships.findOneBy({ userId: user.id, partnershipId: partnership.id });
    if (!before || before.side !== side) {
      await memberships.save({ userId: user.id, partnershipId: partnership.id, side });
      await this.audit.record(manager, actor, {
        action: before ? 'membership.update' : 'membership.create',
        entityType: 'membership',
        entityId: `${user.id}:${partnership.id}`,
        partnershipId: partnership.id,
        before: before ? { side: before.side } : null,
        after: { userId: user.id, side },
      });
    }
    return { partnershipKey, side };
  }
}
