import { Client } from '@hubspot/api-client';
import pRetry from 'p-retry';
import { CrmError } from '../core/errors.js';
import { inChunks } from '../shared/in-chunks.js';
import { perSecondWindow, requestLimiter, slidingWindowLimiter, type RequestLimiter } from '../shared/request-limiter.js';
import type { RawAssociation, RawHistoryEntry, RawObject, RawPipeline, RawProperty } from './raw.js';

/**
 * The only file that talks to HubSpot through `@hubspot/api-client`. It owns
 * the per-connection limiter, retries with backoff honouring `Retry-After`,
 * the OAuth refresh, and the translation of every HubSpot error into a
 * `CrmError` code. The SDK's own `numberOfApiCallRetries` / `limiterOptions`
 * are left unset on purpose: they live in a process-wide singleton that each
 * `new Client()` overwrites, so two connections would share (or lose) them.
 */
export interface HubspotClientOptions {
  basePath: string;
  credentials: Record<string, string>;
  requestsPerSecond: number;
  searchRequestsPerSecond: number;
  maxRetries: number;
  retryBaseMs: number;
  requestTimeoutMs: number;
  onTokenRefresh?: (credentials: Record<string, string>) => void | Promise<void>;
}

export interface SearchPage {
  total: number;
  results: RawObject[];
  nextAfter: string | null;
  /** HubSpot's clock when it answered (the response's `Date`, to the second), null without one. */
  serverMs: number | null;
}

const BATCH = 100;
/** [unverified] HubSpot caps batch reads that ask for property history lower than plain ones. */
const HISTORY_BATCH = 50;
const PRIMARY_DEAL_TO_COMPANY = 5;
const REFRESH_MARGIN_MS = 5 * 60_000;

export class HubspotClient {
  private readonly sdk: Client;
  private readonly general: RequestLimiter;
  private readonly search: RequestLimiter;
  private credentials: Record<string, string>;
  private refreshing: Promise<void> | null = null;
  private calls = 0;

  constructor(private readonly options: HubspotClientOptions) {
    this.credentials = { ...options.credentials };
    this.sdk = new Client({ accessToken: this.credentials.accessToken ?? '', basePath: options.basePath.replace(/\/+$/, '') });
    // https://developers.hubspot.com/docs/api/usage-details: 100-190 per 10 s per app, search 5/s per account.
    // The search limit is per second, not a spacing: a sliding window lets a few pages go at once.
    // Searches count against the general limit too (see `attempt`).
    this.general = requestLimiter({ minTime: 1000 / options.requestsPerSecond, maxConcurrent: 6 });
    this.search = Number.isFinite(options.searchRequestsPerSecond)
      ? slidingWindowLimiter({ ...perSecondWindow(options.searchRequestsPerSecond), maxConcurrent: 3 })
      : requestLimiter({ minTime: 0, maxConcurrent: 3 });
  }

  apiCalls(): number {
    return this.calls;
  }

  async close(): Promise<void> {
    await Promise.all([this.search.stop(), this.general.stop()]);
  }

  /**
   * https://developers.hubspot.com/docs/api/crm/deals — `GET /crm/v3/objects/deals`, `after` paging; no `paging` on the last page.
   * `serverMs` is HubSpot's clock as the response's `Date` states it (to the second), null without one.
   */
  async listDeals(after: string | null, properties: string[], archived: boolean): Promise<{ results: RawObject[]; nextAfter: string | null; serverMs: number | null }> {
    return this.listObjects('deals', after, properties, archived);
  }

