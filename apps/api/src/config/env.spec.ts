import { describe, expect, it } from 'vitest';
import { ConfigError, decodeSecretKey, loadEnv } from './env.js';

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

  it('accepts a 32-byte secret key as hex or base64 and rejects anything else', () => {
    const hex = 'ab'.repeat(32);
    expect(decodeSecretKey(loadEnv({ ALIGNBOARD_SECRET_KEY: hex }).ALIGNBOARD_SECRET_KEY!)).toHaveLength(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(decodeSecretKey(loadEnv({ ALIGNBOARD_SECRET_KEY: b64 }).ALIGNBOARD_SECRET_KEY!)).toEqual(Buffer.alloc(32, 7));
    expect(() => loadEnv({ ALIGNBOARD_SECRET_KEY: 'short' })).toThrow(/ALIGNBOARD_SECRET_KEY: must be 32 bytes/);
  });
});
