import type {
  AlertView,
  ArtifactRevisionView,
  ArtifactView,
  AskDetailView,
  AskView,
  CreateAskInput,
  CreateArtifactInput,
  DealGroupsQuery,
  DealGroupsView,
  DecisionView,
  ExportFormat,
  GroupOverrideInput,
  GroupOverrideView,
  ListAsksQuery,
  MeetingView,
  MotionView,
  PacketSummaryView,
  PacketView,
  PartnershipSummary,
  PartnershipView,
  QuarantinedRecordView,
  QuarterMetrics,
  SideKey,
  SyncRunView,
  SyncStatusView,
  TrendPoint,
  UpdateArtifactInput,
  UpdateAskInput,
} from '@alignboard/contracts';
import type { createDecisionSchema } from '@alignboard/contracts';
import type { z } from 'zod';

/** What every API error answers with (apps/api/src/common/domain-exception.filter.ts). */
interface ErrorBody {
  statusCode?: number;
  message?: string;
  requestId?: string;
  issues?: { field: string; message: string }[];
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body: ErrorBody | null,
  ) {
    super(message);
  }

  get requestId(): string | undefined {
    return this.body?.requestId;
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  token: string;
  fetch?: FetchLike;
  /** Called once per refused token (401): the app goes back to the login with a message. */
  onUnauthorized?: (message: string) => void;
}

/** How long a prefetched answer may stand for a fresh request (an elapsed time: `performance.now()`, not a clock). */
const PREFETCH_FRESH_MS = 10_000;

type Query = Record<string, string | number | boolean | undefined | null>;