  /** `GET /crm/v3/objects/{type}`: the query the SDK's basicApi.getPage sends (limit, after, one `properties` per name, archived). */
  async listObjects(type: 'deals' | 'companies', after: string | null, properties: string[], archived: boolean): Promise<{ results: RawObject[]; nextAfter: string | null; serverMs: number | null }> {
    const query = new URLSearchParams({ limit: '100' });
    if (after !== null) query.set('after', after);
    for (const name of properties) query.append('properties', name);
    query.set('archived', String(archived));
    const { body, date } = await this.jsonWithDate('general', `list ${type}`, { method: 'GET', path: `/crm/v3/objects/${type}?${query}` }, [200]);
    const page = body as { results?: unknown; paging?: { next?: { after?: unknown } } };
    const next = page.paging?.next?.after;
    const serverMs = date ? Date.parse(date) : NaN;
    return { results: rawObjects(page.results, `list ${type}`), nextAfter: typeof next === 'string' ? next : null, serverMs: Number.isFinite(serverMs) ? serverMs : null };
  }

  /** https://developers.hubspot.com/docs/api/crm/search — offset paging, at most 10,000 results per query. */
  async searchDeals(body: { filterGroups: unknown[]; sorts: unknown[]; properties: string[]; limit: number; after: string }): Promise<SearchPage> {
    // The request the SDK's searchApi.doSearch sends, through apiRequest: the response's Date is HubSpot's clock.
    const { body: page, date } = await this.jsonWithDate('search', 'search deals', { method: 'POST', path: '/crm/v3/objects/deals/search', body }, [200]);
    if (typeof page.total !== 'number') throw new CrmError('UNEXPECTED_RESPONSE', 'search deals: the response has no total');
    const next = (page.paging as { next?: { after?: unknown } } | undefined)?.next?.after;
    const serverMs = date ? Date.parse(date) : NaN;
    return {
      total: page.total,
      results: rawObjects(page.results, 'search deals'),
      nextAfter: typeof next === 'string' ? next : null,
      serverMs: Number.isFinite(serverMs) ? serverMs : null,
    };
  }

  /** Batch read (200, or 207 naming the ids not found); chunks of 100, or 50 with property history, read at once. */
  async batchRead(type: 'deals' | 'companies', ids: string[], properties: string[], propertiesWithHistory: string[] = [], archived = false): Promise<RawObject[]> {
    const size = propertiesWithHistory.length ? HISTORY_BATCH : BATCH;
    const pages = await Promise.all(
      inChunks(ids, size).map(async (chunk) => {
        const body = { propertiesWithHistory, inputs: chunk.map((id) => ({ id })), properties };
        const what = `batch read ${type}`;
        const res = (await this.json('general', what, { method: 'POST', path: `/crm/v3/objects/${type}/batch/read?archived=${archived}`, body }, [200, 207])) as { results?: unknown };
        return rawObjects(res.results, what);
      }),
    );
    return pages.flat();
  }

  /**
   * https://developers.hubspot.com/docs/api/crm/associations — v4 batch read,
   * 100 deals per call; inputs without companies come back as 207 errors
   * (NO_ASSOCIATIONS_FOUND, normal); a result with `paging` is asked again from `after`.
   */
  async dealCompanies(dealIds: string[]): Promise<Map<string, RawAssociation[]>> {
    const out = new Map<string, RawAssociation[]>();
    let queue: { id: string; after?: string }[] = dealIds.map((id) => ({ id }));
    while (queue.length) {
      const inputs = queue.slice(0, BATCH);
      queue = queue.slice(BATCH);
      const path = '/crm/v4/associations/deals/companies/batch/read';
      const res = (await this.json('general', 'read deal associations', { method: 'POST', path, body: { inputs } }, [200, 207])) as { results?: unknown };
      if (!Array.isArray(res.results)) throw new CrmError('UNEXPECTED_RESPONSE', 'read deal associations: no results array');
      for (const result of res.results as RawAssociationResult[]) {
        const dealId = String(result?.from?.id);
        const list = out.get(dealId) ?? [];
        for (const to of result.to ?? []) {
          list.push({
            // HubSpot sends an integer.
            companyId: String(to.toObjectId),
            primary: (to.associationTypes ?? []).some((t) => t.typeId === PRIMARY_DEAL_TO_COMPANY),
          });
        }
        out.set(dealId, list);
        if (result.paging?.next?.after) queue.push({ id: dealId, after: result.paging.next.after });
      }
    }
    return out;
  }

