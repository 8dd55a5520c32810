import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Access logs with a request id that is echoed back and carried by error bodies. */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Bodies are not logged: they may carry CRM credentials on their way to being sealed.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactedUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/api/health' },
  });
}

/** Query names that carry a credential: tokens, keys, secrets, passwords, signatures, OAuth codes. */
const credentialName = /token|secret|passw|pwd|credential|signature|apikey|session|auth|jwt|bearer/;
const credentialNames = new Set(['key', 'code', 'sig', 'pass']);

/**
 * The URL as logged: the value of every query parameter whose name looks like
 * a credential is censored; the rest stays as sent (the Authorization header
 * is never logged: the req serializer keeps no headers).
 */
export function redactedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = safeDecode(rawName).toLowerCase().replace(/[-_.\s]/g, '');
      return credentialName.test(name) || credentialNames.has(name) ? `${rawName}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
