import type { CreatePartnershipInput } from '@alignboard/contracts';
import type { TestApp } from './test-app.js';

/** Bearer tokens of the people a test acts as, for one partnership. */
export interface PartnershipFixture {
  key: string;
  /** Stands on neither side; reaches every partnership. */
  admin: string;
  memberA: string;
  memberB: string;
  /** A read-only member of side A. */
  viewer: string;
}

/** The smallest valid partnership definition; override what a test cares about. */
export function partnershipInput(key: string, overrides: Partial<CreatePartnershipInput> = {}): CreatePartnershipInput {
  return {
    key,
    name: `Partnership ${key}`,
    currency: 'USD',
    fiscalYearStartMonth: 1,
    fiscalYearNamedBy: 'start',
    bookingSide: 'A',
    killThreshold: 0.05,
    meeting: { rule: 'third-thursday', preworkBusinessDays: 3 },
    sides: {
      A: { company: `${key} vendor`, people: [] },
      B: { company: `${key} reseller`, people: [] },
    },
    ...overrides,
  };
}

/**
 * Creates a partnership through the API (as an admin) and a member token for
 * each side plus a viewer. Emails are derived from the key, so fixtures for
 * different partnerships never share a user.
 */
export async function createPartnership(
  t: TestApp,
  key: string,
  overrides: Partial<CreatePartnershipInput> = {},
): Promise<PartnershipFixture> {
  const admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
  const res = await t.http.post('/api/partnerships').set('Authorization', `Bearer ${admin}`).send(partnershipInput(key, overrides));
  if (res.status !== 201) throw new Error(`creating partnership ${key} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    key,
    admin,
    memberA: await t.token({ email: `a@${key}.test`, role: 'member', partnership: key, side: 'A' }),
    memberB: await t.token({ email: `b@${key}.test`, role: 'member', partnership: key, side: 'B' }),
    viewer: await t.token({ email: `viewer@${key}.test`, role: 'viewer', partnership: key, side: 'A' }),
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Audit rows about one record, oldest first. */
export async function auditOf(t: TestApp, entityId: string) {
  return t.db.dataSource.query<{ action: string; actor: string; before: unknown; after: unknown }[]>(
    'select action, actor, before, after from audit_log where entity_id = $1 order by id',
    [entityId],
  );
}
