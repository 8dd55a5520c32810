import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, type SalesforceFault } from './faults.js';
import { runQuery } from './query-engine.js';
import { describeJson } from './schema.js';
import type { SalesforceSeed, SfRecord } from './seed.js';
import { parseSoql, SoqlError } from './soql.js';
import { SalesforceStore } from './store.js';

export interface SalesforceSimulatorCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface SalesforceSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed: SalesforceSeed;
  credentials?: Partial<SalesforceSimulatorCredentials>;
  /** Added to every response. */
  latencyMs?: number;
  /** The org's clock, used for `SystemModstamp` on writes. */
  clock?: () => Date;
  /** The org's daily API request limit (Enterprise Edition orgs start at 15,000 plus per-licence extras). */
  dailyLimit?: number;
}

export interface SalesforceSimulatorStats {
  /** Requests by endpoint: token, revoke, describe, query, queryAll, queryMore, limits, notFound. */
  requests: Record<string, number>;
  /** Token calls by grant type, successful or not. */
  tokenGrants: Record<string, number>;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  apiUsage: number;
}

export interface SalesforceSimulator {
  /** The origin: both `loginUrl` and the `instance_url` the token endpoint returns. */
  url: string;
  credentials: SalesforceSimulatorCredentials;
  store: SalesforceStore;
  inject(fault: SalesforceFault): void;
  stats(): SalesforceSimulatorStats;
  /** An access and refresh token pair, as the web-server OAuth flow would have handed out. */
  issueTokens(): { accessToken: string; refreshToken: string };
  stop(): Promise<void>;
}