/** `?a=1&b=x`, leaving out what is not set; keys in the order given. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Typed calls of the REST API, one per route the dashboard uses; types come from the contracts. */
export function createApiClient(options: ApiClientOptions) {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const auth = { authorization: `Bearer ${options.token}` };

  const inFlight = new Map<string, Promise<unknown>>();
  /** Answers asked for ahead of the page that shows them: used once, and only while fresh. */
  const prefetched = new Map<string, { answer: Promise<unknown>; at: number }>();

  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(`/api${path}`, {
        method,
        headers:
          body === undefined ? { ...auth, accept: 'application/json' } : { ...auth, accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'No answer from the server: check that Alignboard is running, then try again.', null);
    }
    if (response.ok) return response;
    const errorBody = (await response.json().catch(() => null)) as ErrorBody | null;
    const message = describeError(response.status, errorBody);
    if (response.status === 401) options.onUnauthorized?.(message);
    throw new ApiError(response.status, message, errorBody);
  }

  async function json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    // A read that started before a write must not answer a read made after it.
    if (method !== 'GET') {
      inFlight.clear();
      prefetched.clear();
    }
    const response = await send(method, path, body, signal);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /**
   * Identical GETs in flight share one request (the shell asks for the quarter's figures before
   * the page that shows them has mounted). Each caller's signal still ends its own wait.
   */
  function get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const early = prefetched.get(path);
    prefetched.delete(path);
    if (early && performance.now() - early.at < PREFETCH_FRESH_MS) return signal ? untilAborted(early.answer as Promise<T>, signal) : (early.answer as Promise<T>);
    let shared = inFlight.get(path) as Promise<T> | undefined;
    if (!shared) {
      shared = json<T>('GET', path).finally(() => inFlight.delete(path));
      inFlight.set(path, shared);
    }
    return signal ? untilAborted(shared, signal) : shared;
  }
  const p = (key: string) => `/partnerships/${encodeURIComponent(key)}`;

  /** 404 means "none yet" for the one-pager: a state the page shows, not an error. */
  async function orNull<T>(call: Promise<T>): Promise<T | null> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  return {
    /** Asks for the quarter's figures now; the next `metrics` call for the same view gets this answer. */
    prefetchMetrics: (key: string, quarter: string, asOf?: string) => {
      const path = `${p(key)}/metrics${queryString({ quarter, asOf })}`;
      const answer = get<QuarterMetrics>(path);
      answer.catch(() => undefined);
      prefetched.set(path, { answer, at: performance.now() });
    },
    partnerships: (signal?: AbortSignal) => get<PartnershipSummary[]>('/partnerships', signal),
    partnership: (key: string, signal?: AbortSignal) => get<PartnershipView>(p(key), signal),

    metrics: (key: string, quarter: string, asOf?: string, signal?: AbortSignal) =>
      get<QuarterMetrics>(`${p(key)}/metrics${queryString({ quarter, asOf })}`, signal),
    trend: (key: string, from: string, to: string, asOf?: string, signal?: AbortSignal) =>
      get<TrendPoint[]>(`${p(key)}/metrics/trend${queryString({ from, to, asOf })}`, signal),
    groups: (key: string, query: DealGroupsQuery, signal?: AbortSignal) =>
      get<DealGroupsView>(`${p(key)}/groups${queryString({ ...query })}`, signal),
    overrides: (key: string, signal?: AbortSignal) => get<GroupOverrideView[]>(`${p(key)}/groups/overrides`, signal),
    createOverride: (key: string, input: GroupOverrideInput) =>
      json<GroupOverrideView>('POST', `${p(key)}/groups/overrides`, input),
    deleteOverride: (key: string, id: string) => json<void>('DELETE', `${p(key)}/groups/overrides/${encodeURIComponent(id)}`),

    motions: (key: string, signal?: AbortSignal) => get<MotionView[]>(`${p(key)}/motions`, signal),

    asks: (key: string, query: ListAsksQuery = {}, signal?: AbortSignal) =>
      get<AskView[]>(`${p(key)}/asks${queryString({ ...query })}`, signal),
    createAsk: (key: string, input: CreateAskInput) => json<AskDetailView>('POST', `${p(key)}/asks`, input),
    updateAsk: (key: string, id: string, input: UpdateAskInput) =>
      json<AskDetailView>('PATCH', `${p(key)}/asks/${encodeURIComponent(id)}`, input),
    decisions: (key: string, signal?: AbortSignal) => get<DecisionView[]>(`${p(key)}/decisions`, signal),
    /** The request as sent (the schema's input: `effect` may be left out). */
    createDecision: (key: string, input: z.input<typeof createDecisionSchema>) => json<DecisionView>('POST', `${p(key)}/decisions`, input),
    meetings: (key: string, signal?: AbortSignal) => get<MeetingView[]>(`${p(key)}/meetings`, signal),

    packets: (key: string, signal?: AbortSignal) => get<PacketSummaryView[]>(`${p(key)}/packets`, signal),
    packetHtml: async (key: string, meetingId: string, version?: number, signal?: AbortSignal) =>
      (await send('GET', `${p(key)}/meetings/${meetingId}/packet.html${queryString({ version })}`, undefined, signal)).text(),
    packetPdfPath: (key: string, meetingId: string, version?: number) =>
      `/api${p(key)}/meetings/${meetingId}/packet.pdf${queryString({ version })}`,
    generatePacket: (key: string, meetingId: string) => json<PacketView>('POST', `${p(key)}/meetings/${meetingId}/packet`, {}),

    artifact: (key: string, quarter: string, signal?: AbortSignal) => orNull(get<ArtifactView>(`${p(key)}/artifacts/${quarter}`, signal)),
    createArtifact: (key: string, quarter: string, input: CreateArtifactInput) =>
      json<ArtifactView>('POST', `${p(key)}/artifacts/${quarter}`, input),
    updateArtifact: (key: string, quarter: string, input: UpdateArtifactInput) =>
      json<ArtifactView>('PUT', `${p(key)}/artifacts/${quarter}`, input),
    artifactRevision: (key: string, quarter: string, revision: number, signal?: AbortSignal) =>
      get<ArtifactRevisionView>(`${p(key)}/artifacts/${quarter}/revisions/${revision}`, signal),
    confirmArtifact: (key: string, quarter: string, revision: number) =>
      json<ArtifactView>('POST', `${p(key)}/artifacts/${quarter}/confirm`, { revision }),
    sendArtifact: (key: string, quarter: string, revision: number) =>
      json<ArtifactView>('POST', `${p(key)}/artifacts/${quarter}/send`, { revision }),

    alerts: (key: string, open?: boolean, signal?: AbortSignal) => get<AlertView[]>(`${p(key)}/alerts${queryString({ open })}`, signal),

    syncStatus: (key: string, signal?: AbortSignal) => get<SyncStatusView>(`${p(key)}/sync`, signal),
    syncRuns: (key: string, limit = 20, signal?: AbortSignal) => get<SyncRunView[]>(`${p(key)}/sync/runs${queryString({ limit })}`, signal),
    quarantine: (key: string, limit = 100, signal?: AbortSignal) =>
      get<QuarantinedRecordView[]>(`${p(key)}/sync/quarantine${queryString({ limit })}`, signal),
    /** Starts a sync (or, with `reconcile`, a reconciliation) of one side or both; it runs in the background. */
    startSync: (key: string, side?: SideKey, options: { reconcile?: boolean } = {}) =>
      json<{ kind: 'sync' | 'reconcile'; started: { side: SideKey; connectionId: string }[] }>('POST', `${p(key)}/sync`, {
        ...(side ? { side } : {}),
        ...(options.reconcile ? { reconcile: true } : {}),
      }),

    boardPackPath: (key: string, format: ExportFormat, from: string, to: string, asOf?: string) =>
      `/api${p(key)}/exports/board-pack.${format}${queryString({ from, to, asOf })}`,

    /** A file behind the token (PDF, XLSX…): links cannot send the header, so the page fetches it. */
    download: async (apiPath: string): Promise<{ blob: Blob; fileName: string | null }> => {
      const response = await send('GET', apiPath.replace(/^\/api/, ''));
      return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) };
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DOMException('The request was aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new DOMException('The request was aborted', 'AbortError'));
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The sentence the page shows: the API's own message, with what to do for the common cases. */
export function describeError(status: number, body: ErrorBody | null): string {
  const said = body?.message?.trim();
  switch (status) {
    case 401:
      return 'Your token was refused (unknown, revoked or expired). Sign in again with a valid token.';
    case 403:
      return said ? `Not allowed: ${said}` : 'Your token may not do this (viewer tokens are read-only).';
    case 404:
      return said ? `${said}.`.replace(/\.\.$/, '.') : 'Not found.';
    case 409:
      return said ? `${said}`.replace(/([^.])$/, '$1.') : 'Someone changed this at the same time; reload and try again.';
    default:
      if (status >= 500) return `The server failed (HTTP ${status})${body?.requestId ? `, request ${body.requestId}` : ''}. Try again; if it persists, check the server log.`;
      if (said) return said.replace(/([^.])$/, '$1.');
      return `Unexpected answer (HTTP ${status}).`;
  }
}

/** `attachment; filename="x.pdf"` → `x.pdf` */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1]) : null;
}
