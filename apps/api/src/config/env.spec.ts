import { describe, expect, it } from 'vitest';
import { ConfigError, decodeSecretKey, loadEnv } from './env.js';

function messageOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', ALIGNBOARD_DATA_DIR: './.alignboard', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('stops with a message naming every bad variable', () => {
    const attempt = () => loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT:/);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres/);
    expect(attempt).toThrow(/LOG_LEVEL:/);
  });

  it('says in one line per bad variable what it expects, never zod\'s wording', () => {
    const message = messageOf(() =>
      loadEnv({ PORT: 'abc', ALIGNBOARD_DB_POOL_SIZE: '0', LOG_LEVEL: 'loud', ALIGNBOARD_SYNC_INTERVAL_MINUTES: '1.5', ALIGNBOARD_RECONCILE_INTERVAL_HOURS: ' ' }),
    );
    expect(message.split('\n')).toEqual([
      'PORT: must be a whole number from 0 to 65535 (got "abc")',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'ALIGNBOARD_DB_POOL_SIZE: must be a whole number from 1 to 100 (got "0")',
      'ALIGNBOARD_SYNC_INTERVAL_MINUTES: must be a whole number from 0 (off) to 1440 (got "1.5")',
      'ALIGNBOARD_RECONCILE_INTERVAL_HOURS: must be a whole number from 0 (off) to 744 (got " ")',
    ]);
    expect(loadEnv({ PORT: '8080', ALIGNBOARD_DB_POOL_SIZE: '4' })).toMatchObject({ PORT: 8080, ALIGNBOARD_DB_POOL_SIZE: 4 });
  });

  it('never echoes the value of a variable that may hold a secret', () => {
    const message = messageOf(() =>
      loadEnv({ DATABASE_URL: 'mysql://u:hunter2@h/db', ALIGNBOARD_SECRET_KEY: 'hunter3', ALIGNBOARD_SMTP_URL: 'http://u:hunter4@h' }),
    );
    expect(message.split('\n')).toHaveLength(3);
    expect(message).not.toMatch(/hunter|got/);
  });

  it('accepts a 32-byte secret key as hex or base64 and rejects anything else', () => {
    const hex = 'ab'.repeat(32);
    expect(decodeSecretKey(loadEnv({ ALIGNBOARD_SECRET_KEY: hex }).ALIGNBOARD_SECRET_KEY!)).toHaveLength(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(decodeSecretKey(loadEnv({ ALIGNBOARD_SECRET_KEY: b64 }).ALIGNBOARD_SECRET_KEY!)).toEqual(Buffer.alloc(32, 7));
    expect(() => loadEnv({ ALIGNBOARD_SECRET_KEY: 'short' })).toThrow(/ALIGNBOARD_SECRET_KEY: must be 32 bytes/);
  });
});
