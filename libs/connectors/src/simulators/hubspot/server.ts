import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, type HubspotFault } from './faults.js';
import * as routes from './routes.js';
import type { HubspotSeed } from './seed.js';
import { HubspotStore } from './store.js';
import { errorReply, fail, HttpError, parseJson, rateLimitReply, readBody, send, type Reply } from './wire.js';

export interface HubspotSimulatorCredentials {
  /** The token the simulator accepts until it expires; any bearer token is accepted when unset. */
  accessToken?: string;
  /** OAuth app and refresh token accepted by `POST /oauth/v1/token`. */
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
}

export interface HubspotSimulatorOptions {
  /** 0 (default): a random free port on 127.0.0.1. */
  port?: number;
  seed: HubspotSeed;
  credentials?: HubspotSimulatorCredentials;
  /** Added to every response. */
  latencyMs?: number;
  /** The portal's clock (epoch ms) for modification stamps, search lag and late commits (default `Date.now`); see `VirtualClock`. */
  clock?: () => number;
  /** Companies per input per page in the v4 association batch read (HubSpot pages too). */
  associationsPageSize?: number;
  /** Requests allowed per day before 429 DAILY. */
  dailyLimit?: number;
}

export interface HubspotSimulatorStats {
  total: number;
  byEndpoint: Record<string, number>;
  /** Every request, oldest first: endpoint key, query string, status, JSON body of POSTs, arrival (epoch ms). */
  log: { endpoint: string; query: string; status: number; body: Record<string, unknown> | null; at: number }[];
}

export interface HubspotSimulator {
  url: string;
  store: HubspotStore;
  inject(fault: HubspotFault): void;
  clearFaults(): void;
  stats(): HubspotSimulatorStats;
  resetStats(): void;
  stop(): Promise<void>;
}

const DAILY_DEFAULT = 250_000;

/**
 * A wire-faithful HubSpot CRM for tests and the demo: the unmodified
 * `@hubspot/api-client` points its `basePath` at `url`.
 */
