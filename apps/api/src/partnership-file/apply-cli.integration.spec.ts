import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../cli/cli-errors.js';
import { applyCommand } from '../cli/commands/apply.command.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const exampleFile = join(examples, 'cobalt-northgate.yaml');
const exampleEnv = join(examples, 'cobalt-northgate.env.example');

/**
 * `alignboard apply` in-process, the way bin/alignboard.js runs it: its own
 * Nest context over the embedded database of ALIGNBOARD_DATA_DIR.
 */
describe('alignboard apply', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const saved = { ...process.env };

  const run = async (...args: string[]) => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk) => (out.push(String(chunk)), true),
    );
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk) => (err.push(String(chunk)), true),
    );
    try {
      await applyCommand().exitOverride().parseAsync(args, { from: 'user' });
    } finally {
      vi.restoreAllMocks();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alignboard-apply-'));
    delete process.env.DATABASE_URL;
    delete process.env.ALIGNBOARD_SECRET_KEY;
    process.env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    process.env.LOG_LEVEL = 'error';
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints every problem of an invalid file as FILE:LINE and opens no database', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'key: broken-one\nname: Broken\ncurrency: usd\nsides:\n  A: { company: A, crm: { provider: hubspot, accessToken: "${NOPE_TOKEN}" } }\n  B: { company: B }\n',
    );
    const failure = run(file);
    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(`${file}: 2 problems; nothing was applied`);
    expect(err.join('')).toBe(
      [
        `${file}:3: currency: expected an ISO 4217 code like USD`,
        `${file}:5: sides.A.crm.accessToken: environment variable NOPE_TOKEN is not set`,
        '',
      ].join('\n'),
    );
    expect(out).toEqual([]);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('applies the example: a dry run writes nothing, the second real run changes nothing', async () => {
    await run(exampleFile, '--env-file', exampleEnv, '--dry-run');
    expect(out.join('')).toMatch(
      /^cobalt-northgate: created, would apply \(dry run: nothing was written\):\n {2}partnership cobalt-northgate: created\n/,
    );

    await run(exampleFile, '--env-file', exampleEnv);
    const applied = out.join('').split('\n');
    expect(applied[0]).toBe('cobalt-northgate: created, applied:');
    expect(applied).toContain('  motion smb-bundle: created (6 forecast quarters)');
    expect(out.join('')).not.toContain('cobalt-demo-client-secret');

    await run(exampleFile, '--env-file', exampleEnv);
    expect(out.join('')).toBe(
      `cobalt-northgate: unchanged (the database already matches ${exampleFile})\n`,
    );
  });

  it('lets the environment override the env file', async () => {
    process.env.SF_LOGIN_URL = 'http://127.0.0.1:4011';
    try {
      await run(exampleFile, '--env-file', exampleEnv, '--dry-run');
    } finally {
      delete process.env.SF_LOGIN_URL;
    }
    expect(out.join('')).toContain('side A CRM connection (salesforce): updated');
  });

  it('describes itself in --help', () => {
    let help = '';
    applyCommand()
      .configureOutput({ writeOut: (s) => (help += s) })
      .outputHelp();
    expect(help).toContain('Usage: apply [options] <file>');
    expect(help).toContain('--dry-run');
    expect(help).toContain('--env-file <file>');
    expect(help).toContain('FILE:LINE: path: message');
    expect(help).toContain('never deleted');
  });
});
