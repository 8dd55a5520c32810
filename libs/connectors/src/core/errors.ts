/**
 * Every provider error becomes one of these codes, in the provider's
 * `client.ts` only. The sync engine decides what each means for the run
 * (retry later, back off, re-authenticate, stop) in one place.
 */
export type CrmErrorCode =
  /** Per-second/ten-second limit; retried inside the client, surfaced only when retries run out. */
  | 'RATE_LIMITED'
  /** Daily API quota exhausted: stop the run, keep what was written. */
  | 'DAILY_LIMIT'
  /** Credentials rejected or the session could not be refreshed. */
  | 'AUTH_FAILED'
  /** 5xx, timeouts, connection resets that outlived the client's retries. */
  | 'TEMPORARY'
  /** The stored cursor is no longer valid (expired locator...): restart from the last checkpoint. */
  | 'CURSOR_INVALID'
  /** The CRM refused the request as malformed (bad field in the mapping...): a configuration problem. */
  | 'INVALID_REQUEST'
  /** A response that does not have the documented shape: API drift. */
  | 'UNEXPECTED_RESPONSE';

export class CrmError extends Error {
  override readonly name = 'CrmError';
  constructor(
    readonly code: CrmErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; providerCode?: string } = {},
  ) {
    super(message);
  }
}

export const isCrmError = (error: unknown): error is CrmError => error instanceof CrmError;