export async function startHubspotSimulator(options: HubspotSimulatorOptions): Promise<HubspotSimulator> {
  const store = new HubspotStore(options.seed, options.clock);
  const faults = new FaultQueue();
  const credentials = options.credentials ?? {};
  const dailyLimit = options.dailyLimit ?? DAILY_DEFAULT;
  let acceptAnyToken = !credentials.accessToken;
  const validTokens = new Set(credentials.accessToken ? [credentials.accessToken] : []);
  const expiredTokens = new Set<string>();
  /** Set when tokens expire while any token was accepted: every token not issued since is expired. */
  let expiredAll = false;
  let stats: HubspotSimulatorStats = { total: 0, byEndpoint: {}, log: [] };
  let dailyUsed = 0;
  let origin = '';

  const rateHeaders = (): Record<string, string> => ({
    // The portal's own clock, as every HTTP response states it (RFC 9110 §6.6.1).
    Date: new Date(store.now()).toUTCString(),
    'X-HubSpot-RateLimit-Daily': String(dailyLimit),
    'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, dailyLimit - dailyUsed)),
    'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
    'X-HubSpot-RateLimit-Max': '190',
    'X-HubSpot-RateLimit-Remaining': '189',
    'X-HubSpot-RateLimit-Secondly': '19',
    'X-HubSpot-RateLimit-Secondly-Remaining': '18',
  });

  const authorize = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token && (validTokens.has(token) || acceptAnyToken)) return;
    if (token && (expiredTokens.has(token) || expiredAll)) {
      // https://developers.hubspot.com/docs/api/oauth/tokens: access tokens live 30 minutes.
      fail(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired 0 day(s) ago.', {
        context: { expiresAt: [new Date(0).toISOString()] },
      });
    }
    fail(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
  };

  /** `POST /oauth/v1/token`, refresh grant: a new access token valid 30 minutes. */
  const token = (form: URLSearchParams): Reply => {
    const bad = (status: string, message: string): Reply => ({ status: 400, body: { status, message, correlationId: randomBytes(8).toString('hex') } });
    if (form.get('grant_type') !== 'refresh_token') return bad('BAD_GRANT_TYPE', 'grant_type must be refresh_token');
    if (form.get('client_id') !== credentials.clientId || form.get('client_secret') !== credentials.clientSecret) {
      return bad('BAD_CLIENT_ID', 'missing or invalid client_id / client_secret');
    }
    if (!credentials.refreshToken || form.get('refresh_token') !== credentials.refreshToken) {
      return bad('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    }
    const accessToken = `CJS${randomBytes(24).toString('base64url')}`;
    validTokens.add(accessToken);
    return { status: 200, body: { token_type: 'bearer', refresh_token: credentials.refreshToken, access_token: accessToken, expires_in: 1800 } };
  };

  const route = async (req: IncomingMessage, url: URL, text: string): Promise<{ endpoint: string; reply: () => Reply }> => {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const ctx = (): routes.RouteContext => ({
      store,
      origin,
      query: url.searchParams,
      body: method === 'POST' ? parseJson(text) : {},
      associationsPageSize: options.associationsPageSize ?? 500,
    });
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/oauth/v1/token') return { endpoint: 'POST /oauth/v1/token', reply: () => token(new URLSearchParams(text)) };
    if (method === 'GET' && path === '/account-info/v3/details') return { endpoint: `GET ${path}`, reply: () => routes.accountInfo(ctx()) };
    if (method === 'GET' && path === '/crm/v3/pipelines/deals') return { endpoint: `GET ${path}`, reply: () => routes.pipelines(ctx()) };
    if (method === 'POST' && path === '/crm/v4/associations/deals/companies/batch/read') {
      return { endpoint: `POST ${path}`, reply: () => routes.batchReadAssociations(ctx()) };
    }
    if (method === 'GET' && (m = /^\/crm\/v3\/properties\/([^/]+)$/.exec(path))) {
      const type = routes.objectType(m[1]);
      if (type) return { endpoint: `GET /crm/v3/properties/${type}`, reply: () => routes.properties(ctx(), type) };
    }
    if ((m = /^\/crm\/v3\/objects\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path))) {
      const type = routes.objectType(m[1]);
      const [, , second, third] = m;
      const base = `/crm/v3/objects/${type}`;
      if (type && method === 'GET' && !second) return { endpoint: `GET ${base}`, reply: () => routes.listObjects(ctx(), type) };
      if (type && method === 'POST' && second === 'search' && !third) return { endpoint: `POST ${base}/search`, reply: () => routes.searchObjects(ctx(), type) };
      if (type && method === 'POST' && second === 'batch' && third === 'read') return { endpoint: `POST ${base}/batch/read`, reply: () => routes.batchRead(ctx(), type) };
      if (type && method === 'GET' && second && !third) return { endpoint: `GET ${base}/{id}`, reply: () => routes.getObject(ctx(), type, second) };
    }
    return { endpoint: `${method} ${path}`, reply: () => errorReply(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}`) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrivedAt = Date.now();
    const url = new URL(req.url ?? '/', origin);
    const text = await readBody(req);
    // Late edits whose commit time has come are visible from this request on.
    store.settle();
    const { endpoint, reply } = await route(req, url, text);
    const fault = faults.take(endpoint);
    let outcome: Reply;
    try {
      if (dailyUsed >= dailyLimit && !endpoint.includes('/oauth/')) outcome = rateLimitReply('DAILY');
      else if (fault.reply) outcome = fault.reply;
      else {
        if (endpoint !== 'POST /oauth/v1/token') authorize(req);
        outcome = reply();
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      outcome = error.reply;
    }
    stats.total++;
    dailyUsed++;
    stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
    stats.log.push({ endpoint, query: url.search, status: outcome.status, body: logBody(endpoint, req.method, text), at: arrivedAt });
    const delay = (options.latencyMs ?? 0) + fault.delayMs;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    send(res, { ...outcome, omitContentType: fault.omitContentType }, rateHeaders());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, errorReply(500, 'INTERNAL_ERROR', `simulator error: ${(error as Error)?.message ?? String(error)}`), rateHeaders());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    store,
    inject(fault) {
      if (fault.kind === 'expireToken') {
        expiredAll ||= acceptAnyToken;
        acceptAnyToken = false;
        for (const t of validTokens) expiredTokens.add(t);
        validTokens.clear();
      } else if (fault.kind === 'dailyLimitExhausted') faults.dailyLimitExhausted();
      else faults.add(fault);
    },
    clearFaults: () => faults.clear(),
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = { total: 0, byEndpoint: {}, log: [] };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** POST bodies as sent; of a token request only the grant and client id (the secrets stay out). */
function logBody(endpoint: string, method: string | undefined, text: string): Record<string, unknown> | null {
  if (method !== 'POST') return null;
  if (endpoint.includes('/oauth/')) {
    const form = new URLSearchParams(text);
    return { grant_type: form.get('grant_type'), client_id: form.get('client_id') };
  }
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
