import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers without a token when the database is up', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', now: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    // The product's clock: the system's here (this app has no other), so "now" within a few seconds.
    expect(Math.abs(Date.parse(res.body.now) - Date.now())).toBeLessThan(5_000);
    expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs/openapi.json').expect(200);
    expect(res.body.paths).toHaveProperty('/api/partnerships');
    expect(res.body.paths).toHaveProperty('/api/health');
  });
});
