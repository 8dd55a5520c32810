import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { Env } from '../config/env.js';

/**
 * Secrets can reach a log line through headers, request bodies or objects a
 * service logs; every such path is censored here, once.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.clientSecret',
  '*.clientId',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.credentials',
  '*.credentialsSealed',
  '*.*.password',
  '*.*.clientSecret',
  '*.*.accessToken',
  '*.*.refreshToken',
  '*.*.credentials',
];

export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level: env.LOG_LEVEL,
      base: { service: 'alignboard' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}

/** Lets Nest's own messages (module init, routes) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
