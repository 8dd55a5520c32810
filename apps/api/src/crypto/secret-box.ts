import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../common/errors.js';

/**
 * A sealed value this key cannot open: GCM cannot tell another key from a
 * tampered value, and another key (a restored backup, a hand-rotated
 * variable) is what an operator meets. 503: the server, not the request, is
 * misconfigured until the key is set back or the secret is entered again.
 */
export class SecretKeyMismatchError extends DomainError {
  override readonly name = 'SecretKeyMismatchError';
  readonly status = 503;
  constructor(what: string) {
    const were = what.endsWith('s') ? 'were' : 'was';
    super(
      `ALIGNBOARD_SECRET_KEY does not match the key the stored ${what} ${were} sealed with: ` +
        `set the key ${what.endsWith('s') ? 'they were' : 'it was'} sealed with, or enter the ${what} again ` +
        '(alignboard apply, or the connection settings)',
    );
  }
}

/**
 * AES-256-GCM for CRM credentials at rest. The stored form is versioned so the
 * key or algorithm can rotate later: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map(encodePart).join('.');
  }

  /** `what` names the secret in the error when this key cannot open it. */
  open(sealed: string, what = 'CRM credentials'): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) {
      throw new Error('Sealed secret has an unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const opened = decipher.update(Buffer.from(body, 'base64url'));
    try {
      return Buffer.concat([opened, decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyMismatchError(what);
    }
  }

  sealJson(value: Record<string, string>): string {
    return this.seal(JSON.stringify(value));
  }

  openJson(sealed: string): Record<string, string> {
    return JSON.parse(this.open(sealed)) as Record<string, string>;
  }
}

function encodePart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
