import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PartnershipFileError } from './partnership-file.error.js';
import { parsePartnershipFile, readPartnershipFile } from './partnership-file.loader.js';

/** SPEC §6's example, verbatim, plus a second motion (lines 42–46). Line numbers below are 1-based. */
const specLines = [
  /*  1 */ 'key: cobalt-northgate',
  /*  2 */ 'name: Cobalt Security x Northgate Systems',
  /*  3 */ 'currency: USD',
  /*  4 */ 'fiscalYearStartMonth: 1',
  /*  5 */ 'bookingSide: A',
  /*  6 */ 'killThreshold: 0.05',
  /*  7 */ 'meeting: { rule: third-thursday, preworkBusinessDays: 3 }',
  /*  8 */ 'sides:',
  /*  9 */ '  A:',
  /* 10 */ '    company: Cobalt Security',
  /* 11 */ '    crm:',
  /* 12 */ '      provider: salesforce',
  /* 13 */ '      loginUrl: https://login.salesforce.com     # or instanceUrl + accessToken',
  /* 14 */ '      apiVersion: "62.0"                         # optional',
  /* 15 */ '      clientId: ${SF_CLIENT_ID}',
  /* 16 */ '      clientSecret: ${SF_CLIENT_SECRET}',
  /* 17 */ '      username: ${SF_USERNAME}',
  /* 18 */ '      password: ${SF_PASSWORD}',
  /* 19 */ '      mapping:',
  /* 20 */ '        attribution: { field: Partner_Attribution__c,',
  /* 21 */ '                       values: { Partner Sourced: sourced, Partner Influenced: influenced } }',
  /* 22 */ '        motion: { field: Joint_Motion__c }',
  /* 23 */ '        partnerRecordId: { field: Partner_Opportunity_Id__c }',
  /* 24 */ '    people: [ { name: Dana Reyes, email: dana@cobalt.example, role: cro } ]',
  /* 25 */ '  B:',
  /* 26 */ '    company: Northgate Systems',
  /* 27 */ '    crm:',
  /* 28 */ '      provider: hubspot',
  /* 29 */ '      basePath: https://api.hubapi.com',
  /* 30 */ '      accessToken: ${HUBSPOT_TOKEN}',
  /* 31 */ '      mapping:',
  /* 32 */ '        attribution: { property: partner_attribution,',
  /* 33 */ '                       values: { sourced: sourced, influenced: influenced } }',
  /* 34 */ '        motion: { property: joint_motion }',
  /* 35 */ '        partnerRecordId: { property: partner_opportunity_id }',
  /* 36 */ '    people: [ { name: Sam Okafor, email: sam@northgate.example, role: cro } ]',
  /* 37 */ 'motions:',
  /* 38 */ '  - key: mssp-upsell',
  /* 39 */ '    name: MSSP upsell',
  /* 40 */ '    forecasts: { 2026-Q1: 400000, 2026-Q2: 500000 }',
  /* 41 */ '    stretch: { 2026-Q2: 650000 }',
  /* 42 */ '  - key: cloud-migration',
  /* 43 */ '    name: Cloud migration',
  /* 44 */ '    forecasts:',
  /* 45 */ '      2026-Q1: 300000',
  /* 46 */ '      2026-Q2: 350000',
];

const env = {
  SF_CLIENT_ID: 'cid-1',
  SF_CLIENT_SECRET: 'cs-secret-2',
  SF_USERNAME: 'integration@cobalt.example',
  SF_PASSWORD: 'pw-3',
  HUBSPOT_TOKEN: 'pat-4',
};

/** The file with some lines replaced (1-based; null removes the line, keeping later numbers shifted). */
function fileWith(changes: Record<number, string | null> = {}): string {
  return specLines
    .flatMap((line, i) =>
      i + 1 in changes ? (changes[i + 1] === null ? [] : [changes[i + 1] as string]) : [line],
    )
    .join('\n');
}

