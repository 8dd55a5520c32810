import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../cli/cli-errors.js';
import { startDemoCrms, type DemoCrms } from '../cli/demo/demo-crms.js';
import { applyCommand } from '../cli/commands/apply.command.js';
import { syncCommand } from '../cli/commands/sync.command.js';

const examples = new URL('../../../../examples/', import.meta.url);

/** `alignboard sync` in-process over its own embedded database, against both simulators. */
describe('alignboard sync', () => {
  let dir: string;
  let crms: DemoCrms;
  const saved = { ...process.env };

  const run = async (command: ReturnType<typeof syncCommand>, ...args: string[]) => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await command.exitOverride().parseAsync(args, { from: 'user' });
    } finally {
      vi.restoreAllMocks();
    }
    return out.join('');
  };

  beforeAll(async () => {
    const values = parseEnv(readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')) as Record<string, string>;
    crms = await startDemoCrms(values, { now: new Date('2026-11-23T12:00:00Z'), perSide: 60, seed: 3, usualPorts: false });
    dir = mkdtempSync(join(tmpdir(), 'alignboard-sync-'));
    writeFileSync(join(dir, 'crm.env'), `${readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')}\nSF_LOGIN_URL=${crms.salesforceUrl}\nHUBSPOT_BASE_PATH=${crms.hubspotUrl}\n`);
    delete process.env.DATABASE_URL;
    delete process.env.ALIGNBOARD_SECRET_KEY;
    for (const name of ['SF_LOGIN_URL', 'HUBSPOT_BASE_PATH']) delete process.env[name];
    process.env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    process.env.LOG_LEVEL = 'error';
    await run(applyCommand(), join(new URL('cobalt-northgate.yaml', examples).pathname), '--env-file', join(dir, 'crm.env'));
  });
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await crms?.stop();
  });

  it('syncs every connection and prints what each run read, wrote and quarantined', async () => {
    const out = await run(syncCommand());
    expect(out).toMatch(/cobalt-northgate A \(salesforce\): succeeded — \d+ read, \d+ written, 0 unchanged, \d+ deleted, \d+ quarantined, \d+ API calls/);
    expect(out).toMatch(/cobalt-northgate B \(hubspot\): succeeded — \d+ read/);
    expect(out).toContain('/sync/quarantine');
  });

  it('reads nothing new the second time', async () => {
    const out = await run(syncCommand(), '--partnership', 'cobalt-northgate', '--side', 'A');
    expect(out).toMatch(/A \(salesforce\): succeeded — \d+ read, 0 written/);
    expect(out).not.toContain('(hubspot)');
  });

  it('names a partnership without connections plainly', async () => {
    await expect(run(syncCommand(), '--partnership', 'nope')).rejects.toThrow(CliError);
    await expect(run(syncCommand(), '--partnership', 'nope')).rejects.toThrow('partnership nope has no CRM connection (or does not exist)');
  });
});
