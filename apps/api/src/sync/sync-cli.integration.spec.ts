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

  /** `read = written + unchanged + quarantined`: the summary's counts mean one thing each. */
  const summary = (out: string, label: string) => {
    const m = new RegExp(`${label.replace(/[()]/g, '\\$&')}: succeeded — (\\d+) opportunities read: (\\d+) written, (\\d+) unchanged, (\\d+) quarantined; \\d+ deleted, \\d+ API calls`).exec(out);
    expect(m, out).not.toBeNull();
    const [read, written, unchanged, quarantined] = m!.slice(1).map(Number);
    expect(read).toBe(written + unchanged + quarantined);
    return { read, written, unchanged, quarantined };
  };

  it('syncs every connection, with a plain line per step off a terminal, and prints what each run read, wrote and quarantined', async () => {
    const out = await run(syncCommand());
    const a = summary(out, 'cobalt-northgate A (salesforce)');
    expect(a.read).toBe(crms.opportunities.A);
    expect(a.written).toBeGreaterThan(0);
    expect(a.quarantined).toBeGreaterThan(0);
    summary(out, 'cobalt-northgate B (hubspot)');
    expect(out).toContain('/sync/quarantine');
    // Not a terminal here: no bar templates, one line as each step starts and ends.
    expect(out).not.toMatch(/\{\w+\}|█/);
    expect(out).toContain(`cobalt-northgate A (salesforce): reading ${crms.opportunities.A} changed opportunities…`);
    expect(out).toContain(`cobalt-northgate A (salesforce): reading done, ${crms.opportunities.A} of ${crms.opportunities.A} opportunities read`);
  });

  it('writes nothing the second time: what the lookback reads again is unchanged', async () => {
    const out = await run(syncCommand(), '--partnership', 'cobalt-northgate', '--side', 'A');
    const a = summary(out, 'cobalt-northgate A (salesforce)');
    expect(a.written).toBe(0);
    expect(out).not.toContain('(hubspot)');
  });

  it('reconciles: checks every record, heals what no incremental run can see, then finds nothing', async () => {
    const clean = await run(syncCommand(), '--reconcile', '--side', 'B');
    expect(clean).toMatch(/cobalt-northgate B \(hubspot\): reconciliation succeeded — \d+ opportunities and \d+ accounts checked; nothing differed/);
    expect(clean).toMatch(/B \(hubspot\): checking done, \d+ records checked/);

    // An edit stamped long before the cursor (a restored portal): invisible to incremental runs.
    const deal = crms.plan.deals.find((d) => d.side === 'B' && !d.deleted)!;
    crms.hubspot.store.updateDeal(deal.crmId, { amount: '31337' }, { at: '2025-01-01T00:00:00.000Z' });
    const healed = await run(syncCommand(), '--reconcile', '--side', 'B');
    expect(healed).toMatch(/B \(hubspot\): reconciliation succeeded — \d+ opportunities and \d+ accounts checked; healed 1 changed/);
    expect(healed).toContain('healing done, 1 of 1 records healed');
    const again = await run(syncCommand(), '--reconcile', '--side', 'B');
    expect(again).toMatch(/nothing differed/);
  });

  it('names a partnership without connections plainly', async () => {
    await expect(run(syncCommand(), '--partnership', 'nope')).rejects.toThrow(CliError);
    await expect(run(syncCommand(), '--partnership', 'nope')).rejects.toThrow('partnership nope has no CRM connection (or does not exist)');
  });
});