const json = 'application/json;charset=UTF-8';
const apiVersions = { min: 20, max: 62 };
const userId = '005xx000001Sv6AAAS';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The endpoint a request is counted under in `stats().requests`. */
function routeOf(method: string, path: string): string {
  if (method === 'POST' && path === '/services/oauth2/token') return 'token';
  if (method === 'POST' && path === '/services/oauth2/revoke') return 'revoke';
  const rest = /^\/services\/data\/v\d+\.\d(\/.*)$/.exec(path)?.[1] ?? '';
  if (/^\/sobjects\/[A-Za-z0-9_]+\/describe\/?$/.test(rest)) return 'describe';
  if (/^\/(query|queryAll)\/?$/.test(rest)) return rest.replace(/\//g, '');
  if (/^\/(query|queryAll)\/[A-Za-z0-9]+-\d+$/.test(rest)) return 'queryMore';
  if (/^\/limits\/?$/.test(rest)) return 'limits';
  return 'notFound';
}

/**
 * A wire-faithful Salesforce org on one origin (REST + OAuth), for the
 * unmodified jsforce client. See the reference's endpoint checklist (§6).
 */
export async function startSalesforceSimulator(options: SalesforceSimulatorOptions): Promise<SalesforceSimulator> {
  const credentials: SalesforceSimulatorCredentials = {
    clientId: 'sim-client-id',
    clientSecret: 'sim-client-secret',
    username: 'integration@alignboard.example',
    password: 'sim-password',
    // A caller's unset value keeps the default rather than erasing it.
    ...Object.fromEntries(Object.entries(options.credentials ?? {}).filter(([, v]) => v !== undefined && v !== '')),
  };
  const store = new SalesforceStore(options.seed, options.clock);
  const dailyLimit = options.dailyLimit ?? 15_000;
  const faults = new FaultQueue();
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const flags = { rejectSessions: false, refreshRevoked: false, loginsRejected: false };
  const locators = new Map<string, { records: SfRecord[]; totalSize: number }>();
  const stats: SalesforceSimulatorStats = { requests: {}, tokenGrants: {}, statuses: {}, apiUsage: 0 };
  const bump = (bag: Record<string, number>, key: string) => (bag[key] = (bag[key] ?? 0) + 1);
  let origin = '';
  let locatorCounter = 0;

  const newAccessToken = () => {
    const token = `${store.orgId.slice(0, 15)}!AR${randomBytes(24).toString('base64url')}`;
    accessTokens.add(token);
    return token;
  };
  const tokenResponse = (accessToken: string) => ({
    access_token: accessToken,
    instance_url: origin,
    id: `${origin}/id/${store.orgId}/${userId}`,
    token_type: 'Bearer',
    issued_at: String(store.now().getTime()),
    signature: randomBytes(32).toString('base64'),
    scope: 'api refresh_token',
  });

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    bump(stats.statuses, String(status));
    // The org's own clock, as every HTTP response states it (RFC 9110 §6.6.1).
    res.writeHead(status, { 'Content-Type': json, Date: store.now().toUTCString(), ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }
  const limitInfo = () => ({ 'Sforce-Limit-Info': `api-usage=${stats.apiUsage}/${dailyLimit}` });
  // REST errors are a JSON array, even for one error.
  const sendError = (res: ServerResponse, status: number, errorCode: string, message: string, headers: Record<string, string> = {}) =>
    send(res, status, [{ message, errorCode }], { ...limitInfo(), ...headers });

  function page(res: ServerResponse, version: string, records: SfRecord[], totalSize: number, offset: number, batchSize: number, locator?: string) {
    const slice = records.slice(offset, offset + batchSize);
    const done = offset + slice.length >= records.length;
    const body: SfRecord = { totalSize, done, records: slice };
    if (done) {
      if (locator) locators.delete(locator);
    } else {
      const id = locator ?? `01gxx0000${String(++locatorCounter).padStart(6, '0')}AAA`;
      locators.set(id, { records, totalSize });
      body.nextRecordsUrl = `/services/data/v${version}/query/${id}-${offset + slice.length}`;
    }
    send(res, 200, body, limitInfo());
  }

  function handleToken(res: ServerResponse, body: string) {
    const form = new URLSearchParams(body);
    const grant = form.get('grant_type') ?? '';
    bump(stats.tokenGrants, grant);
    const fail = (error: string, description: string) => send(res, 400, { error, error_description: description });
    if (form.get('client_id') !== credentials.clientId) return fail('invalid_client_id', 'client identifier invalid');
    if (form.get('client_secret') !== credentials.clientSecret) return fail('invalid_client', 'invalid client credentials');
    if (grant === 'password') {
      const ok = !flags.loginsRejected && form.get('username') === credentials.username && form.get('password') === credentials.password;
      // The password flow never returns a refresh token.
      return ok ? send(res, 200, tokenResponse(newAccessToken())) : fail('invalid_grant', 'authentication failure');
    }
    if (grant === 'refresh_token') {
      const ok = !flags.refreshRevoked && refreshTokens.has(form.get('refresh_token') ?? '');
      return ok ? send(res, 200, tokenResponse(newAccessToken())) : fail('invalid_grant', 'expired access/refresh token');
    }
    return fail('unsupported_grant_type', 'grant type not supported');
  }

  function handleData(req: IncomingMessage, res: ServerResponse, url: URL, version: string, rest: string) {
    const describe = /^\/sobjects\/([A-Za-z0-9_]+)\/describe\/?$/.exec(rest);
    const query = /^\/(query|queryAll)\/?$/.exec(rest);
    const more = /^\/(?:query|queryAll)\/([A-Za-z0-9]+)-(\d+)$/.exec(rest);
    const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (flags.rejectSessions || !auth || !accessTokens.has(auth[1])) return sendError(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (stats.apiUsage >= dailyLimit) return sendError(res, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    stats.apiUsage++;
    // Late writes whose commit time has come are visible from this request on.
    store.settle();

    if (describe) {
      const object = store.schema.get(describe[1].toLowerCase());
      if (!object) return sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
      return send(res, 200, describeJson(object, version), limitInfo());
    }
    if (/^\/limits\/?$/.test(rest)) {
      return send(res, 200, { DailyApiRequests: { Max: dailyLimit, Remaining: Math.max(0, dailyLimit - stats.apiUsage) } }, limitInfo());
    }
    const batchSize = Math.min(2000, Math.max(200, Number(/batchSize=(\d+)/i.exec(String(req.headers['sforce-query-options'] ?? ''))?.[1] ?? 2000)));
    if (query) {
      const q = url.searchParams.get('q');
      if (!q) return sendError(res, 400, 'MALFORMED_QUERY', 'A query string has to be specified');
      try {
        const result = runQuery(store, parseSoql(q), { includeDeleted: query[1] === 'queryAll', version });
        return page(res, version, result.records, result.totalSize, 0, batchSize);
      } catch (error) {
        if (error instanceof SoqlError) return sendError(res, 400, error.errorCode, error.message);
        throw error;
      }
    }
    if (more) {
      const cursor = locators.get(more[1]);
      if (!cursor) return sendError(res, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return page(res, version, cursor.records, cursor.totalSize, Number(more[2]), batchSize, more[1]);
    }
    return sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const isToken = req.method === 'POST' && url.pathname === '/services/oauth2/token';
    const data = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(url.pathname);
    bump(stats.requests, routeOf(req.method ?? 'GET', url.pathname));
    if (options.latencyMs) await sleep(options.latencyMs);

    const fault = isToken || data ? faults.take(isToken ? 'token' : 'data', url.pathname) : undefined;
    if (fault?.kind === 'slow') await sleep(fault.ms);
    if (fault?.kind === 'connectionReset') return void req.socket.destroy();
    if (fault?.kind === 'rateLimit' || fault?.kind === 'serverError') {
      const status = fault.kind === 'rateLimit' ? 429 : (fault.status ?? 503);
      const retryAfter: Record<string, string> = fault.kind === 'rateLimit' && fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      if (isToken) {
        // The login service's edge answers these with a page, not OAuth JSON.
        bump(stats.statuses, String(status));
        res.writeHead(status, { 'Content-Type': 'text/html;charset=UTF-8', ...retryAfter });
        return void res.end(`<html><body>${status === 429 ? 'Too many requests' : 'Service unavailable'}</body></html>`);
      }
      if (fault.kind === 'rateLimit') return sendError(res, 429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests: retry later', retryAfter);
      return sendError(res, status, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.');
    }

    if (isToken) return handleToken(res, body);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/revoke') {
      const token = new URLSearchParams(body).get('token') ?? url.searchParams.get('token') ?? '';
      accessTokens.delete(token);
      refreshTokens.delete(token);
      return send(res, 200, undefined);
    }
    const version = Number(data?.[1]);
    if (!data || req.method !== 'GET' || version < apiVersions.min || version > apiVersions.max) {
      return sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    handleData(req, res, url, data[1], data[2] ?? '/');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    credentials,
    store,
    inject(fault) {
      switch (fault.kind) {
        case 'expireSessions':
          return accessTokens.clear();
        case 'rejectSessions':
          return void (flags.rejectSessions = true);
        case 'revokeRefreshTokens':
          return void (flags.refreshRevoked = true);
        case 'rejectPasswordLogins':
          return void (flags.loginsRejected = true);
        case 'apiUsage':
          return void (stats.apiUsage = fault.used);
        case 'dailyLimitExhausted':
          return void (stats.apiUsage = dailyLimit);
        case 'expireQueryLocators':
          return locators.clear();
        case 'clear':
          faults.clear();
          return void Object.assign(flags, { rejectSessions: false, refreshRevoked: false, loginsRejected: false });
        default:
          return faults.add(fault);
      }
    },
    stats: () => structuredClone(stats),
    issueTokens() {
      const refreshToken = `5Aep861${randomBytes(30).toString('base64url')}`;
      refreshTokens.add(refreshToken);
      return { accessToken: newAccessToken(), refreshToken };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