  /** https://developers.hubspot.com/docs/api/crm/pipelines — stage metadata values are strings. */
  async dealPipelines(): Promise<RawPipeline[]> {
    const res = await this.call('general', 'read deal pipelines', (sdk) => sdk.crm.pipelines.pipelinesApi.getAll('deals'));
    return res.results.map((p) => ({
      id: p.id,
      label: p.label,
      stages: p.stages.map((s) => ({ id: s.id, label: s.label, metadata: { ...(s.metadata ?? {}) } })),
    }));
  }

  /** https://developers.hubspot.com/docs/api/crm/properties */
  async dealProperties(): Promise<RawProperty[]> {
    const res = await this.call('general', 'read deal properties', (sdk) => sdk.crm.properties.coreApi.getAll('deals'));
    return res.results.map((p) => ({ name: p.name, type: p.type }));
  }

  /**
   * https://developers.hubspot.com/docs/api/settings/account-information-api —
   * the company currency, for portals whose deals carry no `deal_currency_code`.
   * Null when the token may not read it.
   */
  async companyCurrency(): Promise<string | null> {
    try {
      const body = await this.call('general', 'read account details', async (sdk) => {
        const res = await sdk.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
        const json = (await res.json().catch(() => ({}))) as { companyCurrency?: unknown };
        if (!res.ok) throw Object.assign(new Error('account details'), { code: res.status, body: json, headers: Object.fromEntries(res.headers) });
        return json;
      });
      return typeof body.companyCurrency === 'string' ? body.companyCurrency : null;
    } catch (error) {
      if (error instanceof CrmError && (error.details.status === 403 || error.details.status === 404)) return null;
      throw error;
    }
  }

  /**
   * A JSON endpoint through the SDK's `apiRequest` (its base path, token and
   * transport) without its model layer: the generated APIs turn every
   * instant into a `Date` and back, which on a backfill cost more than all
   * our own work on a deal. Statuses outside `ok` fail as the SDK's
   * ApiException would; a body that is not JSON is API drift.
   */
  private async json(kind: 'general' | 'search', what: string, request: { method: 'GET' | 'POST'; path: string; body?: unknown }, ok: number[]): Promise<Record<string, unknown>> {
    return (await this.jsonWithDate(kind, what, request, ok)).body;
  }

