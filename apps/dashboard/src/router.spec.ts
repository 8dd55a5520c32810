import { describe, expect, it } from 'vitest';
import { hrefOf, pageInfo, pages, parseRoute } from './router.js';

describe('parseRoute', () => {
  it('reads the page from the path and the view from the query', () => {
    expect(parseRoute('/motions', '?partnership=cobalt-northgate&quarter=2026-Q2&asOf=2026-05-01T00:00:00Z')).toEqual({
      page: 'motions',
      params: { partnership: 'cobalt-northgate', quarter: '2026-Q2', asOf: '2026-05-01T00:00:00.000Z', figure: undefined },
    });
  });

  it('opens the CRO view at the root, for an unknown path, and with a trailing slash', () => {
    expect(parseRoute('/', '').page).toBe('cro');
    expect(parseRoute('/nowhere', '').page).toBe('cro');
    expect(parseRoute('/sync/', '').page).toBe('sync');
    expect(parseRoute('/login', '?quarter=2026-Q1')).toEqual({ page: 'login' });
  });

  it('ignores a quarter or instant that is not one', () => {
    expect(parseRoute('/', '?quarter=2026-Q5&asOf=yesterday')).toMatchObject({ params: { quarter: undefined, asOf: undefined } });
  });
});

describe('hrefOf', () => {
  it('round-trips through parseRoute for every page', () => {
    const params = { partnership: 'p-1', quarter: '2026-Q3', asOf: '2026-08-01T00:00:00.000Z' };
    for (const page of pages) {
      const href = hrefOf(page, params);
      const url = new URL(href, 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual({ page, params: { ...params, figure: undefined } });
    }
  });

  it('leaves out what is not set', () => {
    expect(hrefOf('cro')).toBe('/');
    expect(hrefOf('groups', { figure: 'joint.commit' })).toBe('/groups?figure=joint.commit');
  });

  it('gives every page its own path', () => {
    expect(new Set(pages.map((p) => pageInfo[p].path)).size).toBe(pages.length);
  });
});
