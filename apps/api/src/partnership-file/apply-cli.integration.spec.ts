import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../cli/cli-errors.js';
import { applyCommand } from '../cli/commands/apply.command.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const exampleFile = join(examples, 'cobalt-northgate.yaml');
const exampleEnv = join(examples, 'cobalt-northgate.env.example');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

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

  it('refuses a NUL byte, an alias bomb, an unknown tag and an unclosed ${ as FILE:LINE, never as an unexpected error', async () => {
    const example = readFileSync(exampleFile, 'utf8');
    const lineOf = (text: string, needle: string) =>
      text.slice(0, text.indexOf(needle)).split('\n').length;
    const nameLine = lineOf(example, '\nname: ') + 1;
    const passwordLine = lineOf(example, 'password: ${SF_PASSWORD}');
    const bomb = Array.from({ length: 6 }, (_, i) =>
      i === 0
        ? 'x-0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'
        : `x-${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`,
    ).join('\n');
    const bombLines = example.split('\n').length;
    const cases: [string, string, string][] = [
      [
        'nul.yaml',
        example.replace(/^name: (.*)$/m, 'name: $1\u0000'),
        `${nameLine}: contains a NUL byte (U+0000)`,
      ],
      ['bomb.yaml', `${example.trimEnd()}\n${bomb}\n`, `${bombLines + 3}: x-3[7]: aliases would add more than 10000 values`],
      ['tag.yaml', example.replace(/^name: /m, 'name: !!js/function '), `${nameLine}: name: YAML tag !!js/function is not allowed`],
      [
        'unclosed.yaml',
        example.replace('password: ${SF_PASSWORD}', 'password: ${SF_PASSWORD'),
        `${passwordLine}: sides.A.crm.password: \${SF_PASSWORD is not closed`,
      ],
    ];
    for (const [name, text, expected] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const failure = run(file, '--env-file', exampleEnv);
      await expect(failure).rejects.toThrow(CliError);
      await expect(failure).rejects.toThrow(`${file}: 1 problem; nothing was applied`);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(new RegExp(`^${escapeRegExp(`${file}:${expected}`)}[^\n]*\n$`));
      expect(out).toEqual([]);
    }
  });

  it('leaves the applied partnership as it was when a changed file is refused', async () => {
    const example = readFileSync(exampleFile, 'utf8');
    const renamed = example.replace(/^name: .*$/m, 'name: Cobalt x Northgate, renamed');
    const file = join(dir, 'renamed.yaml');
    writeFileSync(file, renamed);
    await run(file, '--env-file', exampleEnv, '--dry-run');
    expect(out.join('')).toContain('settings: name'); // the rename alone would be applied

    for (const refused of [
      renamed.replace(/^currency: .*$/m, 'currency: XYZ'),
      renamed.replace(/^name: .*$/m, `name: ${'x'.repeat(201)}`),
      `${renamed}\n# \u0000\n`,
    ]) {
      writeFileSync(file, refused);
      await expect(run(file, '--env-file', exampleEnv)).rejects.toThrow(CliError);
    }
    await run(exampleFile, '--env-file', exampleEnv);
    expect(out.join('')).toBe(
      `cobalt-northgate: unchanged (the database already matches ${exampleFile})\n`,
    );
  });

  it('exits 1 with the FILE:LINE line and one summary line, no stack, as the built program', () => {
    const file = join(dir, 'alias-cycle.yaml');
    writeFileSync(file, readFileSync(exampleFile, 'utf8').replace(/^name: .*$/m, 'name: &n [ *n ]'));
    const { DATABASE_URL: _url, ...env } = process.env;
    const result = spawnSync(process.execPath, [join(repoRoot, 'bin/alignboard.js'), 'apply', file], {
      env: { ...env, ALIGNBOARD_DATA_DIR: join(dir, 'built-data') },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe(
      `${file}:9: name[0]: alias *n is inside the value &n it names (a value that contains itself)\n` +
        `alignboard: ${file}: 1 problem; nothing was applied\n`,
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
