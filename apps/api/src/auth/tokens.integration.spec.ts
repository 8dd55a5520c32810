import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiToken } from './entities/api-token.entity.js';
import { TokenService, VERIFIED_TOKEN_TTL_MS } from './token.service.js';
import { cliActor } from './principal.js';
import { hashToken } from './token-codec.js';
import { bearer } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

describe('API tokens', () => {
  let t: TestApp;
  let tokens: TokenService;
  beforeAll(async () => {
    t = await createTestApp();
    tokens = t.app.get(TokenService);
  });
  afterAll(() => t.close());

  it('stores only a hash of the token', async () => {
    const created = await tokens.create({ email: 'Ops@Example.com', role: 'admin' }, cliActor('test'));
    const row = await t.db.dataSource.getRepository(ApiToken).findOneByOrFail({ id: created.tokenId });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const me = await tokens.authenticate(created.token);
    expect(me).toMatchObject({ email: 'ops@example.com', role: 'admin' });
  });

  it('refuses revoked and expired tokens', async () => {
    const revoked = await tokens.create({ email: 'a@example.com', role: 'admin' }, cliActor('test'));
    await tokens.revoke(revoked.tokenId, cliActor('test'));
    await t.http.get('/api/partnerships').set('Authorization', `Bearer ${revoked.token}`).expect(401);

    const expired = await tokens.create(
      { email: 'b@example.com', role: 'admin', expiresAt: new Date(Date.now() - 1000) },
      cliActor('test'),
    );
    await t.http.get('/api/partnerships').set('Authorization', `Bearer ${expired.token}`).expect(401);
  });

  it('trusts a verified token briefly, and stops trusting one revoked elsewhere within the bound', async () => {
    const created = await tokens.create({ email: 'cached@example.com', role: 'admin' }, cliActor('test'));
    const verify = vi.spyOn(tokens as unknown as { verify: (hash: string) => Promise<unknown> }, 'verify');
    try {
      for (let i = 0; i < 5; i++) await t.http.get('/api/partnerships').set(bearer(created.token)).expect(200);
      expect(verify).toHaveBeenCalledTimes(1);
      // Another process (the CLI's `token revoke`) writes the row: this one finds out within the bound.
      await t.db.dataSource.query(`update api_tokens set revoked_at = now() where id = $1`, [created.tokenId]);
      await new Promise((resolve) => setTimeout(resolve, VERIFIED_TOKEN_TTL_MS + 100));
      await t.http.get('/api/partnerships').set(bearer(created.token)).expect(401);
    } finally {
      verify.mockRestore();
    }
    // Revoked through this process: refused at the very next request, cached or not.
    const other = await tokens.create({ email: 'cached2@example.com', role: 'admin' }, cliActor('test'));
    await t.http.get('/api/partnerships').set(bearer(other.token)).expect(200);
    await tokens.revoke(other.tokenId, cliActor('test'));
    await t.http.get('/api/partnerships').set(bearer(other.token)).expect(401);
  });

  it('requires a partnership for member and viewer tokens, and a side when the email is not listed', async () => {
    await expect(tokens.create({ email: 'c@example.com', role: 'member' }, cliActor('test'))).rejects.toThrow(
      /partnership: member and viewer tokens need a partnership/,
    );
    await expect(
      tokens.create({ email: 'c@example.com', role: 'viewer', partnershipKey: 'nope' }, cliActor('test')),
    ).rejects.toThrow(/No partnership with key nope/);
  });
});
