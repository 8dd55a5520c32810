/** Which requests a transient fault hits: the REST data API, the OAuth token endpoint, or both. */
export type FaultTarget = 'data' | 'token' | 'any';

interface Transient {
  /** How many matching requests fail (default 1). */
  times?: number;
  on?: FaultTarget;
  /** Only requests whose path contains this text. */
  match?: string;
}

/**
 * Faults a test injects between or during syncs. Transient ones hit the next
 * `times` matching requests; the others change the org's state until cleared.
 */
export type SalesforceFault =
  | ({ kind: 'rateLimit'; retryAfterSeconds?: number } & Transient)
  | ({ kind: 'serverError'; status?: 500 | 502 | 503 | 504 } & Transient)
  | ({ kind: 'slow'; ms: number } & Transient)
  /** The socket is destroyed before any response: the client sees ECONNRESET. */
  | ({ kind: 'connectionReset' } & Transient)
  /** Every access token issued so far stops working (401) until a token call issues a new one. */
  | { kind: 'expireSessions' }
  /** Every data request gets 401, even with a fresh token (a frozen user, an IP restriction). */
  | { kind: 'rejectSessions' }
  /** The refresh_token grant answers 400 invalid_grant. */
  | { kind: 'revokeRefreshTokens' }
  /** The password grant answers 400 invalid_grant. */
  | { kind: 'rejectPasswordLogins' }
  /** Sets the org's API usage for the day; at the limit every data request gets 403 REQUEST_LIMIT_EXCEEDED. */
  | { kind: 'apiUsage'; used: number }
  | { kind: 'dailyLimitExhausted' }
  /** Open query cursors vanish: the next `query/{locator}` gets 400 INVALID_QUERY_LOCATOR. */
  | { kind: 'expireQueryLocators' }
  /** Removes every fault and restores sessions, logins and refresh tokens. */
  | { kind: 'clear' };

export type TransientFault = Extract<SalesforceFault, { kind: 'rateLimit' | 'serverError' | 'slow' | 'connectionReset' }>;

export class FaultQueue {
  private transient: { fault: TransientFault; left: number }[] = [];

  add(fault: TransientFault) {
    this.transient.push({ fault, left: fault.times ?? 1 });
  }

  clear() {
    this.transient = [];
  }

  /** The next fault for this request, consumed. */
  take(target: 'data' | 'token', path: string): TransientFault | undefined {
    const entry = this.transient.find(({ fault }) => {
      const on = fault.on ?? 'data';
      return (on === 'any' || on === target) && (!fault.match || path.includes(fault.match));
    });
    if (!entry) return undefined;
    if (--entry.left <= 0) this.transient.splice(this.transient.indexOf(entry), 1);
    return entry.fault;
  }
}
