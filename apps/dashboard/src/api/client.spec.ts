import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, describeError, fileNameOf, queryString, type FetchLike } from './client.js';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers from a table of `METHOD path` → [status, body], recording every call. */
function fakeFetch(answers: Record<string, [number, unknown]>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const key = `${init.method} ${url}`;
    const [status, body] = answers[key] ?? [404, { statusCode: 404, message: `No route ${key}` }];
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

describe('createApiClient', () => {
  it('sends the bearer token and builds the query string from what is set', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/partnerships/p-1/metrics?quarter=2026-Q2': [200, { joint: { total: 1 } }] });
    const api = createApiClient({ token: 'abt_x', fetch });
    expect(await api.metrics('p-1', '2026-Q2')).toEqual({ joint: { total: 1 } });
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer abt_x');
    expect(calls[0].init.method).toBe('GET');
  });

  it('posts JSON bodies', async () => {
    const { fetch, calls } = fakeFetch({ 'POST /api/partnerships/p-1/groups/overrides': [201, { id: 'o1' }] });
    const api = createApiClient({ token: 't', fetch });
    await api.createOverride('p-1', { kind: 'link', a: '006A', b: '400' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ kind: 'link', a: '006A', b: '400' });
    expect((calls[0].init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('ends the session on a 401 and throws with a sentence that says what to do', async () => {
    const { fetch } = fakeFetch({ 'GET /api/partnerships': [401, { statusCode: 401, message: 'The API token is unknown, revoked or expired' }] });
    const onUnauthorized = vi.fn();
    const api = createApiClient({ token: 'old', fetch, onUnauthorized });
    const error = await api.partnerships().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(onUnauthorized.mock.calls[0][0]).toMatch(/Sign in again/);
  });

  it('reads a missing one-pager (404) as none, and any other error as an error', async () => {
    const { fetch } = fakeFetch({ 'GET /api/partnerships/p-1/artifacts/2026-Q3': [500, { statusCode: 500, message: 'Internal server error', requestId: 'r-9' }] });
    const api = createApiClient({ token: 't', fetch });
    expect(await api.artifact('p-1', '2026-Q2')).toBeNull();
    await expect(api.artifact('p-1', '2026-Q3')).rejects.toThrow(/HTTP 500\), request r-9/);
  });

  it('keeps a conflict’s details (the latest one-pager) on the error', async () => {
    const latest = { revision: 4 };
    const { fetch } = fakeFetch({
      'PUT /api/partnerships/p-1/artifacts/2026-Q2': [409, { statusCode: 409, message: 'baseRevision 3 is not the latest revision', details: { latest } }],
    });
    const api = createApiClient({ token: 't', fetch });
    const error = (await api.updateArtifact('p-1', '2026-Q2', { baseRevision: 3, notes: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(409);
    expect(error.body?.details?.latest).toEqual(latest);
  });

  it('turns a network failure into an ApiError that says to check the server', async () => {
    const api = createApiClient({
      token: 't',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(api.partnerships()).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/check that Alignboard is running/) });
  });

  it('shares one request between identical reads in flight, but never across a write', async () => {
    let resolve: (r: Response) => void = () => undefined;
    const calls: string[] = [];
    const fetch: FetchLike = (url, init) => {
      calls.push(`${init.method} ${url}`);
      if (init.method !== 'GET') return Promise.resolve(new Response('{}', { status: 201 }));
      return new Promise<Response>((r) => (resolve = r));
    };
    const api = createApiClient({ token: 't', fetch });
    const first = api.motions('p-1');
    const second = api.motions('p-1');
    expect(calls).toEqual(['GET /api/partnerships/p-1/motions']);
    resolve(new Response('[1]', { status: 200 }));
    expect(await first).toEqual([1]);
    expect(await second).toEqual([1]);

    const before = api.motions('p-1');
    await api.createOverride('p-1', { kind: 'link', a: 'a', b: 'b' });
    void api.motions('p-1');
    expect(calls.filter((c) => c.startsWith('GET'))).toHaveLength(3);
    resolve(new Response('[2]', { status: 200 }));
    void before;
  });

  it('hands a prefetched answer to the next identical read, once', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/partnerships/p-1/metrics?quarter=2026-Q4': [200, { n: 1 }] });
    const api = createApiClient({ token: 't', fetch });
    api.prefetchMetrics('p-1', '2026-Q4');
    await new Promise((r) => setTimeout(r, 0));
    expect(await api.metrics('p-1', '2026-Q4')).toEqual({ n: 1 });
    expect(calls).toHaveLength(1);
    await api.metrics('p-1', '2026-Q4');
    expect(calls).toHaveLength(2);
  });

  it('lets an aborted caller stop waiting', async () => {
    const fetch: FetchLike = () => new Promise<Response>(() => undefined);
    const api = createApiClient({ token: 't', fetch });
    const controller = new AbortController();
    const waiting = api.syncStatus('p-1', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('helpers', () => {
  it('builds query strings without empty values', () => {
    expect(queryString({ quarter: '2026-Q2', asOf: undefined, open: true, limit: 0, x: '' })).toBe('?quarter=2026-Q2&open=true&limit=0');
    expect(queryString({})).toBe('');
  });

  it('reads the file name of a download', () => {
    expect(fileNameOf('attachment; filename="cobalt-board-pack.pdf"')).toBe('cobalt-board-pack.pdf');
    expect(fileNameOf('inline; filename=prework.pdf')).toBe('prework.pdf');
    expect(fileNameOf(null)).toBeNull();
  });

  it('words errors for the person reading them', () => {
    expect(describeError(403, { message: 'Viewer tokens are read-only' })).toBe('Not allowed: Viewer tokens are read-only');
    expect(describeError(400, { message: 'quarter: expected a quarter like 2026-Q2' })).toBe('quarter: expected a quarter like 2026-Q2.');
    expect(describeError(418, null)).toBe('Unexpected answer (HTTP 418).');
  });
});
