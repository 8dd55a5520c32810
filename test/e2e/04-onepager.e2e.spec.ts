import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  goTo,
  logIn,
  openDashboard,
  pickerValue,
  screenshot,
  waitReady,
  type Dashboard,
} from './support/browser.js';

describe('the one-pager: edited in the room, saved live, confirmed per side', () => {
  let d: Dashboard;
  let quarter: string;
  const notes = `Agreed in the room ${new Date().toISOString()}: MSSP upsell gets two more named accounts; SMB bundle reviewed next quarter.`;
  beforeAll(async () => {
    d = await openDashboard();
    await logIn(d.page, d.demo.token);
    await goTo(d.page, 'onepager');
    quarter = await pickerValue(d.page.getByTestId('quarter-picker'));
  });
  afterAll(async () => {
    await d?.close();
  });

  it('saves the notes as they are typed, and they are still there after a reload', async () => {
    const { page, api } = d;
    const root = page.getByTestId('page-onepager');
    await screenshot(page, 'onepager-start');
    const textarea = page.getByTestId('onepager-notes');
    if (!(await textarea.count())) {
      // A quarter without a one-pager yet: the page offers to start it.
      await root
        .getByRole('button', { name: /create|start|new/i })
        .first()
        .click();
    }
    await textarea.waitFor({ state: 'visible', timeout: 10_000 });
    await textarea.fill(notes);
    await expect
      .poll(() => page.getByTestId('save-status').innerText(), { timeout: 10_000 })
      .toMatch(/^\s*Saved\b/);
    expect((await api.artifact(quarter)).content.notes).toBe(notes);

    await page.reload();
    await waitReady(page, 'onepager');
    expect(await pickerValue(page.getByTestId('quarter-picker'))).toBe(quarter);
    expect(await page.getByTestId('onepager-notes').inputValue()).toBe(notes);
    const artifact = await api.artifact(quarter);
    await expect
      .poll(() => page.getByTestId('revision-item').count())
      .toBe(artifact.history.length);
  });

  it('confirms the latest revision for side A, and sending waits for side B', async () => {
    const { page, api } = d;
    const confirmationA = page.getByTestId('confirmation-A');
    const unconfirmedText = await confirmationA.innerText();
    expect((await api.artifact(quarter)).confirmations.A).toBeNull();
    await page.getByTestId('confirm-button').click();
    await expect
      .poll(async () => (await api.artifact(quarter)).confirmations.A !== null, { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => confirmationA.innerText()).not.toBe(unconfirmedText);
    expect(await confirmationA.innerText()).toMatch(/confirmed/i);
    expect(await confirmationA.innerText()).not.toMatch(
      /not confirmed|unconfirmed|pending|waiting/i,
    );
    const artifact = await api.artifact(quarter);
    expect(artifact.confirmations.B).toBeNull();
    expect(await page.getByTestId('confirmation-B').innerText()).not.toBe(
      await confirmationA.innerText(),
    );
    // Both sides confirm before it goes out.
    expect(await page.getByTestId('send-button').isDisabled()).toBe(true);
    await screenshot(page, 'onepager');
    expect(d.pageErrors).toEqual([]);
  });
});