function issuesOf(text: string, environment: Record<string, string | undefined> = env): string[] {
  try {
    parsePartnershipFile(text, environment);
  } catch (error) {
    if (error instanceof PartnershipFileError)
      return error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
    throw error;
  }
  throw new Error('expected the file to be invalid');
}

describe('parsePartnershipFile', () => {
  it('reads SPEC §6 with its defaults, secrets interpolated', () => {
    const definition = parsePartnershipFile(fileWith(), env);
    expect(definition).toMatchObject({
      key: 'cobalt-northgate',
      fiscalYearNamedBy: 'start',
      meeting: { rule: 'third-thursday', preworkBusinessDays: 3 },
      sides: {
        A: {
          company: 'Cobalt Security',
          crm: {
            provider: 'salesforce',
            clientSecret: 'cs-secret-2',
            apiVersion: '62.0',
            loginUrl: 'https://login.salesforce.com',
          },
          people: [{ name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' }],
        },
        B: {
          crm: { provider: 'hubspot', accessToken: 'pat-4', basePath: 'https://api.hubapi.com' },
        },
      },
    });
    expect(definition.sides.A.crm?.mapping.attribution?.values).toEqual({
      'Partner Sourced': 'sourced',
      'Partner Influenced': 'influenced',
    });
    expect(definition.motions).toEqual([
      {
        key: 'mssp-upsell',
        name: 'MSSP upsell',
        forecasts: { '2026-Q1': 400000, '2026-Q2': 500000 },
        stretch: { '2026-Q2': 650000 },
      },
      {
        key: 'cloud-migration',
        name: 'Cloud migration',
        forecasts: { '2026-Q1': 300000, '2026-Q2': 350000 },
      },
    ]);
    expect(definition.namedAccounts).toBeUndefined();
  });

  it('reads the shipped example with its example environment', () => {
    const example = new URL('../../../../examples/', import.meta.url);
    const exampleEnv = parseEnv(readFileSync(new URL('cobalt-northgate.env.example', example), 'utf8'));
    const definition = parsePartnershipFile(
      readFileSync(new URL('cobalt-northgate.yaml', example), 'utf8'),
      exampleEnv,
    );
    expect(definition.sides.A.crm).toMatchObject({
      provider: 'salesforce',
      loginUrl: 'http://127.0.0.1:4010',
    });
    expect(definition.sides.B.crm).toMatchObject({
      provider: 'hubspot',
      basePath: 'http://127.0.0.1:4020',
    });
    expect(definition.motions.map((m) => m.key)).toEqual([
      'mssp-upsell',
      'cloud-migration',
      'smb-bundle',
    ]);
    for (const motion of definition.motions) {
      expect(Object.keys(motion.forecasts)).toEqual([
        '2025-Q3',
        '2025-Q4',
        '2026-Q1',
        '2026-Q2',
        '2026-Q3',
        '2026-Q4',
      ]);
    }
    expect(definition.sides.A.people.map((p) => p.role).sort()).toEqual([
      'cro',
      'finance',
      'marketing',
      'partnerships',
    ]);
  });

  it('names path and line of a wrong type in a nested forecast, quoting the value', () => {
    expect(issuesOf(fileWith({ 46: '      2026-Q2: abc' }))).toEqual([
      'motions[1].forecasts.2026-Q2 (line 46): expected a number, got "abc"',
    ]);
  });

  it('reports an unknown key on its own line', () => {
    expect(issuesOf(fileWith({ 16: '      clientSecrett: ${SF_CLIENT_SECRET}' }))).toEqual([
      'sides.A.crm.clientSecrett (line 16): unknown key',
    ]);
  });

  it('reports a missing environment variable once, at the value that needs it', () => {
    const { SF_CLIENT_SECRET: _omitted, ...rest } = env;
    expect(issuesOf(fileWith(), { ...rest, SF_PASSWORD: '' })).toEqual([
      'sides.A.crm.clientSecret (line 16): environment variable SF_CLIENT_SECRET is not set',
      'sides.A.crm.password (line 18): environment variable SF_PASSWORD is empty',
    ]);
  });

  it('never echoes a value that came from the environment', () => {
    const issues = issuesOf(fileWith({ 6: 'killThreshold: ${THRESHOLD}' }), {
      ...env,
      THRESHOLD: 'hunter2',
    });
    expect(issues).toEqual([
      'killThreshold (line 6): expected a number, got "${THRESHOLD}" (from the environment)',
    ]);
  });

  it('interpolates inside a longer string and leaves keys alone', () => {
    const definition = parsePartnershipFile(
      fileWith({ 29: '      basePath: http://${HS_HOST}:4020' }),
      { ...env, HS_HOST: '127.0.0.1' },
    );
    expect(definition.sides.B.crm).toMatchObject({ basePath: 'http://127.0.0.1:4020' });
    expect(issuesOf(fileWith({ 29: '      basePath: ${not-a-name}' }))).toEqual([
      'sides.B.crm.basePath (line 29): ${not-a-name} is not a valid reference: expected ${NAME} with letters, digits and _',
    ]);
  });

  it('rejects a quarter key that is not YYYY-Qn', () => {
    expect(issuesOf(fileWith({ 45: '      2026-Q5: 300000' }))).toEqual([
      'motions[1].forecasts.2026-Q5 (line 45): expected a quarter like 2026-Q2, got "2026-Q5"',
    ]);
  });

  it('reports a missing key at its nearest existing ancestor', () => {
    expect(issuesOf(fileWith({ 44: null, 45: null, 46: null }))).toEqual([
      'motions[1].forecasts (line 42): missing: expected a mapping (key: value)',
    ]);
  });

  it('checks more than shape: stretch needs a forecast, keys and emails are unique, mapping values are known', () => {
    expect(
      issuesOf(
        fileWith({
          28: '      provider: pipedrive',
          33: '                       values: { sourced: partner, influenced: influenced } }',
          36: '    people: [ { name: Sam, email: sam@northgate.example, role: cro }, { name: Sam O, email: SAM@northgate.example, role: ceo } ]',
          41: '    stretch: { 2026-Q2: 450000, 2026-Q3: 1 }',
          42: '  - key: mssp-upsell',
        }),
      ),
    ).toEqual([
      'sides.B.crm.provider (line 28): expected one of salesforce, hubspot, got "pipedrive"',
      'sides.B.people[1].role (line 36): expected one of cro, partnerships, finance, marketing, viewer, got "ceo"',
      'motions[0].stretch.2026-Q2 (line 41): 450000 is below the forecast (500000); a stretch must be at least the forecast',
      'motions[0].stretch.2026-Q3 (line 41): has no forecast for 2026-Q3',
      'motions[1].key (line 42): mssp-upsell is already used by motions[0]',
    ]);
    expect(
      issuesOf(
        fileWith({
          33: '                       values: { sourced: partner, influenced: influenced } }',
        }),
      ),
    ).toEqual([
      'sides.B.crm.mapping.attribution.values.sourced (line 33): expected one of sourced, influenced, got "partner"',
    ]);
    expect(
      issuesOf(
        fileWith({
          36: '    people: [ { name: Sam, email: sam@n.example, role: cro }, { name: Sam O, email: SAM@n.example, role: cro } ]',
        }),
      ),
    ).toEqual(['sides.B.people[1].email (line 36): sam@n.example is listed twice']);
  });

  it('reports every issue at once, in line order', () => {
    const { SF_USERNAME: _omitted, ...rest } = env;
    expect(
      issuesOf(
        fileWith({
          3: 'currency: usd',
          7: 'meeting: { rule: third-thursday, preworkBusinessDays: -1 }',
          40: '    forecasts: { 2026-Q1: "400k", 2026-Q2: 500000 }',
          43: '    nmae: Cloud',
        }),
        rest,
      ),
    ).toEqual([
      'currency (line 3): expected an ISO 4217 code like USD',
      'meeting.preworkBusinessDays (line 7): must be at least 0, got -1',
      'sides.A.crm.username (line 17): environment variable SF_USERNAME is not set',
      'motions[0].forecasts.2026-Q1 (line 40): expected a number, got "400k"',
      'motions[1].name (line 42): missing: expected text',
      'motions[1].nmae (line 43): unknown key',
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(issuesOf(fileWith({ 39: '    name: [MSSP upsell' }))).toEqual([
      expect.stringMatching(/^\(file\) \(line 40\): YAML syntax error: /),
    ]);
    expect(
      issuesOf(fileWith({ 2: 'key: twice', 39: '    name: MSSP upsell\n    key: again' })),
    ).toEqual([
      '(file) (line 2): YAML syntax error: Map keys must be unique',
      '(file) (line 40): YAML syntax error: Map keys must be unique',
    ]);
    // An unquoted reference inside a flow mapping is a syntax error; the message says how to write it.
    expect(issuesOf(fileWith({ 22: '        motion: { field: ${MOTION_FIELD} }' }))).toEqual([
      '(file) (line 22): YAML syntax error: Unexpected flow-map-start at node end; inside { } or [ ], quote a reference: "${NAME}"',
    ]);
    const quoted = parsePartnershipFile(
      fileWith({ 22: '        motion: { field: "${MOTION_FIELD}" }' }),
      { ...env, MOTION_FIELD: 'Motion__c' },
    );
    expect(quoted.sides.A.crm?.mapping.motion).toEqual({ field: 'Motion__c' });
  });

  it('reads JSON through the same parser, with lines', () => {
    const json = [
      /*  1 */ '{',
      /*  2 */ '  "key": "acme-globex",',
      /*  3 */ '  "name": "Acme x Globex",',
      /*  4 */ '  "currency": "EUR",',
      /*  5 */ '  "sides": {',
      /*  6 */ '    "A": { "company": "Acme" },',
      /*  7 */ '    "B": { "company": "Globex" }',
      /*  8 */ '  },',
      /*  9 */ '  "motions": [',
      /* 10 */ '    { "key": "eu-expansion", "name": "EU expansion",',
      /* 11 */ '      "forecasts": { "2026-Q1": 100000,',
      /* 12 */ '                     "2026-Q2": "lots" } }',
      /* 13 */ '  ]',
      /* 14 */ '}',
    ];
    expect(issuesOf(json.join('\n'), {})).toEqual([
      'motions[0].forecasts.2026-Q2 (line 12): expected a number, got "lots"',
    ]);
    const valid = parsePartnershipFile(json.join('\n').replace('"lots"', '120000'), {});
    expect(valid.motions[0].forecasts).toEqual({ '2026-Q1': 100000, '2026-Q2': 120000 });
    expect(valid.sides.A.crm).toBeUndefined();
    const missingComma = json
      .map((line, i) => (i === 2 ? line.replace(/,$/, '') : line))
      .join('\n');
    expect(issuesOf(missingComma, {})).toEqual([
      expect.stringMatching(/^\(file\) \(line 4\): YAML syntax error: /),
    ]);
  });

  it('formats issues for editors as FILE:LINE: path: message', () => {
    try {
      parsePartnershipFile(fileWith({ 46: '      2026-Q2: abc' }), env, 'partners/cobalt.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as PartnershipFileError).editorLines()).toEqual([
        'partners/cobalt.yaml:46: motions[1].forecasts.2026-Q2: expected a number, got "abc"',
      ]);
      expect((error as PartnershipFileError).message.split('\n')[0]).toBe(
        'partners/cobalt.yaml is not valid:',
      );
    }
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    expect(issuesOf('', env)).toEqual([
      '(file) (line 1): expected a mapping (key: value), got nothing (an empty value)',
    ]);
    expect(issuesOf('- a\n- b\n', env)).toEqual([
      '(file) (line 1): expected a mapping (key: value), got a list',
    ]);
  });
});

describe('parsePartnershipFile refuses what it would otherwise store wrongly', () => {
  it('refuses an unclosed ${ reference; $${ writes a literal ${', () => {
    expect(issuesOf(fileWith({ 18: '      password: ${SF_PASSWORD' }))).toEqual([
      'sides.A.crm.password (line 18): ${SF_PASSWORD is not closed: write ${NAME}, or $${ for a literal ${',
    ]);
    expect(issuesOf(fileWith({ 18: '      password: "${SF_PASSWORD}x${"' }))).toEqual([
      'sides.A.crm.password (line 18): ${ is not closed: write ${NAME}, or $${ for a literal ${',
    ]);
    expect(issuesOf(fileWith({ 18: '      password: pre${}post' }))).toEqual([
      'sides.A.crm.password (line 18): ${} is not a valid reference: expected ${NAME} with letters, digits and _',
    ]);
    const escaped = parsePartnershipFile(fileWith({ 2: 'name: Costs $${X} and $5, $${' }), env);
    expect(escaped.name).toBe('Costs ${X} and $5, ${');
    // An escaped ${ is the file's own text, not a value from the environment: it is quoted.
    expect(issuesOf(fileWith({ 6: 'killThreshold: $${X}' }))).toEqual([
      'killThreshold (line 6): expected a number, got "${X}"',
    ]);
  });

  it('refuses a currency that is not an ISO 4217 code, wherever a currency is named', () => {
    expect(issuesOf(fileWith({ 3: 'currency: XYZ' }))).toEqual([
      'currency (line 3): XYZ is not an ISO 4217 currency code',
    ]);
    // A withdrawn code (the Deutsche Mark, replaced by EUR) is refused too.
    expect(issuesOf(fileWith({ 3: 'currency: DEM' }))).toEqual([
      'currency (line 3): DEM is not an ISO 4217 currency code',
    ]);
    expect(
      issuesOf(fileWith({ 46: '      2026-Q2: 350000\ncurrencyRates:\n  EUR: 1.08\n  XYZ: 2\n  eur: 1' })),
    ).toEqual([
      'currencyRates.XYZ (line 49): XYZ is not an ISO 4217 currency code',
      'currencyRates.eur (line 50): expected an ISO 4217 code like USD',
    ]);
    for (const code of ['EUR', 'JPY', 'CHF', 'XOF']) {
      expect(parsePartnershipFile(fileWith({ 3: `currency: ${code}` }), env).currency).toBe(code);
    }
  });

  it('refuses text over its length limit, naming the field and the limit', () => {
    const long = (n: number) => 'x'.repeat(n);
    expect(parsePartnershipFile(fileWith({ 2: `name: ${long(200)}` }), env).name).toHaveLength(200);
    const issues = issuesOf(
      fileWith({
        2: `name: ${long(201)}`,
        10: `    company: ${long(201)}`,
        13: `      loginUrl: https://login.salesforce.com/${long(2049)}`,
        22: `        motion: { field: ${long(256)} }`,
        24: `    people: [ { name: Dana Reyes, email: dana@${long(60)}.${long(60)}.${long(60)}.${long(60)}.example, role: cro } ]`,
        43: `    name: ${long(201)}`,
        46: `      2026-Q2: 350000\nnamedAccounts:\n  - { name: ${long(201)}, domain: ${long(60)}.${long(60)}.${long(60)}.${long(60)}.${long(60)}.com }`,
      }),
      { ...env, SF_PASSWORD: `hunter2${long(4090)}` },
    );
    expect(issues).toEqual([
      'name (line 2): must be at most 200 characters',
      'sides.A.company (line 10): must be at most 200 characters',
      'sides.A.crm.loginUrl (line 13): must be at most 2048 characters',
      'sides.A.crm.password (line 18): must be at most 4096 characters',
      'sides.A.crm.mapping.motion.field (line 22): must be at most 255 characters',
      'sides.A.people[0].email (line 24): must be at most 254 characters',
      'motions[1].name (line 43): must be at most 200 characters',
      'namedAccounts[0].domain (line 48): must be at most 253 characters',
      'namedAccounts[0].name (line 48): must be at most 200 characters',
    ]);
    expect(issues.join('\n')).not.toContain('hunter2');
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const started = performance.now();
    // A 5 MB name, and a syntax error after it that is never reached.
    expect(issuesOf(fileWith({ 2: `name: ${'x'.repeat(5_000_000)}`, 3: 'currency: [' }))).toEqual([
      '(file) (line 1): the file is 4.8 MiB; a partnership file may be at most 1 MiB',
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses YAML tags other than the core ones, on their line', () => {
    expect(
      issuesOf(
        fileWith({
          2: 'name: !!js/function "function () { return 1 }"',
          10: '    company: !foo Cobalt Security',
          39: '    name: !!binary TVNTUCB1cHNlbGw=',
          40: '    forecasts: { !!timestamp 2026-01-01: 400000, 2026-Q2: 500000 }',
        }),
      ),
    ).toEqual([
      'name (line 2): YAML tag !!js/function is not allowed; a partnership file uses only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map',
      'sides.A.company (line 10): YAML tag !foo is not allowed; a partnership file uses only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map',
      'motions[0].name (line 39): YAML tag !!binary is not allowed; a partnership file uses only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map',
      'motions[0].forecasts.2026-01-01 (line 40): YAML tag !!timestamp is not allowed; a partnership file uses only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map',
    ]);
    // The core tags keep their meaning: !!str makes an unquoted 62.0 text.
    const tagged = parsePartnershipFile(fileWith({ 14: '      apiVersion: !!str 62.0' }), env);
    expect(tagged.sides.A.crm).toMatchObject({ apiVersion: '62.0' });
    expect(issuesOf(fileWith({ 4: 'fiscalYearStartMonth: !!int one' }))).toEqual([
      'fiscalYearStartMonth (line 4): "one" is not a valid !!int',
    ]);
  });

  it('refuses an alias bomb, an alias inside its own anchor and an alias without anchor, on their line', () => {
    const bomb = [
      'x-lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
    ];
    expect(issuesOf(fileWith({ 46: `      2026-Q2: 350000\n${bomb.join('\n')}` }))).toEqual([
      'x-d[7] (line 50): aliases would add more than 10000 values to the file; write the values out instead',
    ]);
    expect(issuesOf(fileWith({ 10: '    company: &co [ *co ]' }))).toEqual([
      'sides.A.company[0] (line 10): alias *co is inside the value &co it names (a value that contains itself)',
    ]);
    expect(issuesOf(fileWith({ 26: '    company: *nope' }))).toEqual([
      'sides.B.company (line 26): alias *nope names no anchor &nope above it',
    ]);
    // An alias within the limit is YAML as usual.
    const shared = parsePartnershipFile(
      fileWith({ 10: '    company: &cobalt Cobalt Security', 26: '    company: *cobalt' }),
      env,
    );
    expect(shared.sides.B.company).toBe('Cobalt Security');
  });

  it('refuses a NUL byte or another control character anywhere in the file, with line and column', () => {
    expect(issuesOf(fileWith({ 2: 'name: Cobalt\u0000Northgate' }))).toEqual([
      '(file) (line 2): contains a NUL byte (U+0000) at column 13; a partnership file is UTF-8 text',
    ]);
    expect(issuesOf(fileWith({ 13: '      loginUrl: https://login.salesforce.com     # or\u0000 instanceUrl' }))).toEqual([
      '(file) (line 13): contains a NUL byte (U+0000) at column 54; a partnership file is UTF-8 text',
    ]);
    expect(issuesOf(fileWith({ 39: '    name: MSSP\u0007upsell' }))).toEqual([
      '(file) (line 39): contains the control character U+0007 at column 15, which YAML does not allow',
    ]);
    expect(issuesOf(fileWith({ 39: '    name: MSSP\u009bupsell' }))).toEqual([
      '(file) (line 39): contains the control character U+009B at column 15, which YAML does not allow',
    ]);
  });

  it('refuses control characters written as escapes, or line breaks, in one-line text', () => {
    expect(
      issuesOf(
        fileWith({
          2: 'name: "Cobalt\\0Northgate"',
          10: '    company: "Cobalt\\tSecurity"',
          21: '                       values: { "Partner\\x07Sourced": sourced, Partner Influenced: influenced } }',
          38: '  - key: mssp-upsell\n    owners: { A: "Dana\\u0000" }',
          39: '    name: |\n      MSSP\n      upsell',
        }),
      ),
    ).toEqual([
      'name (line 2): must be one line of text without control characters (found U+0000 at character 7)',
      'sides.A.company (line 10): must be one line of text without control characters (found U+0009 at character 7)',
      'sides.A.crm.mapping.attribution.values.Partner\\u0007Sourced (line 21): must be one line of text without control characters (found U+0007 at character 8)',
      'motions[0].owners.A (line 39): must be one line of text without control characters (found U+0000 at character 5)',
      'motions[0].name (line 40): must be one line of text without control characters (found U+000A at character 5)',
    ]);
  });

  it('refuses nesting deeper than a partnership file needs, on its line', () => {
    expect(issuesOf(fileWith({ 46: `      2026-Q2: 350000\nx: ${'['.repeat(40)}${']'.repeat(40)}` }))).toEqual([
      expect.stringMatching(/^x(\[0\]){31} \(line 47\): nested more than 32 levels deep$/),
    ]);
    // Deeper than the parser itself can go: still one issue with its line, never a crash.
    const deep = 200_000;
    expect(issuesOf(`${fileWith()}\nx: ${'['.repeat(deep)}${']'.repeat(deep)}`)).toEqual([
      '(file) (line 47): nested too deeply to read; a partnership file needs at most 32 levels',
    ]);
  });
});

describe('readPartnershipFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alignboard-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const editorLinesOf = async (name: string, bytes: Buffer | string) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const failure = await readPartnershipFile(file, env).then(
      () => expect.unreachable(),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PartnershipFileError);
    return (failure as PartnershipFileError).editorLines();
  };

  it('reads UTF-8 and refuses other bytes with their line, never replacing them silently', async () => {
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, fileWith());
    expect((await readPartnershipFile(file, env)).key).toBe('cobalt-northgate');
    const latin1 = Buffer.from(fileWith({ 10: '    company: Cobalt Sécurité' }), 'latin1');
    expect(await editorLinesOf('latin1.yaml', latin1)).toEqual([
      `${join(dir, 'latin1.yaml')}:10: is not UTF-8 text: this line has bytes that are not UTF-8; save the file as UTF-8`,
    ]);
    expect(await editorLinesOf('utf16.yaml', Buffer.from(`\ufeff${fileWith()}`, 'utf16le'))).toEqual([
      `${join(dir, 'utf16.yaml')}:1: is UTF-16 text; save it as UTF-8`,
    ]);
  });

  it('refuses a file over 1 MiB without reading it, and a directory, in one line', async () => {
    expect(await editorLinesOf('big.yaml', `${fileWith()}\n#${'x'.repeat(2 * 2 ** 20)}`)).toEqual([
      `${join(dir, 'big.yaml')}:1: the file is 2.0 MiB; a partnership file may be at most 1 MiB`,
    ]);
    const failure = await readPartnershipFile(dir, env).catch((error: unknown) => error);
    expect((failure as PartnershipFileError).editorLines()).toEqual([
      `${dir}:1: cannot be read: it is a directory`,
    ]);
  });
});
