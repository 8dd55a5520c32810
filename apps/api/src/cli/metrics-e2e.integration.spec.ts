import { startHubspotSimulator, startSalesforceSimulator, type HubspotSimulator, type SalesforceSimulator } from '@alignboard/connectors';
import type { QuarterMetrics } from '@alignboard/contracts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyCommand } from './commands/apply.command.js';
import { metricsCommand } from './commands/metrics.command.js';
import { syncCommand } from './commands/sync.command.js';

const examples = new URL('../../../../examples/', import.meta.url);
const fixtures = JSON.parse(readFileSync(new URL('../../test-support/fixtures/metrics-e2e.crm.json', import.meta.url), 'utf8'));

/**
 * The whole path: both simulators seeded with a small hand-designed dataset
 * (test-support/fixtures/metrics-e2e.crm.json, made of the deals listed
 * below), `alignboard apply` the example partnership, `alignboard sync`
 * through the real jsforce and HubSpot clients, then `alignboard metrics
 * --json`, compared with figures worked out by hand.
 *
 * Side A (Salesforce, booking side), amounts in USD unless said:
 *   SF1 Hooli  EUR 93,000 = 100,000 (dated rate 0.93 for Apr–Jun), commit since 20 Mar, close 15 May, sourced, mssp-upsell, created 10 Feb
 *   SF2 Stark  50,000 closed won 20 Jun, influenced, cloud-migration, created 10 Apr
 *   SF3 Initech 30,000 upside (Proposal), close 30 May, no tags, names HubSpot deal 50000002, created 5 Apr
 *   SF4 Stark  20,000 closed lost 1 Jun, sourced, smb-bundle, created 15 Apr
 *   SF5 Hooli  40,000 pipeline, no tags (out of scope), created 5 Jan
 *   SF7 Initech 25,000 upside, sourced; close 30 Jun until 10 May, then 15 Aug; created 10 Mar
 * Side B (HubSpot):
 *   HS1 Hooli  110,000, best case until 20 Apr then commit, close 20 May, influenced, mssp-upsell, created 1 Mar
 *   HS2 Initech 35,000 best case, close 10 Jun, sourced, created 6 Apr
 *   HS3 Stark  45,000 closed won 25 Jun, influenced, cloud-migration, created 12 Apr
 *   HS5 Stark  15,000 pipeline, close 5 May, smb-bundle, created 1 May
 *   HS6 Initech EUR 10,000 = 10,800 (configured rate 1.08 from 2026), commit, close 15 Jun, sourced, created 20 Apr
 * Groups: SF1+HS1 (heuristic: same domain, 5 days, 10,000 ≤ 20% of 110,000); SF3+HS2 (cross-reference);
 * SF2+HS3 (heuristic); the rest alone. SF4/HS5 are 25% apart, SF5/HS1 too far apart: no match.
 */
describe('simulators → sync → alignboard metrics --json', () => {
  let dir: string;
  let salesforce: SalesforceSimulator;
  let hubspot: HubspotSimulator;
  const saved = { ...process.env };

  const run = async (command: { exitOverride(): { parseAsync(args: string[], o: { from: 'user' }): Promise<unknown> } }, ...args: string[]) => {
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
    const envText = readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8');
    const values = parseEnv(envText) as Record<string, string>;
    salesforce = await startSalesforceSimulator({
      seed: fixtures.salesforce,
      credentials: { clientId: values.SF_CLIENT_ID, clientSecret: values.SF_CLIENT_SECRET, username: values.SF_USERNAME, password: values.SF_PASSWORD },
    });
    hubspot = await startHubspotSimulator({ seed: fixtures.hubspot, credentials: { accessToken: values.HUBSPOT_TOKEN } });
    dir = mkdtempSync(join(tmpdir(), 'alignboard-metrics-'));
    writeFileSync(join(dir, 'crm.env'), `${envText}\nSF_LOGIN_URL=${salesforce.url}\nHUBSPOT_BASE_PATH=${hubspot.url}\n`);
    delete process.env.DATABASE_URL;
    delete process.env.ALIGNBOARD_SECRET_KEY;
    for (const name of ['SF_LOGIN_URL', 'HUBSPOT_BASE_PATH']) delete process.env[name];
    process.env.ALIGNBOARD_DATA_DIR = join(dir, 'data');
    process.env.LOG_LEVEL = 'error';
    await run(applyCommand(), new URL('cobalt-northgate.yaml', examples).pathname, '--env-file', join(dir, 'crm.env'));
    const synced = await run(syncCommand());
    expect(synced).toMatch(/A \(salesforce\): succeeded — 6 opportunities read: 6 written, 0 unchanged, 0 quarantined; 0 deleted/);
    expect(synced).toMatch(/B \(hubspot\): succeeded — 5 opportunities read: 5 written, 0 unchanged, 0 quarantined; 0 deleted/);
  });
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([salesforce?.stop(), hubspot?.stop()]);
  });

  it('prints the hand-computed figures of 2026-Q2 after the quarter', async () => {
    const m = JSON.parse(await run(metricsCommand(), '--partnership', 'cobalt-northgate', '--quarter', '2026-Q2', '--as-of', '2026-07-15T00:00:00Z', '--json')) as QuarterMetrics;
    expect(m.joint).toEqual({
      // commit SF1+HS1 100,000 + HS6 10,800; upside SF3+HS2 30,000; pipeline HS5 15,000
      open: 155800, commit: 110800, upside: 30000, pipeline: 15000,
      closedWon: 50000, closedLost: 20000, total: 205800,
      deals: 5, duplicatesRemoved: 3,
    });
    expect(m.split).toEqual({
      sourced: { open: 140800, closedWon: 0, total: 140800, deals: 3 }, // SF1+HS1, SF3+HS2, HS6
      influenced: { open: 0, closedWon: 50000, total: 50000, deals: 1 }, // SF2+HS3
      sourcedShare: 0.684159, // 140,800 / 205,800
    });
    // On 1 April: SF1 commit 100,000 (with HS1, then best case, in its group); SF7 upside 25,000 closing 30 June.
    expect(m.call).toEqual({ commitAtStart: 100000, upsideAtStart: 25000, closedWon: 50000, vsCommit: 0.5, vsCommitPlusUpside: 0.4 });
    const motions = Object.fromEntries(m.motions.map((x) => [x.key, [x.produced, x.attainment, x.stretchAttainment, x.closedWon, x.killCandidate]]));
    expect(motions).toEqual({
      'mssp-upsell': [0, 0, 0, 0, true], // SF1+HS1 was created 10 Feb: nothing produced in Q2 against 500,000
      'cloud-migration': [50000, 0.142857, 0.117647, 50000, false], // 50,000 / 350,000 and / 425,000
      'smb-bundle': [35000, 0.291667, null, 0, false], // SF4 20,000 (lost, still produced) + HS5 15,000, / 120,000
    });
    expect(m.conflicts).toEqual([
      expect.objectContaining({ field: 'attribution', values: { A: ['sourced'], B: ['influenced'] }, used: 'sourced' }),
    ]);
    expect(m.possibleDuplicates).toEqual([]);
  });
});
