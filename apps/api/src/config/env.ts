import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives an `Env`.
 * A bad value stops the start with a message naming the variable.
 */
const envSchema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test']).default('development'),
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ALIGNBOARD_DATA_DIR: z.string().min(1).default('./.alignboard'),
  ALIGNBOARD_SECRET_KEY: z
    .string()
    .refine(isSecretKey, 'must be 32 bytes as 64 hex characters or 44 base64 characters')
    .optional(),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALIGNBOARD_DB_POOL_SIZE: wholeNumber(1, 100).default(10),
  /** Minutes between scheduled syncs of every connection; 0 turns them off. */
  ALIGNBOARD_SYNC_INTERVAL_MINUTES: wholeNumber(0, 1440, '0 (off)').default(15),
  /** Hours between scheduled reconciliations of each connection (every id and stamp compared); 0 turns them off. */
  ALIGNBOARD_RECONCILE_INTERVAL_HOURS: wholeNumber(0, 744, '0 (off)').default(24),
  /**
   * Where packets, one-pagers and alerts are emailed from: smtp://user:pass@host:587
   * (STARTTLS when offered) or smtps://…:465. Unset, email waits in the outbox.
   */
  ALIGNBOARD_SMTP_URL: z
    .string()
    .refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL like smtp://user:password@mail.example.com:587')
    .optional(),
  /** The From of every email: an address, or a name and an address. */
  ALIGNBOARD_MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
      'must be an email address, optionally with a name: Alignboard <alignboard@example.com>',
    )
    .default('Alignboard <alignboard@localhost>'),
  /**
   * Runs the product at another date: its clock starts at this ISO instant
   * (with an offset or Z) when the process starts and runs at real speed.
   */
  ALIGNBOARD_CLOCK: z.iso.datetime({ offset: true, message: 'must be an ISO instant like 2028-02-29T12:00:00Z' }).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Their values are never repeated in a message: they hold passwords or keys. */
const secretVariables = new Set(['DATABASE_URL', 'ALIGNBOARD_SECRET_KEY', 'ALIGNBOARD_SMTP_URL']);

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty strings are how shells and compose files say "unset".
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    // One line per variable: a value can break several checks, the first says what is expected.
    const lines = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      if (lines.has(name)) continue;
      const value = present[name];
      const got = value === undefined || secretVariables.has(name) ? '' : ` (got ${JSON.stringify(value.slice(0, 60))})`;
      lines.set(name, `${name}: ${issue.message}${got}`);
    }
    throw new ConfigError([...lines.values()].join('\n'));
  }
  return parsed.data;
}

export function decodeSecretKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError('ALIGNBOARD_SECRET_KEY: must decode to 32 bytes');
  return key;
}

/** An integer variable; every way it can be wrong gets the same message, which says what is expected. */
function wholeNumber(min: number, max: number, minWord = String(min)) {
  const error = `must be a whole number from ${minWord} to ${max}`;
  // Digits only: Number(' ') is 0 and Number('1e3') is 1000, neither is what the person meant.
  return z
    .string({ error })
    .regex(/^\d{1,9}$/, { error })
    .transform(Number)
    .pipe(z.number().min(min, { error }).max(max, { error }));
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** Checked without echoing the value: the URL may hold the SMTP password. */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isSecretKey(value: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return true;
  return /^[A-Za-z0-9+/]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32;
}
