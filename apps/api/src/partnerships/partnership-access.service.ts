import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SideKey } from '@alignboard/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { Membership } from '../auth/entities/membership.entity.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundError } from '../common/errors.js';
import { Partnership } from './entities/partnership.entity.js';

export interface PartnershipScope {
  partnership: Partnership;
  /** The caller's side; null for admins, who stand on neither. */
  side: SideKey | null;
}

/**
 * A caller reaches a partnership only through a side they belong to (admins
 * reach all). Anything else is "not found", so keys and ids do not leak.
 */
@Injectable()
export class PartnershipAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async resolve(principal: Principal, key: string, manager?: EntityManager): Promise<PartnershipScope> {
    const m = manager ?? this.dataSource.manager;
    const partnership = await m.getRepository(Partnership).findOneBy({ key });
    const notFound = new NotFoundError(`No partnership with key ${key}`);
    if (!partnership) throw notFound;
    if (principal.role === 'admin') return { partnership, side: null };
    const membership = await m
      .getRepository(Membership)
      .findOneBy({ userId: principal.userId, partnershipId: partnership.id });
    if (!membership) throw notFound;
    return { partnership, side: membership.side };
  }

  async list(principal: Principal): Promise<Partnership[]> {
    const query = this.dataSource.getRepository(Partnership).createQueryBuilder('p').orderBy('p.key');
    if (principal.role !== 'admin') {
      query.innerJoin(Membership, 'm', 'm.partnership_id = p.id AND m.user_id = :userId', {
        userId: principal.userId,
      });
    }
    return query.getMany();
  }
}
