import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import {
  goTo,
  logIn,
  moneyShown,
  openDashboard,
  pickerValue,
  screenshot,
  waitForValue,
  type Dashboard,
} from './support/browser.js';
import {
  cents,
  clusterRecords,
  expectedLinkChangeCents,
  type ClusterRecord,
} from './support/expected-link.js';

describe('deal groups: both sides side by side, conflicts, and resolving a possible duplicate', () => {
  let d: Dashboard;
  let quarter: string;
  beforeAll(async () => {
    d = await openDashboard();
    await logIn(d.page, d.demo.token);
    await goTo(d.page, 'groups');
    quarter = await pickerValue(d.page.getByTestId('quarter-picker'));
  });
  afterAll(async () => {
    await d?.close();
  });

  it("shows the quarter's shared deals with both sides' records, its conflicts and its possible duplicates", async () => {
    const { page, api } = d;
    const metrics = await api.metrics(quarter);
    const view = await api.groups({ quarter });
    expect(await page.getByTestId('conflict-row').count()).toBe(metrics.conflicts.length);
    expect(await page.getByTestId('possible-duplicate').count()).toBe(
      metrics.possibleDuplicates.length,
    );
    expect(await page.getByTestId('group-row').count()).toBeGreaterThan(0);

    // A deal both CRMs hold shows both records in one row.
    const shared = view.groups.filter(
      (g) =>
        g.members.some((m) => m.side === 'A' && m.name) &&
        g.members.some((m) => m.side === 'B' && m.name),
    );
    expect(shared.length, 'the demo has shared deals this quarter').toBeGreaterThan(0);
    const rows = await page.getByTestId('group-row').allInnerTexts();
    const bothInOneRow = shared.some((g) =>
      rows.some((row) => g.members.every((m) => !m.name || row.includes(m.name))),
    );
    expect(bothInOneRow, "a group-row names both sides' records of a shared deal").toBe(true);
    await screenshot(page, 'groups');
  });

  it('links two records of a possible duplicate and the joint number moves by what the rules say', async () => {
    const { page, api } = d;
    const before = await api.metrics(quarter);
    expect(
      before.possibleDuplicates.length,
      'the demo has a possible duplicate this quarter',
    ).toBeGreaterThan(0);
    const all = await api.groups({ quarter, scope: 'all' });
    const range = { start: before.quarterStart, end: before.quarterEnd };

    // The first pair whose link changes the number: the test must see it move.
    let choice:
      | {
          cluster: number;
          records: ClusterRecord[];
          a: ClusterRecord;
          b: ClusterRecord;
          change: number;
        }
      | undefined;
    before.possibleDuplicates.forEach((cluster, index) => {
      const records = clusterRecords(cluster, all);
      for (const a of records.filter((r) => r.member.side === 'A')) {
        for (const b of records.filter((r) => r.member.side === 'B')) {
          const change = expectedLinkChangeCents(records, a, b, range);
          if (!choice && change !== 0) choice = { cluster: index, records, a, b, change };
        }
      }
    });
    expect(
      choice,
      'a pair in a possible duplicate whose link changes the joint number',
    ).toBeDefined();
    const { a, b, change } = choice!;
    process.stdout.write(
      `e2e: linking A:${a.member.crmId} (${a.member.amount}) with B:${b.member.crmId} (${b.member.amount}); ` +
        `expected change of the joint number ${(change / 100).toFixed(2)}\n`,
    );

    const cluster = page
      .getByTestId('possible-duplicate')
      .filter({ has: memberRow(page.getByTestId('dup-member'), a.member.crmId) });
    expect(await cluster.count(), `one possible-duplicate shows A:${a.member.crmId}`).toBe(1);
    await select(memberRow(cluster.getByTestId('dup-member'), a.member.crmId));
    await select(memberRow(cluster.getByTestId('dup-member'), b.member.crmId));
    await cluster.getByTestId('link-selected').click();

    // The API's figure after the link is the figure before plus the hand-computed change.
    const expectedTotal = (cents(before.joint.total) + change) / 100;
    await expect
      .poll(async () => cents((await api.metrics(quarter)).joint.total), { timeout: 10_000 })
      .toBe(cents(expectedTotal));
    const after = await api.metrics(quarter);
    const overrides = await api.request<{ kind: string; a: string; b: string }[]>(
      'GET',
      '/groups/overrides',
    );
    expect(overrides).toContainEqual(
      expect.objectContaining({ kind: 'link', a: a.member.crmId, b: b.member.crmId }),
    );
    await expect
      .poll(() => page.getByTestId('possible-duplicate').count())
      .toBe(after.possibleDuplicates.length);

    // On screen: the number shown on this page if it shows one, and on the CRO view.
    const here = page.getByTestId('joint-total');
    if (await here.count()) await waitForValue(here, after.joint.total);
    await goTo(page, 'cro');
    await waitForValue(page.getByTestId('joint-total'), after.joint.total);
    const shown = await moneyShown(page.getByTestId('joint-total'));
    expect(shown.textCents, `joint-total text "${shown.text}"`).toBe(cents(after.joint.total));
    await goTo(page, 'groups');
    await screenshot(page, 'groups-after-link');
    expect(d.pageErrors).toEqual([]);
  });
});

/** The dup-member row of a record: named by `data-crm-id`, else by its id in the text. */
function memberRow(rows: Locator, crmId: string): Locator {
  return rows
    .and(rows.page().locator(`[data-crm-id="${crmId}"]`))
    .or(rows.filter({ hasText: crmId }));
}

/** Ticks a row's checkbox, or selects the row itself when it is the control. */
async function select(row: Locator): Promise<void> {
  expect(await row.count(), 'the record is listed once in its cluster').toBe(1);
  const box = row.getByRole('checkbox');
  if (await box.count()) await box.check();
  else await row.click();
}
