import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

/**
 * A credential in a query string (a link someone pasted, a client that
 * cannot set headers) reaches the access log with the URL: every value whose
 * name looks like a credential is censored there, the rest of the URL kept.
 */
describe('request logging', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
  });
  afterAll(() => t.close());

  const secrets = {
    token: 'abt_query-token-1f',
    access_token: 'at-query-2e',
    api_key: 'key-query-3d',
    'X-Amz-Signature': 'sig-query-4c',
    client_secret: 'cs-query-5b',
    password: 'pw-query-6a',
    refreshToken: 'rt-query-7f',
  };
  const query = `${new URLSearchParams({ quarter: '2026-Q2', ...secrets })}&code=oauth-code-8e`;

  it('censors credential-like query values, keeps the others, on answered, refused and unknown routes', async () => {
    await t.http.get(`/api/partnerships?${query}`).set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.get(`/api/partnerships?${query}`).set('Authorization', 'Bearer abt_not-a-real-token-9d').expect(401);
    await t.http.get(`/api/no-such-route?${query}`).set('Authorization', `Bearer ${token}`).expect(404);
    const lines = t.logs.lines.filter((line) => line.includes('"req"'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const value of [...Object.values(secrets), 'oauth-code-8e', token, 'abt_not-a-real-token-9d']) {
      expect(t.logs.text).not.toContain(value);
    }
    const url = (JSON.parse(lines.at(-1)!) as { req: { url: string } }).req.url;
    expect(url).toBe(
      '/api/no-such-route?quarter=2026-Q2&token=[redacted]&access_token=[redacted]&api_key=[redacted]' +
        '&X-Amz-Signature=[redacted]&client_secret=[redacted]&password=[redacted]&refreshToken=[redacted]&code=[redacted]',
    );
  });
});
