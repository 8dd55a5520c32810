import { createHash, randomBytes } from 'node:crypto';

const prefix = 'abt_';

/** 256 random bits, recognizable by its prefix in logs and secret scanners. */
export function generateToken(): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(prefix) && value.length === prefix.length + 43;
}
