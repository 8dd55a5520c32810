import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, decodeSecretKey, type Env } from '../config/env.js';

/**
 * The key that seals CRM credentials. A real deployment (DATABASE_URL set) must
 * provide ALIGNBOARD_SECRET_KEY; the embedded default keeps a generated key
 * beside its data, readable only by its owner.
 */
export function resolveSecretKey(env: Env): Buffer {
  if (env.ALIGNBOARD_SECRET_KEY) return decodeSecretKey(env.ALIGNBOARD_SECRET_KEY);
  if (env.DATABASE_URL) {
    throw new ConfigError(
      'ALIGNBOARD_SECRET_KEY: required when DATABASE_URL is set (32 bytes, hex or base64; e.g. `openssl rand -hex 32`)',
    );
  }
  mkdirSync(env.ALIGNBOARD_DATA_DIR, { recursive: true });
  const file = join(env.ALIGNBOARD_DATA_DIR, 'secret.key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return decodeSecretKey(readFileSync(file, 'utf8').trim());
}
