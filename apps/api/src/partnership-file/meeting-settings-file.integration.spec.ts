import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { cliActor } from '../auth/principal.js';
import { PartnershipsService } from '../partnerships/partnerships.service.js';
import { ApplyPartnershipService } from './apply-partnership.service.js';
import { PartnershipFileError } from './partnership-file.error.js';
import { parsePartnershipFile } from './partnership-file.loader.js';

const env = { SLACK_WEBHOOK_URL: 'https://hooks.example.com/services/T1/B2/file-secret-token' };

/** A small partnership file; `meeting` and `notifications` lines as given. */
const file = (meeting: string, notifications: string | null) =>
  [
    'key: cal-file',
    'name: Calendar file',
    'currency: USD',
    meeting,
    ...(notifications ? [notifications] : []),
    'sides:',
    '  A: { company: Cobalt Security, people: [ { name: Dana Reyes, email: dana@cobalt.example, role: cro } ] }',
    '  B: { company: Northgate Systems }',
  ].join('\n');

describe('meeting settings and notifications in the partnership file', () => {
  it('reads holidays and the webhook URL from the environment', () => {
    const definition = parsePartnershipFile(
      file('meeting: { rule: last-friday-month-3, holidays: [2026-12-25, 2026-11-26] }', 'notifications:\n  webhookUrl: ${SLACK_WEBHOOK_URL}'),
      env,
    );
    expect(definition.meeting).toEqual({ rule: 'last-friday-month-3', preworkBusinessDays: 3, holidays: ['2026-11-26', '2026-12-25'] });
    expect(definition.notifications).toEqual({ webhookUrl: env.SLACK_WEBHOOK_URL });
  });

  it('names the line of a bad rule or holiday, and never quotes the webhook secret', () => {
    let issues: string[] = [];
    try {
      parsePartnershipFile(
        file('meeting: { rule: fifth-friday, holidays: [2026-13-01] }', 'notifications:\n  webhookUrl: ${SLACK_WEBHOOK_URL}'),
        { SLACK_WEBHOOK_URL: 'not a url with file-secret-token' },
      );
    } catch (error) {
      if (!(error instanceof PartnershipFileError)) throw error;
      issues = error.fileIssues.map((i) => `${i.path} (line ${i.line}): ${i.message}`);
      expect(error.message).not.toContain('file-secret-token');
    }
    expect(issues).toEqual([
      expect.stringMatching(/^meeting\.holidays\[0\] \(line 4\): /),
      expect.stringMatching(/^meeting\.rule \(line 4\): expected a rule like third-thursday or second-tuesday-month-2/),
      expect.stringMatching(/^notifications\.webhookUrl \(line 6\): /),
    ]);
  });
});

describe('applying meeting settings and notifications', () => {
  let t: TestApp;
  let apply: ApplyPartnershipService;
  const actor = cliActor('apply');

  beforeAll(async () => {
    t = await createTestApp();
    apply = t.app.get(ApplyPartnershipService);
  });
  afterAll(() => t.close());

  const webhookOf = async () => {
    const [{ id }] = await t.db.dataSource.query<{ id: string }[]>(`select id from partnerships where key = 'cal-file'`);
    return t.app.get(PartnershipsService).webhookUrlOf(t.db.dataSource.manager, id);
  };

  it('sets the webhook, changes nothing the second time, and leaves it alone when the file does not mention it', async () => {
    const withHook = parsePartnershipFile(
      file('meeting: { rule: third-thursday, holidays: [2026-12-25] }', 'notifications:\n  webhookUrl: ${SLACK_WEBHOOK_URL}'),
      env,
    );
    const created = await apply.apply(withHook, actor);
    expect(created.changes).toContain('notifications: webhook URL set');
    expect(await webhookOf()).toBe(env.SLACK_WEBHOOK_URL);

    const again = await apply.apply(withHook, actor);
    expect(again).toMatchObject({ unchanged: true, changes: [], notInFile: [] });

    const withoutHook = parsePartnershipFile(file('meeting: { rule: third-thursday, holidays: [2026-12-25, 2027-01-01] }', null), env);
    const later = await apply.apply(withoutHook, actor);
    expect(later.changes).toEqual([
      'settings: meeting {"rule":"third-thursday","preworkBusinessDays":3,"holidays":["2026-12-25"]} → ' +
        '{"rule":"third-thursday","preworkBusinessDays":3,"holidays":["2026-12-25","2027-01-01"]}',
    ]);
    expect(later.notInFile).toEqual(['notifications.webhookUrl']);
    expect(await webhookOf()).toBe(env.SLACK_WEBHOOK_URL);

    const replaced = await apply.apply(
      parsePartnershipFile(file('meeting: { rule: third-thursday, holidays: [2026-12-25, 2027-01-01] }', 'notifications: { webhookUrl: https://chat.example.com/hook/2 }'), env),
      actor,
    );
    expect(replaced.changes).toEqual(['notifications: webhook URL replaced']);
    expect(await webhookOf()).toBe('https://chat.example.com/hook/2');
    expect(t.logs.text).not.toContain('file-secret-token');
  });
});