  private async jsonWithDate(
    kind: 'general' | 'search',
    what: string,
    request: { method: 'GET' | 'POST'; path: string; body?: unknown },
    ok: number[],
  ): Promise<{ body: Record<string, unknown>; date: string | null }> {
    return this.call(kind, what, async (sdk) => {
      const res = await sdk.apiRequest(request);
      const text = await res.text();
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Reported below, with the status.
      }
      if (!ok.includes(res.status)) throw Object.assign(new Error(what), { code: res.status, body: body ?? {}, headers: Object.fromEntries(res.headers) });
      const type = res.headers.get('content-type') ?? '';
      if (!/application\/json/i.test(type) || !body || typeof body !== 'object' || Array.isArray(body)) {
        throw new Error(`${what}: the response is not a JSON object (Content-Type: ${type || 'none'})`);
      }
      return { body: body as Record<string, unknown>, date: res.headers.get('date') };
    });
  }

  private async call<T>(kind: 'general' | 'search', what: string, fn: (sdk: Client) => Promise<T>): Promise<T> {
    return pRetry(
      async () => {
        await this.ensureFreshToken();
        const used = this.credentials.accessToken;
        try {
          return await this.attempt(kind, what, fn);
        } catch (error) {
          if (!(error instanceof CrmError) || error.details.status !== 401 || !this.canRefresh()) throw error;
          // One refresh (unless another request already did), then one replay.
          if (this.credentials.accessToken === used) await this.refresh();
          return await this.attempt(kind, what, fn);
        }
      },
      {
        retries: this.options.maxRetries,
        factor: 2,
        minTimeout: this.options.retryBaseMs,
        maxTimeout: 60_000,
        randomize: true,
        shouldRetry: (error) => isRetryable(error),
        // HubSpot does not always send Retry-After; when it does, wait at least that long.
        onFailedAttempt: async (error) => {
          const wait = error instanceof CrmError ? error.details.retryAfterMs : undefined;
          if (wait && isRetryable(error)) await sleep(wait);
        },
      },
    );
  }

  private async attempt<T>(kind: 'general' | 'search', what: string, fn: (sdk: Client) => Promise<T>): Promise<T> {
    const send = () => {
      this.calls++;
      return withTimeout(fn(this.sdk), this.options.requestTimeoutMs);
    };
    try {
      return await (kind === 'search' ? this.search.schedule(() => this.general.schedule(send)) : this.general.schedule(send));
    } catch (error) {
      throw toCrmError(error, what);
    }
  }

  private canRefresh(): boolean {
    const c = this.credentials;
    return Boolean(c.clientId && c.clientSecret && c.refreshToken);
  }

  /** HubSpot says a 401 is no signal to refresh: refresh before `expires_in` runs out (or when there is no token yet). */
  private async ensureFreshToken(): Promise<void> {
    const expiresAt = Date.parse(this.credentials.accessTokenExpiresAt ?? '');
    const stale = !this.credentials.accessToken || (Number.isFinite(expiresAt) && expiresAt - Date.now() < REFRESH_MARGIN_MS);
    if (!stale) return;
    if (this.canRefresh()) await this.refresh();
    else if (!this.credentials.accessToken) throw new CrmError('AUTH_FAILED', 'HubSpot: no accessToken, and no clientId/clientSecret/refreshToken to get one');
  }

  /** https://developers.hubspot.com/docs/api/oauth/refresh-access-token — `POST /oauth/v1/token`, refresh grant. */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      const { clientId, clientSecret, refreshToken } = this.credentials;
      try {
        const token = await this.general.schedule(() => {
          this.calls++;
          return withTimeout(this.sdk.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, clientSecret, refreshToken), this.options.requestTimeoutMs);
        });
        this.credentials = {
          ...this.credentials,
          accessToken: token.accessToken,
          refreshToken: token.refreshToken || refreshToken,
          accessTokenExpiresAt: new Date(Date.now() + token.expiresIn * 1000).toISOString(),
        };
        this.sdk.setAccessToken(token.accessToken);
        await this.options.onTokenRefresh?.({ ...this.credentials });
      } catch (error) {
        const crm = toCrmError(error, 'refresh the OAuth token');
        if (crm.code === 'TEMPORARY') throw crm;
        throw new CrmError('AUTH_FAILED', `HubSpot refused to refresh the OAuth token (${crm.message})`, crm.details);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}

const isRetryable = (error: unknown) => error instanceof CrmError && (error.code === 'RATE_LIMITED' || error.code === 'TEMPORARY');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

class RequestTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout(`no response within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The one place a HubSpot failure becomes a `CrmError` code. */
export function toCrmError(error: unknown, what: string): CrmError {
  if (error instanceof CrmError) return error;
  const e = (error ?? {}) as { code?: unknown; body?: unknown; headers?: Record<string, string>; message?: string; name?: string };
  if (typeof e.code === 'number') {
    // ApiException: { code: HTTP status, body: HubSpot's error JSON, headers }.
    const status = e.code;
    const body = (e.body && typeof e.body === 'object' ? e.body : {}) as { status?: string; category?: string; message?: string; policyName?: string };
    // CRM errors name a category (429s a policy); OAuth errors put their code in `status`.
    const providerCode = body.policyName ?? body.category ?? (body.status && body.status !== 'error' ? body.status : undefined);
    const message = `${what}: HubSpot answered ${status}${providerCode ? ` ${providerCode}` : ''}${body.message ? `: ${body.message}` : ''}`;
    const details = { status, providerCode };
    if (status === 429) {
      return body.policyName === 'DAILY'
        ? new CrmError('DAILY_LIMIT', message, details)
        : new CrmError('RATE_LIMITED', message, { ...details, retryAfterMs: retryAfterMs(e.headers) });
    }
    if (status === 401 || status === 403) return new CrmError('AUTH_FAILED', message, details);
    if (status >= 500) return new CrmError('TEMPORARY', message, details);
    // A status the SDK did not expect for this call (202, 3xx...): the API changed.
    if (status < 400) return new CrmError('UNEXPECTED_RESPONSE', message, details);
    return new CrmError('INVALID_REQUEST', message, details);
  }
  if (error instanceof RequestTimeout) return new CrmError('TEMPORARY', `${what}: ${error.message}`);
  if (e.name === 'FetchError' || (typeof e.code === 'string' && networkCodes.has(e.code))) {
    return new CrmError('TEMPORARY', `${what}: ${e.message ?? 'network error'}`);
  }
  // The SDK throws plain Errors for bodies it cannot parse (no Content-Type, bad JSON).
  return new CrmError('UNEXPECTED_RESPONSE', `${what}: ${e.message ?? String(error)}`);
}

/** `Retry-After` in seconds or as an HTTP date, read against the response's own `Date` (HubSpot's clock) when it has one. */
function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  const sentAt = Date.parse(headers?.date ?? headers?.Date ?? '');
  return Number.isFinite(at) ? Math.max(0, at - (Number.isFinite(sentAt) ? sentAt : Date.now())) : undefined;
}

interface RawAssociationResult {
  from?: { id?: unknown };
  to?: { toObjectId?: unknown; associationTypes?: { typeId?: unknown }[] }[];
  paging?: { next?: { after?: string } };
}

/** An instant as the SDK would hand it over: a `Date`'s ISO form; text HubSpot sent is read the same way. */
/** `2026-11-23T10:00:00.000Z`: already the form `iso` returns. */
const canonicalInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function iso(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return null;
  // HubSpot's JSON usually has it already: checking is cheaper than parsing and printing it again.
  if (canonicalInstant.test(v)) return v;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : v;
}

/**
 * Only ever parsed as an instant, so HubSpot's text is kept: JSON's entries
 * (stamps already text) pass as they are, SDK models (`Date` stamps) are copied.
 */
function historyEntries(entries: { value: unknown; timestamp: unknown; sourceType: unknown }[]): RawHistoryEntry[] {
  if (entries.every((h) => typeof h.timestamp === 'string')) return entries as RawHistoryEntry[];
  return entries.map((h) => ({ value: h.value, timestamp: typeof h.timestamp === 'string' ? h.timestamp : iso(h.timestamp), sourceType: h.sourceType }) as RawHistoryEntry);
}

/** SDK models or HubSpot's JSON → plain JSON, the shape the mapper parses and the raw column keeps. */
function rawObjects(results: unknown, what: string): RawObject[] {
  if (!Array.isArray(results)) throw new CrmError('UNEXPECTED_RESPONSE', `${what}: the response has no results array`);
  return results.map((r: Record<string, unknown>) => {
    const history = r.propertiesWithHistory as Record<string, { value: unknown; timestamp: unknown; sourceType: unknown }[]> | undefined;
    return {
      id: String(r.id),
      properties: (r.properties ?? {}) as Record<string, unknown>,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      archived: r.archived === true,
      archivedAt: iso(r.archivedAt),
      ...(history
        ? {
            propertiesWithHistory: Object.fromEntries(
              Object.entries(history).map(([name, entries]) => [
                name,
                historyEntries(entries ?? []),
              ]),
            ),
          }
        : {}),
    };
  });
}
