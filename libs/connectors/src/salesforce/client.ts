import { Connection, type TokenResponse } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { setDefaults } from 'jsforce/lib/request.js';
import pRetry, { AbortError } from 'p-retry';
import { z } from 'zod';
import type { ConnectionConfig, ConnectorOptions } from '../core/crm-connector.js';
import { CrmError } from '../core/errors.js';
import { requestLimiter, type RequestLimiter } from '../shared/request-limiter.js';

/*
 * jsforce reads http(s)_proxy at import time and then sends *every* request
 * through that proxy, loopback included (it has no NO_PROXY), so a proxy in
 * the environment would break a simulator on 127.0.0.1 and leak CRM traffic.
 * We reset its transport defaults once: no proxy, and a 2-minute timeout
 * instead of its 30 minutes.
 */
setDefaults({ followRedirect: true, timeout: 120_000 });

export interface SalesforceClientOptions extends ConnectorOptions {
  requestTimeoutMs?: number;
  /** Stop (DAILY_LIMIT) once `Sforce-Limit-Info` shows more than this share of the daily quota used. */
  quotaStopRatio?: number;
}

const querySchema = z.looseObject({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  // A shape check per record, not a walk over its fields: the mapper parses each one.
  records: z.array(z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a record is not a JSON object')),
});
export type QueryPage = z.infer<typeof querySchema>;

/** One refresh per this interval at most: a session still refused right after a refresh is refused for good. */
const refreshIntervalMs = 60_000;
/** A Retry-After longer than this is the sync's to wait out (it reschedules), not a request's. */
const longestWaitMs = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only file that talks to jsforce. It owns the OAuth session (with a
 * guarded refresh), our per-connection limiter and retries (jsforce's own are
 * switched off: they ignore Retry-After), the API-call count, the daily-quota
 * brake, and the translation of every failure into a `CrmError`.
 */
export class SalesforceClient {
  private readonly conn: Connection;
  private readonly limiter: RequestLimiter;
  private readonly mode: 'password' | 'token';
  private readonly credentials: Record<string, string>;
  private calls = 0;
  private usage: { used: number; limit: number } | null = null;
  private orgDateMs: number | null = null;
  private lastRefreshAt: number | null = null;
  private refreshFailure: CrmError | null = null;

  constructor(config: ConnectionConfig, private readonly options: SalesforceClientOptions = {}) {
    const c = (this.credentials = { ...config.credentials });
    this.mode = c.username && c.password ? 'password' : 'token';
    const loginUrl = (config.loginUrl ?? 'https://login.salesforce.com').replace(/\/+$/, '');
    // A stored access token belongs with the instance it was issued for.
    const instanceUrl = (c.accessToken && c.instanceUrl) || config.instanceUrl || c.instanceUrl || undefined;
    this.conn = connection({
      loginUrl,
      version: config.apiVersion ?? '62.0',
      oauth2: { clientId: c.clientId, clientSecret: c.clientSecret, loginUrl },
      ...(this.mode === 'token' ? { instanceUrl: instanceUrl?.replace(/\/+$/, ''), accessToken: c.accessToken, refreshToken: c.refreshToken } : {}),
      // Our refresh replaces jsforce's, which refreshes and replays forever while a 401 persists.
      refreshFn: (_conn, callback) => {
        this.refresh().then(
          (res) => callback(null, res.access_token, res),
          (error: Error) => callback(error),
        );
      },
    });
    const rps = options.maxRequestsPerSecond;
    // Salesforce allows about 25 long-running requests per org; a sync needs few at once.
    this.limiter = requestLimiter({ maxConcurrent: 4, minTime: rps && Number.isFinite(rps) ? Math.ceil(1000 / rps) : 0 });
  }

  get version(): string {
    return this.conn.version;
  }

  apiCalls(): number {
    return this.calls;
  }

  limitInfo() {
    return this.usage;
  }

  /** Password flow: a fresh session per run. Token flow: the stored token, refreshed first when there is none. */
  async login(): Promise<void> {
    const c = this.credentials;
    if (!c.clientId || !c.clientSecret) throw new CrmError('AUTH_FAILED', 'the Salesforce connection needs the connected app clientId and clientSecret');
    if (this.mode === 'password') {
      // https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_username_password_flow.htm
      this.establish(await this.tokenCall(() => this.conn.oauth2.authenticate(c.username, c.password)));
      return;
    }
    if (!c.refreshToken && !c.accessToken) throw new CrmError('AUTH_FAILED', 'the Salesforce connection needs username + password, or an accessToken / refreshToken');
    if (!this.conn.instanceUrl) throw new CrmError('AUTH_FAILED', 'a token-based Salesforce connection needs its instanceUrl');
    if (!c.accessToken) await this.refresh();
  }

  /** GET a REST path under `/services/data/vXX.X`. */
  async get(path: string, headers: Record<string, string> = {}): Promise<unknown> {
    return this.send(`${this.baseUrl()}${path}`, headers);
  }

  /**
   * One page of a SOQL query; `all` reads soft-deleted rows too (queryAll).
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
   */
  async query(soql: string, { all = false, batchSize }: { all?: boolean; batchSize?: number } = {}): Promise<QueryPage> {
    const body = await this.send(`${this.baseUrl()}/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`, batchHeader(batchSize));
    return this.parsePage(body);
  }

  /** The next page of a query; its locator lives only while the query is being read. */
  async queryMore(nextRecordsUrl: string, batchSize?: number): Promise<QueryPage> {
    const url = nextRecordsUrl.startsWith('/') ? `${this.conn.instanceUrl}${nextRecordsUrl}` : nextRecordsUrl;
    return this.parsePage(await this.send(url, batchHeader(batchSize)));
  }

  /** Every row of a small reference query (stages, currencies, rates). */
  async queryAllRows(soql: string, all = false): Promise<Record<string, unknown>[]> {
    let page = await this.query(soql, { all });
    const rows = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      page = await this.queryMore(page.nextRecordsUrl);
      rows.push(...page.records);
    }
    return rows;
  }

  /** Ends a password-flow session (a token-flow session belongs to whoever stored it). */
  async close(): Promise<void> {
    if (this.mode !== 'password' || !this.conn.accessToken) return;
    this.calls++;
    await this.conn.oauth2.revokeToken(this.conn.accessToken).catch(() => undefined);
    this.conn.accessToken = null as unknown as string;
  }

  private baseUrl(): string {
    return `${this.conn.instanceUrl}/services/data/v${this.conn.version}`;
  }

  private parsePage(body: unknown): QueryPage {
    const page = querySchema.safeParse(body);
    if (!page.success) throw new CrmError('UNEXPECTED_RESPONSE', `Salesforce answered a query with something that is not a query result: ${JSON.stringify(body)?.slice(0, 200)}`);
    return page.data;
  }

  private async send(url: string, headers: Record<string, string>): Promise<unknown> {
    this.checkQuota();
    return this.withRetries(() => this.limiter.schedule(() => this.once(url, headers)));
  }

  private async once(url: string, headers: Record<string, string>): Promise<unknown> {
    // jsforce's transport retries are off (maxRetries 0): ours honour Retry-After and are counted.
    const api = new HttpApi(this.conn, { retry: { maxRetries: 0 }, timeout: this.options.requestTimeoutMs ?? 120_000 });
    let status: number | undefined;
    let responseHeaders: Record<string, string> = {};
    api.on('request', () => {
      this.calls++;
      status = undefined;
    });
    api.on('response', (response: { statusCode: number; headers: Record<string, string> }) => {
      status = response.statusCode;
      responseHeaders = response.headers ?? {};
      this.readLimitInfo(responseHeaders['sforce-limit-info']);
      const date = Date.parse(responseHeaders.date ?? '');
      if (Number.isFinite(date)) this.orgDateMs = date;
    });
    try {
      return await api.request({ method: 'GET', url, headers });
    } catch (error) {
      throw translateError(error, status, responseHeaders, this.refreshFailure);
    }
  }

  /** The org's clock as its last response's `Date` stated it (to the second), null before any. */
  orgNowMs(): number | null {
    return this.orgDateMs;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm */
  private readLimitInfo(header: string | undefined) {
    const m = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
    if (m) this.usage = { used: Number(m[1]), limit: Number(m[2]) };
  }

  private checkQuota() {
    const ratio = this.options.quotaStopRatio ?? 0.9;
    if (this.usage && this.usage.limit > 0 && this.usage.used / this.usage.limit > ratio) {
      throw new CrmError(
        'DAILY_LIMIT',
        `the org has used ${this.usage.used} of its ${this.usage.limit} daily API requests (over ${Math.round(ratio * 100)}%): stopping to leave the rest to its other integrations`,
        { providerCode: 'REQUEST_LIMIT_EXCEEDED' },
      );
    }
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    const base = this.options.retryBaseMs ?? 1000;
    return pRetry(
      async () => {
        try {
          return await attempt();
        } catch (error) {
          const crm = error instanceof CrmError ? error : new CrmError('UNEXPECTED_RESPONSE', (error as Error)?.message ?? String(error));
          if (crm.code !== 'RATE_LIMITED' && crm.code !== 'TEMPORARY') throw new AbortError(crm);
          if ((crm.details.retryAfterMs ?? 0) > longestWaitMs) throw new AbortError(crm);
          throw crm;
        }
      },
      {
        retries: this.options.maxRetries ?? 5,
        minTimeout: 0,
        // The wait happens here so Retry-After can replace the exponential backoff.
        onFailedAttempt: async (error) => {
          if (error.retriesLeft <= 0) return;
          const retryAfter = (error as unknown as CrmError).details?.retryAfterMs;
          const backoff = Math.min(30_000, base * 2 ** (error.attemptNumber - 1)) * (0.75 + Math.random() * 0.5);
          await sleep(retryAfter ?? backoff);
        },
      },
    );
  }

  /** A token endpoint call, retried on 5xx / network errors; refusals are AUTH_FAILED at once. */
  private async tokenCall(call: () => Promise<TokenResponse>): Promise<TokenResponse> {
    return this.withRetries(async () => {
      this.calls++;
      try {
        return await call();
      } catch (error) {
        throw translateOAuthError(error);
      }
    });
  }

  /** The guarded refresh jsforce calls on a 401 (and we call when a token connection has no access token). */
  private async refresh(): Promise<TokenResponse> {
    const now = Date.now();
    if (this.lastRefreshAt !== null && now - this.lastRefreshAt < refreshIntervalMs) {
      this.refreshFailure = new CrmError('AUTH_FAILED', `Salesforce still refuses the session refreshed ${Math.round((now - this.lastRefreshAt) / 1000)} s ago (401): the user, its IP range or the connected app is blocked`, { status: 401 });
      throw this.refreshFailure;
    }
    this.lastRefreshAt = now;
    const c = this.credentials;
    try {
      const res = await this.tokenCall(() => (this.mode === 'password' ? this.conn.oauth2.authenticate(c.username, c.password) : this.conn.oauth2.refreshToken(c.refreshToken)));
      this.refreshFailure = null;
      this.establish(res);
      // Salesforce may rotate the refresh token; jsforce does not keep a rotated one.
      if (res.refresh_token) c.refreshToken = this.conn.refreshToken = res.refresh_token;
      Object.assign(c, { accessToken: res.access_token, instanceUrl: res.instance_url });
      // A token that fails to persist costs one more refresh next run, never this run.
      await Promise.resolve(this.options.onTokenRefresh?.({ ...c })).catch(() => undefined);
      return res;
    } catch (error) {
      this.refreshFailure = error instanceof CrmError ? error : translateOAuthError(error);
      throw this.refreshFailure;
    }
  }

  private establish(res: TokenResponse) {
    this.conn.instanceUrl = res.instance_url.replace(/\/+$/, '');
    this.conn.accessToken = res.access_token;
  }
}

/** jsforce's constructor throws on URLs it will not use (a Lightning domain as instance): a configuration error. */
function connection(config: ConstructorParameters<typeof Connection>[0]): Connection {
  try {
    return new Connection(config);
  } catch (error) {
    throw new CrmError('INVALID_REQUEST', `the Salesforce connection settings are not usable: ${(error as Error).message}`);
  }
}

function batchHeader(batchSize?: number): Record<string, string> {
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
  return batchSize ? { 'Sforce-Query-Options': `batchSize=${Math.min(2000, Math.max(200, batchSize))}` } : {};
}

/**
 * Seconds or an HTTP date (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). A date is
 * read against the response's own `Date`, the org's clock, when it sends one: ours may differ.
 */
function retryAfterMs(header: string | undefined, date?: string): number | undefined {
  if (!header) return undefined;
  const sentAt = date ? Date.parse(date) : NaN;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - (Number.isFinite(sentAt) ? sentAt : Date.now());
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/**
 * A REST failure as our error code. jsforce hands over `HttpApiError`
 * (`errorCode` from Salesforce's `[{message, errorCode}]` body), a node-fetch
 * `FetchError` when no response came, or "Unable to refresh session due to: …".
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
function translateError(error: unknown, status: number | undefined, headers: Record<string, string>, refreshFailure: CrmError | null): CrmError {
  if (error instanceof CrmError) return error;
  const e = (error ?? {}) as { message?: string; errorCode?: string; code?: string };
  const message = e.message ?? String(error);
  // jsforce drops the refresh error's code; ours kept it.
  if (message.startsWith('Unable to refresh session due to:')) return refreshFailure ?? new CrmError('AUTH_FAILED', `the Salesforce session could not be refreshed: ${message}`, { status: 401 });
  const providerCode = e.errorCode;
  const details = { status, providerCode };
  if (status === undefined) return new CrmError('TEMPORARY', `Salesforce could not be reached: ${message}${e.code ? ` (${e.code})` : ''}`);
  const said = `Salesforce answered ${status}${providerCode ? ` ${providerCode}` : ''}: ${message}`;
  if (status === 429) return new CrmError('RATE_LIMITED', said, { ...details, retryAfterMs: retryAfterMs(headers['retry-after'], headers.date) });
  if (status === 401) return new CrmError('AUTH_FAILED', said, details);
  if (status === 403 && providerCode === 'REQUEST_LIMIT_EXCEEDED') {
    // TotalRequests is the daily quota (no retry helps today); ConcurrentPerOrgLongTxn passes.
    return new CrmError(/TotalRequests/i.test(message) ? 'DAILY_LIMIT' : 'RATE_LIMITED', said, details);
  }
  if (status === 403) return new CrmError('AUTH_FAILED', said, details);
  if (providerCode === 'INVALID_QUERY_LOCATOR') return new CrmError('CURSOR_INVALID', said, details);
  if (providerCode === 'QUERY_TIMEOUT' || status === 420 || status >= 500) return new CrmError('TEMPORARY', said, details);
  if (status >= 400) return new CrmError('INVALID_REQUEST', said, details);
  return new CrmError('UNEXPECTED_RESPONSE', said, details);
}

/** jsforce's OAuth errors carry the token endpoint's `error` as their name, or `ERROR_HTTP_<status>` for a non-JSON body. */
function translateOAuthError(error: unknown): CrmError {
  if (error instanceof CrmError) return error;
  const e = (error ?? {}) as { name?: string; message?: string; code?: string };
  if (e.name === 'FetchError' || e.name === 'AbortError') return new CrmError('TEMPORARY', `the Salesforce token endpoint could not be reached: ${e.message}${e.code ? ` (${e.code})` : ''}`);
  const http = /^ERROR_HTTP_(\d+)$/.exec(e.name ?? '');
  const status = http ? Number(http[1]) : 400;
  if (status === 429) return new CrmError('RATE_LIMITED', `the Salesforce token endpoint is rate limiting (429)`, { status });
  if (status >= 500) return new CrmError('TEMPORARY', `the Salesforce token endpoint answered ${status}`, { status });
  if (http) return new CrmError('INVALID_REQUEST', `the Salesforce token endpoint answered ${status}: check the connection's loginUrl`, { status });
  return new CrmError('AUTH_FAILED', `Salesforce refused the login: ${e.message || 'no reason given'} (${e.name ?? 'unknown error'})`, { status, providerCode: e.name });
}
