import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskView, DecisionView, MeetingView } from '@alignboard/contracts';
import {
  goTo,
  logIn,
  openDashboard,
  pickerValue,
  screenshot,
  type Dashboard,
} from './support/browser.js';

describe('asks and decisions, and the sync status', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard();
    await logIn(d.page, d.demo.token);
  });
  afterAll(async () => {
    await d?.close();
  });

  it("shows the quarter's asks and its meeting's decisions", async () => {
    const { page, api } = d;
    const root = await goTo(page, 'asks');
    const quarter = await pickerValue(page.getByTestId('quarter-picker'));
    // The demo has none yet: the empty page must say what to do.
    expect((await api.request<AskView[]>('GET', `/asks?quarter=${quarter}`)).length).toBe(0);
    expect((await root.innerText()).trim().length).toBeGreaterThan(20);
    await screenshot(page, 'asks-empty');

    const ask = await api.request<AskView>('POST', '/asks', {
      fromSide: 'A',
      toSide: 'B',
      quarterRaised: quarter,
      text: 'Introduce Cobalt to the three MSSP accounts Northgate renews this quarter',
      owner: 'Sam Okafor',
    });
    // The quarter's meeting: the one its schedule made while the rule's date is still ahead
    // (early in the quarter), else one set up now.
    const scheduled = (await api.meetings()).find(
      (m) => m.quarter === quarter && m.status === 'scheduled',
    );
    const { quarterStart } = await api.metrics(quarter);
    const meetingDay = new Date(Date.parse(quarterStart) + 16 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const meeting =
      scheduled ??
      (await api.request<MeetingView>('POST', '/meetings', {
        quarter,
        scheduledDate: meetingDay,
      }));
    await api.request('PATCH', `/meetings/${meeting.id}`, { status: 'held' });
    const decision = await api.request<DecisionView>('POST', '/decisions', {
      meetingId: meeting.id,
      kind: 'other',
      text: 'Joint pipeline review moves to every other Monday',
      owner: 'Dana Reyes',
    });

    await goTo(page, 'cro');
    const again = await goTo(page, 'asks');
    await expect.poll(() => again.innerText()).toContain(ask.text);
    await expect.poll(() => again.innerText()).toContain(decision.text);
    await screenshot(page, 'asks');
  });

  it('shows both connections, their last runs and the quarantined records with reasons', async () => {
    const { page, api } = d;
    const root = await goTo(page, 'sync');
    const status = await api.sync();
    for (const side of status.sides) {
      const connection = page.locator(`[data-testid="sync-connection"][data-side="${side.side}"]`);
      expect(await connection.count(), `sync-connection of side ${side.side}`).toBe(1);
      const text = await connection.innerText();
      expect(text.toLowerCase()).toContain(side.provider!);
      expect(text.toLowerCase()).toContain(side.lastRun!.status);
    }
    const quarantine = await api.quarantine();
    expect(quarantine.length, 'the demo quarantines a few malformed records').toBeGreaterThan(0);
    expect(await page.getByTestId('quarantine-row').count()).toBe(quarantine.length);
    const rows = await page.getByTestId('quarantine-row').allInnerTexts();
    for (const record of quarantine) {
      expect(
        rows.some((row) => row.includes(record.crmId) && row.includes(record.reason)),
        `${record.crmId}: ${record.reason}`,
      ).toBe(true);
    }
    expect((await root.innerText()).length).toBeGreaterThan(0);
    await screenshot(page, 'sync');
  });

  it('shows a running sync with its records read, then its outcome', async () => {
    const { page, api } = d;
    const root = await goTo(page, 'sync');
    const before = await api.sync();
    await root.getByRole('button', { name: /sync/i }).click();
    // The page polls while a sync runs; a second sync only reads what changed, so this catches its first seconds.
    await expect
      .poll(
        () =>
          page
            .getByTestId('sync-connection')
            .allInnerTexts()
            .then((texts) => texts.join('\n')),
        { timeout: 15_000, interval: 250 },
      )
      .toMatch(/\d[\d,]* (of [\d,]+ )?opportunities read/);
    await screenshot(page, 'sync-running');
    await expect
      .poll(
        async () =>
          (await api.sync()).sides.every(
            (s) =>
              !s.running &&
              s.lastRun?.id !== before.sides.find((b) => b.side === s.side)?.lastRun?.id,
          ),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toBe(true);
    const after = await api.sync();
    for (const side of after.sides) {
      expect(side.lastRun?.status, `side ${side.side}'s second sync`).toBe('succeeded');
      const connection = page.locator(`[data-testid="sync-connection"][data-side="${side.side}"]`);
      await expect.poll(() => connection.innerText(), { timeout: 10_000 }).toMatch(/succeeded/i);
    }
    expect(d.pageErrors).toEqual([]);
  });

  it('reconciles on request and says what it checked and healed', async () => {
    const { page, api } = d;
    const root = await goTo(page, 'sync');
    await root.getByTestId('reconcile-now').click();
    await expect
      .poll(async () => (await api.sync()).sides.every((s) => s.lastReconciliation?.status === 'succeeded'), { timeout: 60_000, interval: 500 })
      .toBe(true);
    const status = await api.sync();
    for (const side of status.sides) {
      const report = side.lastReconciliation!.report!;
      expect(report.checked.opportunities, `side ${side.side} checked every record`).toBeGreaterThan(1000);
      const shown = page.locator(`[data-testid="sync-connection"][data-side="${side.side}"] [data-testid="reconciliation"]`);
      await expect
        .poll(() => shown.innerText(), { timeout: 10_000 })
        .toContain(`${report.checked.opportunities.toLocaleString('en-US')} opportunities and ${report.checked.accounts.toLocaleString('en-US')} accounts checked`);
      // The demo's first sync left nothing to heal: the page says the records matched.
      const healed = Object.values(report.healed.opportunities).reduce((a, b) => a + b, 0);
      expect(healed, `side ${side.side} healed`).toBe(0);
      expect(await shown.innerText()).toContain('every record matched the CRM');
    }
    const runs = page.locator('[data-testid="sync-run"][data-kind="reconcile"]');
    await expect.poll(() => runs.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'sync-reconciled');
    expect(d.pageErrors).toEqual([]);
  });
});
