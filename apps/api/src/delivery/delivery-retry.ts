/** After this many failed attempts a delivery is `failed`: kept and listed, no longer retried. */
export const maxDeliveryAttempts = 10;

const firstRetryMs = 60_000;
const longestRetryMs = 3_600_000;

/**
 * How long to wait after the n-th failed attempt: one minute, doubling, at
 * most an hour (1, 2, 4, 8, 16, 32, 60, 60, … minutes), so a receiver that
 * is down for an afternoon still gets the message once it is back.
 */
export function retryDelayMs(failedAttempts: number): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new RangeError(`expected a count of failed attempts ≥ 1, got ${failedAttempts}`);
  return Math.min(longestRetryMs, firstRetryMs * 2 ** Math.min(failedAttempts - 1, 20));
}

/** An error as it may be stored and shown: every secret it might quote replaced. */
export function redactedError(error: unknown, secrets: readonly (string | null | undefined)[]): string {
  let message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.message && !message.includes(cause.message)) message += `: ${cause.message}`;
  for (const secret of secrets) {
    // Longest first, so a URL is replaced whole before its path alone would be.
    if (secret && secret.length >= 4) message = message.split(secret).join('[redacted]');
  }
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}
