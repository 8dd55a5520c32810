import type { PacketView } from '@alignboard/contracts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/cli-errors.js';
import { packetCommand } from '../cli/commands/packet.command.js';
import { loadEnv } from '../config/env.js';
import { openDatabase } from '../database/database.js';
import { packetFixture, seedPacketPartnership, type PacketFixtureIds } from './__fixtures__/packet-partnership.js';
import { pdfText } from './__fixtures__/pdf-text.js';
import { runCli } from '../../test-support/run-cli.js';

/** `alignboard packet` in-process over its own embedded database, seeded with the packet fixture. */
describe('alignboard packet', () => {
  let dir: string;
  let fx: PacketFixtureIds;
  let futureMeeting: string;
  const saved = { ...process.env };

  const run = (...args: string[]) => runCli(packetCommand(), args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alignboard-packet-cli-'));
    delete process.env.DATABASE_URL;
    delete process.env.ALIGNBOARD_SECRET_KEY;
    process.env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    process.env.LOG_LEVEL = 'error';
    const database = await openDatabase(loadEnv());
    try {
      const q = (sql: string, params?: unknown[]) => database.dataSource.query(sql, params);
      fx = await seedPacketPartnership(q, 'packet-cli');
      [{ id: futureMeeting }] = await q(
        `insert into meetings (partnership_id, quarter, scheduled_date, status) values ($1, '2099-Q1', '2099-01-15', 'scheduled') returning id`,
        [fx.partnershipId],
      );
    } finally {
      await database.close();
    }
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates the packet as of an instant, prints it as JSON and writes the PDF', async () => {
    const file = join(dir, 'prework.pdf');
    const { out, err } = await run('--partnership', 'packet-cli', '--meeting', fx.meetings.M2, '--as-of', packetFixture.asOf, '--json', '--pdf', file);
    const packet = JSON.parse(out) as PacketView;
    expect(packet).toMatchObject({ version: 1, trigger: 'cli', generatedBy: 'cli:packet', asOf: packetFixture.asOf, quarter: '2026-Q2' });
    expect(packet.content.number.current.joint.total).toBe(219000); // as in packet-content.integration.spec.ts
    expect(err).toBe(`PDF written to ${file} (${readFileSync(file).length} bytes)\n`);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdf)).toMatch(/Joint number\s+USD 120,000\s+USD 219,000/);
  });

  it('shows the stored version without making a new one, and summarizes it for people', async () => {
    const { out } = await run('--partnership', 'packet-cli', '--meeting', fx.meetings.M2);
    expect(out).toContain('Prework packet v1: Cobalt x Northgate (packet-cli), 2026-Q2 meeting on 2026-04-16');
    expect(out).toContain('Joint number  2026-Q1 (ended): USD 120,000   2026-Q2: USD 219,000');
    expect(out).toContain('Since the 2026-01-15 meeting: 2026-Q2 +USD 174,000, 2 decision(s) taken then, 2 ask(s) delivered');
    expect(out).toMatch(/Cloud migration\s+2026-Q2 produced USD 0 of USD 100,000 \(0\.0%\)\s+KILL CANDIDATE: produced 4\.0% of forecast/);

    const again = await run('--partnership', 'packet-cli', '--meeting', fx.meetings.M2, '--regenerate', '--json');
    expect((JSON.parse(again.out) as PacketView).version).toBe(2);
  });

  it('finds the next scheduled meeting', async () => {
    const file = join(dir, 'next.pdf');
    const { out } = await run('--partnership', 'packet-cli', '--next', '--pdf', file);
    expect(out).toContain(`2099-Q1 meeting on 2099-01-15 (meeting ${futureMeeting})`);
    expect(out).toContain(`PDF written to ${file}`);
    expect(existsSync(file)).toBe(true);
  });

  it('says what is wrong with the command line', async () => {
    await expect(run('--partnership', 'packet-cli')).rejects.toThrow(new CliError('name the meeting: --meeting ID or --next'));
    await expect(run('--partnership', 'nope', '--next')).rejects.toThrow(new CliError('no partnership with key nope'));
    await expect(run('--partnership', 'packet-cli', '--meeting', 'm2')).rejects.toThrow(/expected a meeting id \(UUID\)/);
    await expect(run('--partnership', 'packet-cli', '--next', '--as-of', '2026-04-31')).rejects.toThrow(/expected an ISO 8601 instant/);
    await expect(run('--partnership', 'packet-cli', '--meeting', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      'No meeting 00000000-0000-4000-8000-000000000000 in partnership packet-cli',
    );
  });
});
