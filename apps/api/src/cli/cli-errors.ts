import { ConfigError } from '../config/env.js';
import { DomainError } from '../common/errors.js';
import { EmbeddedDatabaseInUseError } from '../database/embedded-postgres.js';

/** Errors a person can act on: printed as one clear message, exit code 1, no stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export function isExpectedError(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof DomainError ||
    error instanceof EmbeddedDatabaseInUseError
  );
}

/** What the CLI prints when a command fails: a known error line by line, anything else with its stack. */
export function failureText(error: unknown): string {
  if (isExpectedError(error)) {
    return error.message
      .split('\n')
      .map((line) => `alignboard: ${line}\n`)
      .join('');
  }
  return `alignboard: unexpected error\n${(error as Error)?.stack ?? String(error)}\n`;
}
