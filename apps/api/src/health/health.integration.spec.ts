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
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
    expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs/openapi.json').expect(200);
    expect(res.body.paths).toHaveProperty('/api/partnerships');
    expect(res.body.paths).toHaveProperty('/api/health');
  });
});
