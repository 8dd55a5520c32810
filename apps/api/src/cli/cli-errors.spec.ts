import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env.js';
import { SecretKeyMismatchError } from '../crypto/secret-box.js';
import { DatabaseConnectionError } from '../database/database.js';
import { CliError, failureText } from './cli-errors.js';

describe('failureText', () => {
  it('prints an error a person can act on as its message, each line after alignboard:, no stack', () => {
    expect(failureText(new ConfigError('PORT: must be a whole number from 0 to 65535 (got "abc")\nLOG_LEVEL: must be one of info'))).toBe(
      'alignboard: PORT: must be a whole number from 0 to 65535 (got "abc")\nalignboard: LOG_LEVEL: must be one of info\n',
    );
    expect(failureText(new DatabaseConnectionError('DATABASE_URL (postgres://u:***@h/db): host "h" not found'))).toBe(
      'alignboard: DATABASE_URL (postgres://u:***@h/db): host "h" not found\n',
    );
    expect(failureText(new SecretKeyMismatchError('CRM credentials'))).toMatch(
      /^alignboard: ALIGNBOARD_SECRET_KEY does not match the key the stored CRM credentials were sealed with[^\n]*\n$/,
    );
    expect(failureText(new CliError('--out x: no such folder'))).toBe('alignboard: --out x: no such folder\n');
  });

  it('keeps the stack of anything unforeseen, for the bug report', () => {
    const text = failureText(new TypeError('boom'));
    expect(text).toMatch(/^alignboard: unexpected error\nTypeError: boom\n\s+at /);
  });
});
