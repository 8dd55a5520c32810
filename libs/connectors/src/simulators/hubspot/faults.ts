import { errorReply, rateLimitReply, type RateLimitPolicy, type Reply } from './wire.js';

/**
 * Faults a test injects into the simulator. Each applies to the next `times`
 * requests (default 1) whose endpoint key (`POST /crm/v3/objects/deals/search`)
 * contains `match` (default: every endpoint but the OAuth token one).
 */
export type HubspotFault =
  | { kind: 'rateLimit'; policy: RateLimitPolicy; retryAfterSeconds?: number; times?: number; match?: string }
  | { kind: 'serverError'; status?: 500 | 502 | 503 | 504; times?: number; match?: string }
  | { kind: 'slow'; delayMs: number; times?: number; match?: string }
  /** The next `times` responses lack `Content-Type` (the SDK cannot parse them). */
  | { kind: 'noContentType'; times?: number; match?: string }
  /** Every access token issued so far expires: 401 EXPIRED_AUTHENTICATION until refreshed. */
  | { kind: 'expireToken' }
  /** The daily quota is used up: 429 DAILY on every request until `clearFaults()`. */
  | { kind: 'dailyLimitExhausted' };

interface Pending {
  fault: Exclude<HubspotFault, { kind: 'expireToken' } | { kind: 'dailyLimitExhausted' }>;
  left: number;
}

export interface FaultOutcome {
  reply?: Reply;
  delayMs: number;
  omitContentType: boolean;
}

export class FaultQueue {
  private pending: Pending[] = [];

  add(fault: Pending['fault']): void {
    this.pending.push({ fault, left: fault.times ?? 1 });
  }

  dailyLimitExhausted(): void {
    this.add({ kind: 'rateLimit', policy: 'DAILY', times: Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.pending = [];
  }

  /** Consumes the faults that apply to this request. */
  take(endpoint: string): FaultOutcome {
    const outcome: FaultOutcome = { delayMs: 0, omitContentType: false };
    for (const p of this.pending) {
      const match = p.fault.match;
      if (p.left <= 0 || (match ? !endpoint.includes(match) : endpoint.includes('/oauth/'))) continue;
      if (p.fault.kind === 'slow') {
        p.left--;
        outcome.delayMs += p.fault.delayMs;
        continue;
      }
      if (p.fault.kind === 'noContentType') {
        p.left--;
        outcome.omitContentType = true;
        continue;
      }
      if (outcome.reply) continue;
      p.left--;
      outcome.reply =
        p.fault.kind === 'rateLimit'
          ? rateLimitReply(p.fault.policy, p.fault.retryAfterSeconds)
          : errorReply(p.fault.status ?? 500, 'INTERNAL_ERROR', 'internal error');
    }
    this.pending = this.pending.filter((p) => p.left > 0);
    return outcome;
  }
}
