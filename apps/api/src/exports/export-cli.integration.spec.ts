import { tableFromIPC } from 'apache-arrow';
import { CommanderError } from 'commander';
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/cli-errors.js';
import { exportCommand } from '../cli/commands/export.command.js';
import { loadEnv } from '../config/env.js';
import { openDatabase } from '../database/database.js';
import {
  handBuilt,
  seedHandBuiltPartnership,
} from '../metrics/__fixtures__/hand-built-partnership.js';
import { runCli } from '../../test-support/run-cli.js';

/** `alignboard export` in-process over its own embedded database, seeded with the hand-built partnership. */
describe('alignboard export', () => {
  let dir: string;
  const saved = { ...process.env };
  const pack = [
    '--partnership',
    'hand-cli',
    '--from',
    '2026-Q1',
    '--to',
    '2026-Q2',
    '--as-of',
    '2026-07-15T00:00:00Z',
  ];

  const run = async (...args: string[]) => (await runCli(exportCommand(), args)).out;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alignboard-export-cli-'));
    delete process.env.DATABASE_URL;
    delete process.env.ALIGNBOARD_SECRET_KEY;
    process.env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    process.env.LOG_LEVEL = 'error';
    const database = await openDatabase(loadEnv());
    try {
      await seedHandBuiltPartnership(
        (sql, params) => database.dataSource.query(sql, params),
        'hand-cli',
      );
    } finally {
      await database.close();
    }
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each format to --out: the figures as worked by hand, the same bytes for the same --as-of', async () => {
    const csv = join(dir, 'pack.csv');
    expect(await run(...pack, '--format', 'csv', '--out', csv)).toMatch(
      /^wrote .*pack\.csv \([\d,]+ bytes, csv, as of 2026-07-15T00:00:00\.000Z\)\n$/,
    );
    const first = readFileSync(csv);
    const rows = parse(first, { columns: true }) as Record<string, string>[];
    const figure = (quarter: string, name: string) =>
      rows.find((r) => r.quarter === quarter && r.figure === name && r.motion === '')!.value;
    // The fixture's 2026-Q2: 352,500 (322,500 open + 30,000 won), sourced 195,500, influenced 144,000; commit at start 190,500.
    expect([
      figure('2026-Q2', 'joint.total'),
      figure('2026-Q2', 'joint.open'),
      figure('2026-Q2', 'joint.closedWon'),
    ]).toEqual(['352500.00', '322500.00', '30000.00']);
    expect([
      figure('2026-Q2', 'split.sourced.total'),
      figure('2026-Q2', 'split.influenced.total'),
      figure('2026-Q2', 'call.commitAtStart'),
    ]).toEqual(['195500.00', '144000.00', '190500.00']);
    expect(figure('2026-Q1', 'joint.total')).toBe('0.00');
    await run(...pack, '--format', 'csv', '--out', csv);
    expect(readFileSync(csv).equals(first)).toBe(true);

    const arrow = join(dir, 'pack.arrow');
    await run(...pack, '--format', 'arrow', '--out', arrow);
    const table = tableFromIPC(readFileSync(arrow));
    const q2 = table
      .toArray()
      .map((r) => r.toJSON())
      .filter((r) => r.quarter === '2026-Q2' && r.in_joint_total);
    expect(Math.round(q2.reduce((s, r) => s + (r.amount as number), 0) * 100) / 100).toBe(352500);
    expect(table.schema.metadata.get('viewer')).toBe('operator');

    const pdf = join(dir, 'pack.pdf');
    await run(...pack, '--format', 'pdf', '--out', pdf);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'])
      .toString()
      .replace(/[ \t]+/g, ' ');
    expect(text).toContain(
      '2026-Q2 30,000.00 165,500.00 0.00 144,000.00 13,000.00 352,500.00 10 190,500.00 64,000.00 30,000.00 15.7% 11.8%',
    );
  });

  it("writes a side's view with --side: B never sees side A's direct business", async () => {
    const arrow = join(dir, 'b.arrow');
    await run(...pack, '--format', 'arrow', '--out', arrow, '--side', 'b');
    const table = tableFromIPC(readFileSync(arrow));
    expect(table.schema.metadata.get('viewer')).toBe('B');
    const ids = table
      .toArray()
      .flatMap((r) => [r.records_a, r.records_b])
      .join(' ');
    expect(ids).toContain(handBuilt.A3); // the shared deal
    expect(ids).not.toContain(handBuilt.A5);
  });

  it('names the option at fault, and an unknown partnership', async () => {
    const out = join(dir, 'x.csv');
    await expect(run(...pack, '--format', 'docx', '--out', out)).rejects.toThrow(CommanderError);
    await expect(run(...pack, '--format', 'docx', '--out', out)).rejects.toThrow(
      "option '--format <format>' argument 'docx' is invalid",
    );
    await expect(
      run(
        '--partnership',
        'hand-cli',
        '--from',
        '2026-Q5',
        '--to',
        '2026-Q2',
        '--format',
        'csv',
        '--out',
        out,
      ),
    ).rejects.toThrow(
      "option '--from <quarter>' argument '2026-Q5' is invalid. expected a fiscal quarter like 2026-Q2",
    );
    await expect(
      run(
        '--partnership',
        'hand-cli',
        '--from',
        '2026-Q2',
        '--to',
        '2026-Q1',
        '--format',
        'csv',
        '--out',
        out,
      ),
    ).rejects.toThrow(new CliError('--to: must not be before from'));
    await expect(
      run(...pack, '--as-of', '2026-02-31', '--format', 'csv', '--out', out),
    ).rejects.toThrow("option '--as-of <instant>' argument '2026-02-31' is invalid");
    await expect(
      run('--partnership', 'hand-cli', '--from', '2026-Q1', '--to', '2026-Q2', '--out', out),
    ).rejects.toThrow("required option '--format <format>' not specified");
    await expect(
      run(
        '--partnership',
        'nope',
        '--from',
        '2026-Q1',
        '--to',
        '2026-Q2',
        '--format',
        'csv',
        '--out',
        out,
      ),
    ).rejects.toThrow('no partnership with key nope');
  });

  it('refuses an --out in a folder that does not exist, or that is a folder, before doing any work', async () => {
    const missing = join(dir, 'no-such-folder', 'pack.csv');
    await expect(run(...pack, '--format', 'csv', '--out', missing)).rejects.toThrow(
      new CliError(`--out ${missing}: the folder ${join(dir, 'no-such-folder')} does not exist; create it first`),
    );
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    await expect(run(...pack, '--format', 'csv', '--out', dir)).rejects.toThrow(
      new CliError(`--out ${dir}: is a folder; give the file to write, like ${join(dir, 'board-pack.csv')}`),
    );
  });
});
