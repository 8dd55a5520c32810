import { describe, expect, it } from 'vitest';
import { fetchHealth, readHealth, type FetchLike } from './health.js';

describe('readHealth', () => {
  it("reads a healthy answer with the server's clock", () => {
    expect(readHealth(200, { status: 'ok', database: 'up', now: '2028-02-29T12:00:00.000Z' })).toEqual({
      api: 'up',
      database: 'up',
      now: '2028-02-29T12:00:00.000Z',
    });
  });

  it('reads a 503 with the database down as the API up and the database down', () => {
    expect(readHealth(503, { status: 'error', database: 'down', now: '2027-04-01T00:05:00.000Z' })).toEqual({
      api: 'up',
      database: 'down',
      now: '2027-04-01T00:05:00.000Z',
    });
  });

  it.each([[undefined], ['yesterday'], [1_700_000_000_000]])('reads a clock it cannot use (%j) as none', (now) => {
    expect(readHealth(200, { status: 'ok', database: 'up', now })).toEqual({ api: 'up', database: 'up', now: null });
  });

  it.each([
    [502, null],
    [200, '<!doctype html>'],
    [200, { status: 'ok' }],
    [404, { database: 'up' }],
  ])('treats HTTP %i with body %j as no API', (status, body) => {
    expect(readHealth(status, body)).toEqual({
      api: 'down',
      reason: `unexpected answer (HTTP ${status})`,
    });
  });
});

describe('fetchHealth', () => {
  const answering =
    (status: number, body: unknown): FetchLike =>
    async () => ({ status, json: async () => body });

  it('asks /api/health for JSON', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const spy: FetchLike = async (url, init) => {
      calls.push({ url, init });
      return { status: 200, json: async () => ({ status: 'ok', database: 'up', now: '2027-06-30T21:00:00.000Z' }) };
    };
    expect(await fetchHealth(spy)).toEqual({ api: 'up', database: 'up', now: '2027-06-30T21:00:00.000Z' });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/health');
    expect(calls[0].init.headers).toEqual({ accept: 'application/json' });
  });

  it('turns a network failure into a reading instead of throwing', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await fetchHealth(failing)).toEqual({
      api: 'down',
      reason: 'no answer from the server',
    });
  });

  it('turns a body that is not JSON into a reading', async () => {
    const html: FetchLike = async () => ({
      status: 200,
      json: async () => {
        throw new SyntaxError('Unexpected token <');
      },
    });
    expect(await fetchHealth(html)).toEqual({
      api: 'down',
      reason: 'unexpected answer (HTTP 200)',
    });
  });

  it('passes the database state through', async () => {
    expect(await fetchHealth(answering(503, { status: 'error', database: 'down', now: '2027-06-30T21:00:00.000Z' }))).toEqual({
      api: 'up',
      database: 'down',
      now: '2027-06-30T21:00:00.000Z',
    });
  });
});
