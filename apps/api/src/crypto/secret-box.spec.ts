import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env.js';
import { SecretBox, SecretKeyMismatchError } from './secret-box.js';
import { resolveSecretKey } from './secret-key.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.sealJson({ clientSecret: 'hunter2-abc' });
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('hunter2');
    expect(box.openJson(sealed)).toEqual({ clientSecret: 'hunter2-abc' });
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = box.seal('value');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('says that the key does not match, not what the cipher says, when it cannot authenticate', () => {
    const sealed = box.sealJson({ clientSecret: 'x' });
    const other = new SecretBox(randomBytes(32));
    expect(() => other.openJson(sealed)).toThrow(SecretKeyMismatchError);
    expect(() => other.openJson(sealed)).toThrow(
      /^ALIGNBOARD_SECRET_KEY does not match the key the stored CRM credentials were sealed with/,
    );
    expect(() => other.open(box.seal('https://hooks.example/x'), 'webhook URL')).toThrow(
      /^ALIGNBOARD_SECRET_KEY does not match the key the stored webhook URL was sealed with/,
    );
  });
});

describe('resolveSecretKey', () => {
  it('generates a key into the embedded data dir with mode 0600 and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alignboard-key-'));
    const env = loadEnv({ ALIGNBOARD_DATA_DIR: dir });
    const first = resolveSecretKey(env);
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey(env)).toEqual(first);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('hex'));
  });

  it('requires ALIGNBOARD_SECRET_KEY with a real PostgreSQL', () => {
    expect(() => resolveSecretKey(loadEnv({ DATABASE_URL: 'postgres://h/db' }))).toThrow(/ALIGNBOARD_SECRET_KEY: required/);
  });
});
