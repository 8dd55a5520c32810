import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuarterMetrics } from '@alignboard/contracts';
import {
  bytesBehind,
  goTo,
  moneyShown,
  openDashboard,
  pickerValue,
  projector,
  quarterOf,
  screenshot,
  waitReady,
  type Dashboard,
} from './support/browser.js';
import { cents } from './support/expected-link.js';

/** First meaningful paint of the CRO view: navigation start to the joint number on screen with its value. */
const firstPaintBudgetMs = 1000;

describe('log in and open with the number', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => {
    await d?.close();
  });

  it('refuses a wrong token and says so', async () => {
    const { page } = d;
    await page.goto('/');
    await page.getByTestId('token-input').waitFor();
    await screenshot(page, 'login');
    await page.getByTestId('token-input').fill('abt_not-a-real-token');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    expect((await error.innerText()).trim().length).toBeGreaterThan(10);
    await screenshot(page, 'login-error');
    expect(await page.getByTestId('page-cro').count()).toBe(0);
  });

  it('logs in with the token and lands on the CRO view of the current quarter', async () => {
    const { page, demo } = d;
    await page.getByTestId('token-input').fill(demo.token);
    await page.getByTestId('login-submit').click();
    await waitReady(page, 'cro');
    expect(await pickerValue(page.getByTestId('quarter-picker'))).toBe(quarterOf(new Date()));
    const partnership = await pickerValue(page.getByTestId('partnership-picker'));
    expect(partnership).toBe(demo.partnershipKey);
    await expect.poll(() => page.getByTestId('asof-picker').isVisible()).toBe(true);
  });

  it("shows the joint number, commit, upside and closed won equal to the API's, to the cent", async () => {
    const { page, api } = d;
    const quarter = await pickerValue(page.getByTestId('quarter-picker'));
    const metrics = await api.metrics(quarter);
    const expected: [string, number][] = [
      ['joint-total', metrics.joint.total],
      ['joint-commit', metrics.joint.commit],
      ['joint-upside', metrics.joint.upside],
      ['joint-closed-won', metrics.joint.closedWon],
    ];
    for (const [testId, value] of expected) {
      const shown = await moneyShown(page.getByTestId(testId));
      expect(shown.value, `${testId} data-value`).toBe(value);
      expect(shown.textCents, `${testId} text "${shown.text}" read to the cent`).toBe(cents(value));
    }
    expect(metrics.joint.total).toBeGreaterThan(0);
  });

  it('shows the sourced share and the four charts', async () => {
    const { page, api } = d;
    const metrics = await api.metrics(await pickerValue(page.getByTestId('quarter-picker')));
    await expectShare(page.getByTestId('split-sourced-share'), metrics);
    for (const chart of ['chart-by-quarter', 'chart-call', 'chart-split', 'chart-trend']) {
      const marks = page.getByTestId(chart).locator('svg rect, svg path, svg circle, svg line');
      expect(await marks.count(), `${chart} draws marks`).toBeGreaterThan(0);
      expect(
        (await page.getByTestId(chart).boundingBox())?.width ?? 0,
        `${chart} has room`,
      ).toBeGreaterThan(200);
    }
  });

  it("offers the board pack in four formats, and the CSV link delivers the quarter's joint number", async () => {
    const { page, api, demo } = d;
    for (const format of ['pdf', 'xlsx', 'csv', 'arrow']) {
      await expect
        .poll(() => page.getByTestId(`export-${format}`).isVisible(), {
          message: `export-${format}`,
        })
        .toBe(true);
    }
    const quarter = await pickerValue(page.getByTestId('quarter-picker'));
    const { joint } = await api.metrics(quarter);
    const { bytes, how } = await bytesBehind(page, page.getByTestId('export-csv'));
    const csv = bytes.toString('utf8');
    // partnership,as_of,quarter,figure,motion,value,unit
    const row = csv
      .split('\n')
      .find(
        (line) =>
          line.startsWith(`${demo.partnershipKey},`) && line.includes(`,${quarter},joint.total,`),
      );
    expect(row, `the CSV (by ${how}) has the joint number of ${quarter}`).toBeDefined();
    expect(row!.split(',')[5]).toBe(joint.total.toFixed(2));
  });

  it('answers the keyboard: Tab reaches the nav links and Enter opens a page', async () => {
    const { page } = d;
    await page.goto('/');
    await waitReady(page, 'cro');
    let reached = false;
    for (let presses = 0; presses < 40 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page
        .getByTestId('nav-motions')
        .evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'Tab reaches nav-motions within 40 presses').toBe(true);
    await page.keyboard.press('Enter');
    await waitReady(page, 'motions');
    await goTo(page, 'cro');
  });

  it(`paints the joint number within ${firstPaintBudgetMs} ms of navigation`, async () => {
    const { page } = d;
    await page.addInitScript(() => {
      const w = window as unknown as { __jointPaint?: Promise<number> };
      w.__jointPaint = new Promise<number>((resolve) => {
        const shown = () => {
          const el = document.querySelector('[data-testid="joint-total"][data-value]');
          return (
            el !== null &&
            el.getBoundingClientRect().height > 0 &&
            (el.textContent ?? '').trim() !== ''
          );
        };
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          // The frame after the DOM holds the number is the one that paints it.
          requestAnimationFrame(() => resolve(performance.now()));
        });
        observer.observe(document, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      });
    });
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto('/');
      const paint = await page.evaluate(() =>
        Promise.race([
          (window as unknown as { __jointPaint: Promise<number> }).__jointPaint,
          new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000)),
        ]),
      );
      expect(
        paint,
        'joint-total shows after a reload (the dashboard keeps the token it signed in with)',
      ).toBeGreaterThan(0);
      runs.push(Math.round(paint));
    }
    const median = [...runs].sort((a, b) => a - b)[1];
    process.stdout.write(
      `e2e: CRO view first meaningful paint (navigation start → joint-total shown): ${runs.join(' ms, ')} ms; median ${median} ms\n`,
    );
    expect(median).toBeLessThanOrEqual(firstPaintBudgetMs);
  });

  it('looks right on a laptop and on a projector', async () => {
    const { page } = d;
    await waitReady(page, 'cro');
    await screenshot(page, 'cro');
    // Opened on the projector: drawn for its width, as a person who plugs in and reloads sees it.
    await page.setViewportSize(projector);
    await page.reload();
    await waitReady(page, 'cro');
    await screenshot(page, 'cro-projector');
    expect(d.pageErrors).toEqual([]);
  });
});

async function expectShare(locator: import('playwright-core').Locator, metrics: QuarterMetrics) {
  const raw = await locator.getAttribute('data-value');
  expect(raw === null || raw === '' ? null : Number(raw), 'split-sourced-share data-value').toBe(
    metrics.split.sourcedShare,
  );
  const text = await locator.innerText();
  const percent = /(\d+(?:\.(\d+))?)\s*%/.exec(text);
  expect(percent, `split-sourced-share text "${text}" shows a percentage`).not.toBeNull();
  const decimals = percent![2]?.length ?? 0;
  expect(percent![1]).toBe(((metrics.split.sourcedShare ?? 0) * 100).toFixed(decimals));
}
