import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import type { PartnershipScope } from './partnership-access.service.js';

/**
 * A row by id, only if it belongs to the scope's partnership: another
 * partnership's id is "not found", like an unknown one. `lock` holds the row
 * until the transaction ends, for read-check-write sequences.
 */
export async function findInPartnership<T extends ObjectLiteral & { id: string; partnershipId: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  label: string,
  scope: PartnershipScope,
  id: string,
  lock = false,
): Promise<T> {
  const row = await manager.getRepository(entity).findOne({
    where: { id, partnershipId: scope.partnership.id } as FindOptionsWhere<T>,
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!row) throw new NotFoundError(`No ${label} ${id} in partnership ${scope.partnership.key}`);
  return row;
}
