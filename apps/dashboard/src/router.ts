/**
 * History routing: every page has a real path (`/motions`), and the partnership, quarter and
 * as-of live in the query string, so a link pasted in the meeting's chat opens the same view.
 * The API answers every path outside `/api` with index.html (ServeStaticModule's fallback).
 */
export const pages = ['cro', 'motions', 'groups', 'packet', 'onepager', 'asks', 'sync'] as const;
export type PageName = (typeof pages)[number];

export const pageInfo: Record<PageName, { path: string; label: string; title: string }> = {
  cro: { path: '/', label: 'The number', title: 'The joint number' },
  motions: { path: '/motions', label: 'Motions', title: 'Joint motions' },
  groups: { path: '/groups', label: 'Deal groups', title: 'Deal groups' },
  packet: { path: '/packet', label: 'Prework packet', title: 'Prework packet' },
  onepager: { path: '/one-pager', label: 'One-pager', title: 'The one-pager' },
  asks: { path: '/asks', label: 'Asks & decisions', title: 'Asks and decisions' },
  sync: { path: '/sync', label: 'Sync', title: 'Sync status' },
};

/** What the view shows; all optional: defaults come from the partnership and the clock. */
export interface ViewParams {
  partnership?: string;
  quarter?: string;
  asOf?: string;
  /** Deal groups only: the figure whose groups are listed (`joint.commit`). */
  figure?: string;
}

export type Route = { page: 'login' } | { page: PageName; params: ViewParams };

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') return { page: 'login' };
  const page = pages.find((name) => pageInfo[name].path === path) ?? 'cro';
  const query = new URLSearchParams(search);
  const quarter = query.get('quarter') ?? undefined;
  const asOf = query.get('asOf') ?? undefined;
  return {
    page,
    params: {
      partnership: query.get('partnership') ?? undefined,
      quarter: quarter && /^\d{4}-Q[1-4]$/.test(quarter) ? quarter : undefined,
      asOf: asOf && !Number.isNaN(Date.parse(asOf)) ? new Date(asOf).toISOString() : undefined,
      figure: query.get('figure') ?? undefined,
    },
  };
}

export function hrefOf(page: PageName | 'login', params: ViewParams = {}): string {
  if (page === 'login') return '/login';
  const query = new URLSearchParams();
  if (params.partnership) query.set('partnership', params.partnership);
  if (params.quarter) query.set('quarter', params.quarter);
  if (params.asOf) query.set('asOf', params.asOf);
  if (params.figure) query.set('figure', params.figure);
  const search = query.toString();
  return `${pageInfo[page].path}${search ? `?${search}` : ''}`;
}
