import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * HubSpot's wire conventions shared by every route: the JSON content type the
 * SDK insists on, the rate-limit headers, and the error bodies.
 * https://developers.hubspot.com/docs/api/usage-details
 */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Fault injection: leave `Content-Type` out. */
  omitContentType?: boolean;
}

export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** `{status, message, correlationId, category}`, the body of every HubSpot error. */
export function errorReply(status: number, category: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

export const fail = (status: number, category: string, message: string, extra?: Record<string, unknown>): never => {
  throw new HttpError(errorReply(status, category, message, extra));
};

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const policyMessages: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  // The SDK's RetryDecorator matches this exact sentence for search.
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

/** The 429 body as HubSpot sends it: no `category`, an `errorType` and the policy's name. */
export function rateLimitReply(policy: RateLimitPolicy, retryAfterSeconds?: number): Reply {
  return {
    status: 429,
    body: {
      status: 'error',
      message: policyMessages[policy],
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: policy,
      requestId: randomUUID(),
    },
    headers: retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  };
}

export function send(res: ServerResponse, reply: Reply, rateHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...rateHeaders, ...(reply.headers ?? {}) };
  if (!reply.omitContentType) headers['Content-Type'] = 'application/json;charset=utf-8';
  res.writeHead(reply.status, headers);
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  return fail(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
}

/** Repeated (`?properties=a&properties=b`, the SDK) or comma-separated (`?properties=a,b`) values. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
