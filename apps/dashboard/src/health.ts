import type { HealthView } from '@alignboard/contracts';

/**
 * What `GET /api/health` says (HealthView, libs/contracts): 200 with the database up, or 503 with
 * it down, and the server's clock (`now`). Anything else, or no answer at all, means the API
 * itself is not there.
 */
export type HealthReading =
  | { api: 'up'; database: 'up' | 'down'; now: string | null }
  | { api: 'down'; reason: string };

/** Reads one answer of the health route. Pure, so the page's logic is testable without a server. */
export function readHealth(httpStatus: number, body: unknown): HealthReading {
  const answer = (body ?? {}) as Partial<Record<keyof HealthView, unknown>>;
  const database = answer.database;
  if ((httpStatus === 200 || httpStatus === 503) && (database === 'up' || database === 'down')) {
    // A server from before the product clock says no `now`: the browser's clock stands in then.
    const now = typeof answer.now === 'string' && !Number.isNaN(Date.parse(answer.now)) ? answer.now : null;
    return { api: 'up', database, now };
  }
  return { api: 'down', reason: `unexpected answer (HTTP ${httpStatus})` };
}

export type FetchLike = (
  url: string,
  init: RequestInit,
) => Promise<Pick<Response, 'status' | 'json'>>;

/** The one network call of the health route. Never throws: a failure is a reading too. */
export async function fetchHealth(
  fetchImpl: FetchLike = fetch,
  timeoutMs = 5_000,
): Promise<HealthReading> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchImpl('/api/health', {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { api: 'down', reason: 'no answer from the server' };
  }
  // A proxy or a static server may answer with HTML; that is not our API.
  const body: unknown = await response.json().catch(() => null);
  return readHealth(response.status, body);
}
