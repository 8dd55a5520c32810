import type { QuarterMetrics } from '@alignboard/contracts';
import { CommanderError } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/cli-errors.js';
import { metricsCommand } from '../cli/commands/metrics.command.js';
import { loadEnv } from '../config/env.js';
import { openDatabase } from '../database/database.js';
import { handBuilt, seedHandBuiltPartnership } from './__fixtures__/hand-built-partnership.js';
import { runCli } from '../../test-support/run-cli.js';

/** `alignboard metrics` in-process over its own embedded database, seeded by hand (see the fixture's table). */
describe('alignboard metrics', () => {
  let dir: string;
  const saved = { ...process.env };

  const run = async (...args: string[]) => (await runCli(metricsCommand(), args)).out;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alignboard-metrics-cli-'));
    delete process.env.DATABASE_URL;
    delete process.env.ALIGNBOARD_SECRET_KEY;
    process.env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    process.env.LOG_LEVEL = 'error';
    const database = await openDatabase(loadEnv());
    try {
      await seedHandBuiltPartnership((sql, params) => database.dataSource.query(sql, params), 'hand-built');
    } finally {
      await database.close();
    }
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints exactly the SPEC §5 object, every figure as computed by hand', async () => {
    const m = JSON.parse(await run('--partnership', 'hand-built', '--quarter', '2026-Q2', '--as-of', '2026-07-15T00:00:00Z', '--json')) as QuarterMetrics;
    expect(Object.keys(m)).toEqual([
      'partnership', 'quarter', 'currency', 'asOf', 'quarterStart', 'quarterEnd',
      'joint', 'split', 'call', 'motions', 'conflicts', 'possibleDuplicates', 'health', 'warnings',
    ]);
    expect([m.partnership, m.quarter, m.currency, m.asOf, m.quarterStart, m.quarterEnd]).toEqual([
      'hand-built', '2026-Q2', 'USD', '2026-07-15T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z',
    ]);
    // In-scope groups closing in Q2 (A4 left out: JPY has no rate; A5, A7, A8, B8 have no tags):
    //   commit   A1 100,000 + B2 50,000 + B5 10,500 + B6 8,000        = 168,500
    //   upside   A2 64,000 + B1 55,000                                 = 119,000
    //   pipeline A9 0 + B4 30,000 + B7 5,000                           =  35,000
    //   won      A3+B3 (cross-reference; A books) 30,000; lost A6 20,000
    expect(m.joint).toEqual({
      open: 322500, commit: 168500, upside: 119000, pipeline: 35000, closedWon: 30000, closedLost: 20000,
      total: 352500, // 322,500 + 30,000
      deals: 10, // A1 B2 B5 B6 A2 B1 A9 B4 B7 A3+B3
      duplicatesRemoved: 1, // A3+B3
    });
    expect(m.split).toEqual({
      // A1 100,000 + B1 55,000 + B5 10,500 + A9 0 open; A3+B3 won (side A's "sourced" wins the conflict)
      sourced: { open: 165500, closedWon: 30000, total: 195500, deals: 5 },
      // A2 64,000 + B2 50,000 + B4 30,000; A6 is lost, in no total
      influenced: { open: 144000, closedWon: 0, total: 144000, deals: 3 },
      sourcedShare: 0.55461, // 195,500 / 352,500 = 0.5546099…
    });
    // At 2026-04-01: A1 commit 100,000 (commit since 03-15), A3+B3 commit 30,000, B2 50,000, B5 10,500; A2 upside 64,000.
    // B1, B6 and B7 did not exist yet.
    expect(m.call).toEqual({
      commitAtStart: 190500,
      upsideAtStart: 64000,
      closedWon: 30000,
      vsCommit: 0.15748, // 30,000 / 190,500 = 0.1574803…
      vsCommitPlusUpside: 0.117878, // 30,000 / 254,500 = 0.1178781…
    });
    // mssp groups created in Q2: B6 8,000 ("MSSP " matches mssp trimmed, case-insensitive) and B7 5,000; A1 was created in February.
    expect(m.motions).toEqual([
      {
        key: 'mssp', name: 'MSSP upsell', status: 'active', forecast: 200000, stretch: 250000,
        produced: 13000, attainment: 0.065, stretchAttainment: 0.052, closedWon: 0, deals: 2,
        killCandidate: false, atRisk: false, reason: null, // 6.5% ≥ the 5% threshold
      },
    ]);
    expect(m.conflicts).toEqual([
      {
        groupId: `A:${handBuilt.A3}`, field: 'attribution', values: { A: ['sourced'], B: ['influenced'] }, used: 'sourced',
        members: [{ side: 'A', crmId: handBuilt.A3 }, { side: 'B', crmId: handBuilt.B3 }],
      },
    ]);
    // B5 is a candidate of both A7 and A8 (same domain, ≤ 45 days, within 20%): nobody is matched, one cluster.
    expect(m.possibleDuplicates).toEqual([
      {
        members: [
          { side: 'A', crmId: handBuilt.A7, domain: 'umbrella.example', amount: 10000, closeDate: '2026-05-10' },
          { side: 'A', crmId: handBuilt.A8, domain: 'umbrella.example', amount: 11000, closeDate: '2026-05-20' },
          { side: 'B', crmId: handBuilt.B5, domain: 'umbrella.example', amount: 10500, closeDate: '2026-05-15' },
        ],
      },
    ]);
    expect(m.health).toMatchObject({ quarters: ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'], meetingsScheduled: 0, heldShare: null });
    expect(m.warnings).toEqual([
      { side: 'A', crmId: handBuilt.A9, kind: 'null_amount', message: 'no amount: counted as 0' },
      { side: 'B', crmId: handBuilt.B7, kind: 'unmapped_attribution', message: 'attribution value "Partner-ish" is not mapped' },
      { side: 'A', crmId: handBuilt.A4, kind: 'unknown_currency', message: expect.stringMatching(/^no rate from JPY to USD on 2026-05-20 .*left out of the figures$/) },
    ]);
  });

  it('reads the quarter as it stood at --as-of: before B1 was created and A1 committed', async () => {
    const m = JSON.parse(await run('--partnership', 'hand-built', '--quarter', '2026-Q2', '--as-of', '2026-03-10', '--json')) as QuarterMetrics;
    // On 10 March: A1 upside 100,000; A2 upside 64,000; A3+B3 commit 30,000; B2 50,000 + B5 10,500 commit;
    // A6 pipeline 20,000, A9 0, B4 30,000 pipeline. B1, B6, B7 not created yet. No call before the quarter starts.
    expect(m.joint).toEqual({
      open: 304500, commit: 90500, upside: 164000, pipeline: 50000, closedWon: 0, closedLost: 0, total: 304500, deals: 8, duplicatesRemoved: 1,
    });
    expect(m.call).toEqual({ commitAtStart: null, upsideAtStart: null, closedWon: 0, vsCommit: null, vsCommitPlusUpside: null });
    expect(m.motions[0]).toMatchObject({ produced: 0, attainment: 0, killCandidate: false, atRisk: false });
  });

  it('prints a readable report without --json', async () => {
    const out = await run('--partnership', 'hand-built', '--quarter', '2026-Q2', '--as-of', '2026-07-15T00:00:00Z');
    expect(out).toContain('hand-built 2026-Q2 (2026-04-01 to 2026-06-30), as of 2026-07-15T00:00:00.000Z, in USD');
    expect(out).toContain('Joint number 352,500.00: 10 deals, 1 duplicate removed');
    expect(out).toContain('Sourced / influenced (sourced share 55.5%)');
    expect(out).toMatch(/mssp\s+active\s+200,000\.00\s+13,000\.00\s+6\.5%\s+5\.2%\s+0\.00\s+2/);
    expect(out).toContain('Conflicts: 1   Possible duplicates: 1');
    expect(out).toContain(`A ${handBuilt.A4} unknown_currency: no rate from JPY to USD`);
  });

  it('names the option of a bad quarter or instant, and an unknown partnership', async () => {
    await expect(run('--partnership', 'hand-built', '--quarter', '2026-Q5')).rejects.toThrow(CommanderError);
    await expect(run('--partnership', 'hand-built', '--quarter', '2026-Q5')).rejects.toThrow(
      "option '--quarter <quarter>' argument '2026-Q5' is invalid. expected a fiscal quarter like 2026-Q2",
    );
    await expect(run('--partnership', 'hand-built', '--quarter', '2026-Q2', '--as-of', 'yesterday')).rejects.toThrow(
      "option '--as-of <instant>' argument 'yesterday' is invalid",
    );
    await expect(run('--partnership', 'hand-built', '--quarter', '2026-Q2', '--as-of', '2026-02-31')).rejects.toThrow(
      "option '--as-of <instant>' argument '2026-02-31' is invalid",
    );
    await expect(run('--partnership', 'hand-built')).rejects.toThrow("required option '--quarter <quarter>' not specified");
    await expect(run('--partnership', 'nope', '--quarter', '2026-Q2')).rejects.toThrow(CliError);
    await expect(run('--partnership', 'nope', '--quarter', '2026-Q2')).rejects.toThrow('no partnership with key nope');
  });
});
