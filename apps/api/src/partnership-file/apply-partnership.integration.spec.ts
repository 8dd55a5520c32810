import type { PartnershipDefinition } from '@alignboard/contracts';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { cliActor } from '../auth/principal.js';
import { SecretBox } from '../crypto/secret-box.js';
import { MotionsService } from '../motions/motions.service.js';
import { ApplyPartnershipService } from './apply-partnership.service.js';
import { formatApplySummary } from './apply-summary.js';
import { parsePartnershipFile } from './partnership-file.loader.js';

const examples = new URL('../../../../examples/', import.meta.url);
const secrets = {
  SF_CLIENT_SECRET: 'sf-secret-Qm7vX2pL9',
  SF_PASSWORD: 'sf-password-Hk3wR8tN1',
  HUBSPOT_TOKEN: 'pat-na1-token-Zc4yB6jD0',
};
const env = {
  ...parseEnv(readFileSync(new URL('cobalt-northgate.env.example', examples), 'utf8')),
  ...secrets,
};
const exampleText = readFileSync(new URL('cobalt-northgate.yaml', examples), 'utf8');
const example = () => parsePartnershipFile(exampleText, env);

describe('applying a partnership file', () => {
  let t: TestApp;
  let service: ApplyPartnershipService;
  let dana: string;
  const actor = cliActor('apply');
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const count = async (table: string) =>
    (await t.db.dataSource.query(`select count(*)::int as n from ${table}`))[0].n as number;
  /** Every row's last-change stamp, to prove an unchanged apply touched nothing. */
  const stamps = async () => ({
    partnerships: await t.db.dataSource.query(
      `select key, updated_at from partnerships order by key`,
    ),
    connections: await t.db.dataSource.query(
      `select id, updated_at from crm_connections order by id`,
    ),
    motions: await t.db.dataSource.query(`select key, updated_at from motions order by key`),
    people: await t.db.dataSource.query(`select id from people order by id`),
  });

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(ApplyPartnershipService);
  });
  afterAll(() => t.close());

  it('creates the partnership, sides, connections, motions and named accounts', async () => {
    const summary = await service.apply(example(), actor);
    expect(summary).toEqual({
      partnership: 'cobalt-northgate',
      created: true,
      unchanged: false,
      dryRun: false,
      changes: [
        'partnership cobalt-northgate: created',
        'side A (Cobalt Security): created',
        'side A CRM connection (salesforce): created',
        'side B (Northgate Systems): created',
        'side B CRM connection (hubspot): created',
        'motion mssp-upsell: created (6 forecast quarters)',
        'motion cloud-migration: created (6 forecast quarters)',
        'motion smb-bundle: created (6 forecast quarters)',
        'named accounts: version 1 stored (5 accounts)',
        'currency rates: EUR, GBP stored',
      ],
      notInFile: [],
    });
    // EUR changes rate on 2026-01-01; GBP has one rate, in force from the earliest date.
    const rates = await t.db.dataSource.query(
      `select currency, to_char(start_date, 'YYYY-MM-DD') as start, base_per_unit::float8 as rate
       from partnership_rates order by currency, start_date`,
    );
    expect(rates).toEqual([
      { currency: 'EUR', start: '2025-07-01', rate: 1.09 },
      { currency: 'EUR', start: '2026-01-01', rate: 1.08 },
      { currency: 'GBP', start: '1900-01-01', rate: 1.27 },
    ]);
    const audited = await t.db.dataSource.query(
      `select action from audit_log where actor = 'cli:apply' order by id`,
    );
    expect(audited.map((r: { action: string }) => r.action)).toEqual([
      'partnership.create',
      'side.create',
      'connection.create',
      'side.create',
      'connection.create',
      'motion.create',
      'motion.create',
      'motion.create',
      'named_account_set.create',
      'currency_rates.replace',
    ]);

    dana = await t.token({
      email: 'dana@cobalt.example',
      role: 'member',
      partnership: 'cobalt-northgate',
    });
    const partnership = await t.http
      .get('/api/partnerships/cobalt-northgate')
      .set(as(dana))
      .expect(200);
    expect(partnership.body).toMatchObject({
      name: 'Cobalt Security x Northgate Systems',
      mySide: 'A',
      killThreshold: 0.05,
      bookingSide: 'A',
    });
    expect(partnership.body.sides.A.people).toHaveLength(4);
    expect(partnership.body.sides.B.people).toContainEqual({
      name: 'Marcus Bell',
      email: 'marcus@northgate.example',
      role: 'viewer',
    });
    expect(partnership.body.sides.A.connection).toMatchObject({
      provider: 'salesforce',
      loginUrl: 'http://127.0.0.1:4010',
      apiVersion: '62.0',
      credentialsSet: ['clientId', 'clientSecret', 'username', 'password'],
      mapping: { motion: { field: 'Joint_Motion__c' } },
    });
    expect(partnership.body.sides.B.connection).toMatchObject({
      provider: 'hubspot',
      basePath: 'http://127.0.0.1:4020',
      credentialsSet: ['accessToken'],
    });

    const motions = await t.http
      .get('/api/partnerships/cobalt-northgate/motions')
      .set(as(dana))
      .expect(200);
    expect(motions.body.map((m: { key: string }) => m.key)).toEqual([
      'cloud-migration',
      'mssp-upsell',
      'smb-bundle',
    ]);
    expect(motions.body[1]).toMatchObject({
      name: 'MSSP upsell',
      status: 'active',
      owners: { A: 'priya@cobalt.example', B: 'jordan@northgate.example' },
      forecasts: {
        '2025-Q3': 300000,
        '2025-Q4': 350000,
        '2026-Q1': 400000,
        '2026-Q2': 500000,
        '2026-Q3': 550000,
        '2026-Q4': 600000,
      },
      stretch: { '2026-Q2': 650000, '2026-Q3': 700000, '2026-Q4': 750000 },
    });
    const [set] = await t.db.dataSource.query(
      `select version, accounts, decision_id from named_account_sets`,
    );
    expect(set.version).toBe(1);
    expect(set.accounts[0]).toEqual({ name: 'Acme Logistics', domain: 'acme-logistics.example' });
  });

  it('applies the same file a second time without writing anything', async () => {
    const audit = await count('audit_log');
    const forecasts = await count('motion_forecasts');
    const before = await stamps();
    const summary = await service.apply(example(), actor);
    expect(summary).toEqual({
      partnership: 'cobalt-northgate',
      created: false,
      unchanged: true,
      dryRun: false,
      changes: [],
      notInFile: [],
    });
    expect(formatApplySummary(summary, 'cobalt.yaml')).toEqual([
      'cobalt-northgate: unchanged (the database already matches cobalt.yaml)',
    ]);
    expect(await count('audit_log')).toBe(audit);
    expect(await count('motion_forecasts')).toBe(forecasts);
    expect(await count('named_account_sets')).toBe(1);
    expect(await stamps()).toEqual(before);
  });

  it('shows a dry run its changes and writes none of them', async () => {
    const audit = await count('audit_log');
    const before = await stamps();
    const changed: PartnershipDefinition = { ...example(), killThreshold: 0.1 };
    const summary = await service.apply(changed, actor, { dryRun: true });
    expect(summary).toMatchObject({
      dryRun: true,
      unchanged: false,
      changes: ['settings: killThreshold 0.05 → 0.1'],
    });
    expect(formatApplySummary(summary, 'f.yaml')).toEqual([
      'cobalt-northgate: updated, would apply (dry run: nothing was written):',
      '  settings: killThreshold 0.05 → 0.1',
    ]);
    expect(await count('audit_log')).toBe(audit);
    expect(await stamps()).toEqual(before);
  });

  it('updates only what changed and leaves motions missing from the file in place', async () => {
    const before = await stamps();
    const audit = await count('audit_log');
    const file = example();
    const changed: PartnershipDefinition = {
      ...file,
      killThreshold: 0.1,
      sides: {
        ...file.sides,
        B: { ...file.sides.B, crm: { ...file.sides.B.crm!, accessToken: 'pat-na1-rotated-Wq2' } },
      },
      motions: file.motions
        .filter((m) => m.key !== 'smb-bundle')
        .map((m) => {
          if (m.key !== 'mssp-upsell') return m;
          const { '2025-Q3': _dropped, ...forecasts } = m.forecasts;
          return { ...m, forecasts: { ...forecasts, '2026-Q2': 520000 } };
        }),
    };
    const summary = await service.apply(changed, actor);
    expect(summary.changes).toEqual([
      'settings: killThreshold 0.05 → 0.1',
      'side B CRM connection (hubspot): updated',
      'motion mssp-upsell: forecast 2025-Q3 removed (was 300000); forecast 2026-Q2 500000 → 520000',
    ]);
    expect(summary.notInFile).toEqual(['motion smb-bundle']);
    expect(formatApplySummary(summary, 'f.yaml').slice(-2)).toEqual([
      'Not in the file, left as they are:',
      '  motion smb-bundle',
    ]);
    expect(await count('audit_log')).toBe(audit + 3);

    const after = await stamps();
    const stampOf = (rows: { key?: string; id?: string; updated_at: Date }[], id: string) =>
      rows.find((r) => (r.key ?? r.id) === id)?.updated_at.getTime();
    expect(stampOf(after.motions, 'cloud-migration')).toBe(
      stampOf(before.motions, 'cloud-migration'),
    );
    expect(stampOf(after.motions, 'smb-bundle')).toBe(stampOf(before.motions, 'smb-bundle'));
    expect(stampOf(after.motions, 'mssp-upsell')).toBeGreaterThan(
      stampOf(before.motions, 'mssp-upsell')!,
    );
    expect(after.people).toEqual(before.people);
    const [sideA] = await t.db.dataSource.query(
      `select c.id from crm_connections c join sides s on s.id = c.side_id where s.side = 'A'`,
    );
    expect(stampOf(after.connections, sideA.id)).toBe(stampOf(before.connections, sideA.id));

    const mssp = await t.http
      .get('/api/partnerships/cobalt-northgate/motions/mssp-upsell')
      .set(as(dana))
      .expect(200);
    expect(Object.keys(mssp.body.forecasts)).toEqual([
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(mssp.body.forecasts['2026-Q2']).toBe(520000);
    await t.http
      .get('/api/partnerships/cobalt-northgate/motions/smb-bundle')
      .set(as(dana))
      .expect(200);

    // The example itself puts everything back, as one more ordinary change.
    const restored = await service.apply(example(), actor);
    expect(restored.changes).toEqual([
      'settings: killThreshold 0.1 → 0.05',
      'side B CRM connection (hubspot): updated',
      'motion mssp-upsell: forecast 2025-Q3 added (300000); forecast 2026-Q2 520000 → 500000',
    ]);
  });

  it('rolls everything back when a write fails part-way', async () => {
    const audit = await count('audit_log');
    const before = await stamps();
    const motions = t.app.get(MotionsService);
    const original = MotionsService.prototype.upsertMotion;
    let calls = 0;
    // The second motion's write fails after the settings and the first motion were written.
    const failing = vi.spyOn(motions, 'upsertMotion').mockImplementation((...args) => {
      calls += 1;
      if (calls === 2) return Promise.reject(new Error('database went away'));
      return original.apply(motions, args);
    });
    const file = example();
    const changed: PartnershipDefinition = {
      ...file,
      name: 'Cobalt x Northgate (renamed)',
      motions: file.motions.map((m) => ({ ...m, name: `${m.name} v2` })),
    };
    await expect(service.apply(changed, actor)).rejects.toThrow('database went away');
    failing.mockRestore();
    expect(calls).toBe(2);
    expect(await count('audit_log')).toBe(audit);
    expect(await stamps()).toEqual(before);
    const [row] = await t.db.dataSource.query(
      `select name from partnerships where key = 'cobalt-northgate'`,
    );
    expect(row.name).toBe('Cobalt Security x Northgate Systems');
  });

  it('never shows a secret it stored, yet keeps it sealed and readable by the server', async () => {
    const admin = await t.token({ email: 'root@alignboard.test', role: 'admin' });
    const responses = [
      await t.http.get('/api/partnerships').set(as(dana)).expect(200),
      await t.http.get('/api/partnerships/cobalt-northgate').set(as(dana)).expect(200),
      await t.http.get('/api/partnerships/cobalt-northgate').set(as(admin)).expect(200),
      await t.http.get('/api/partnerships/cobalt-northgate/motions').set(as(dana)).expect(200),
      await t.http
        .get('/api/partnerships/cobalt-northgate/motions/mssp-upsell')
        .set(as(admin))
        .expect(200),
    ];
    const audit = JSON.stringify(
      await t.db.dataSource.query(`select before, after from audit_log`),
    );
    for (const secret of [...Object.values(secrets), 'pat-na1-rotated-Wq2']) {
      for (const res of responses) expect(res.text).not.toContain(secret);
      expect(t.logs.text).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    expect(t.logs.lines.length).toBeGreaterThan(0);

    const rows = await t.db.dataSource.query(
      `select s.side, c.credentials_sealed from crm_connections c join sides s on s.id = c.side_id order by s.side`,
    );
    const box = new SecretBox(t.secretKey);
    expect(rows[0].credentials_sealed).not.toContain(secrets.SF_CLIENT_SECRET);
    expect(box.openJson(rows[0].credentials_sealed)).toEqual({
      clientId: 'cobalt-demo-client-id',
      clientSecret: secrets.SF_CLIENT_SECRET,
      username: 'integration@cobalt.example',
      password: secrets.SF_PASSWORD,
    });
    expect(box.openJson(rows[1].credentials_sealed)).toEqual({
      accessToken: secrets.HUBSPOT_TOKEN,
    });
  });
});
