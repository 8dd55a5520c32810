import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api } from './api.js';
import { repoRoot, type DemoServerInfo } from './demo-server.js';
import { centsOfMoneyText } from './money.js';

export const chromiumPath = '/usr/bin/chromium';
export const laptop = { width: 1440, height: 900 };
export const projector = { width: 1920, height: 1080 };
export const screenshotDir = join(repoRoot, 'test/screenshots');

/** The dashboard's pages, by the names of their nav links and roots (`nav-cro`, `page-cro`). */
export type PageName = 'cro' | 'motions' | 'groups' | 'packet' | 'onepager' | 'asks' | 'sync';

export interface Dashboard {
  demo: DemoServerInfo;
  api: Api;
  browser: Browser;
  page: Page;
  /** Uncaught errors the page threw: a test ends by checking there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Headless Debian Chromium on a fresh profile, pointed at the running demo. */
export async function openDashboard(viewport = laptop): Promise<Dashboard> {
  const demo = inject('demo');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root in a container has no user namespace for Chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({
    viewport,
    baseURL: demo.baseUrl,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return { demo, api: new Api(demo), browser, page, pageErrors, close: () => browser.close() };
}

/** Signs in with a token through the login form, and waits for the page the dashboard opens on. */
export async function logIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('token-input').waitFor({ state: 'detached', timeout: 15_000 });
}

/** Opens a page through its nav link, as a person would, and waits until it says it is rendered. */
export async function goTo(page: Page, name: PageName): Promise<Locator> {
  await page.getByTestId(`nav-${name}`).click();
  return waitReady(page, name);
}

export async function waitReady(page: Page, name: PageName, timeout = 15_000): Promise<Locator> {
  const root = page.getByTestId(`page-${name}`);
  await page.locator(`[data-testid="page-${name}"][data-ready="true"]`).waitFor({ timeout });
  return root;
}

/** Taller pages are cut here: the rest of a long list adds megabytes, not information. */
const maxScreenshotHeight = 4000;

/** A full-page PNG under test/screenshots/, for people to look at (cut at 4,000 px). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize()?.width ?? laptop.width;
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
    ...(height > maxScreenshotHeight
      ? { clip: { x: 0, y: 0, width, height: maxScreenshotHeight } }
      : {}),
  });
}

/** The value a picker holds: a form control's value, else its `data-value`. */
export async function pickerValue(picker: Locator): Promise<string> {
  const tag = await picker.evaluate((el) => el.tagName);
  if (['SELECT', 'INPUT', 'TEXTAREA'].includes(tag)) return picker.inputValue();
  return (await picker.getAttribute('data-value')) ?? '';
}

/** Chooses a quarter in the quarter picker (a select or a text input). */
export async function pickQuarter(page: Page, quarter: string): Promise<void> {
  const picker = page.getByTestId('quarter-picker');
  if ((await picker.evaluate((el) => el.tagName)) === 'SELECT') await picker.selectOption(quarter);
  else {
    await picker.fill(quarter);
    await picker.press('Enter');
  }
}

/** A money figure on screen: its raw `data-value` and the cents its text says. */
export async function moneyShown(
  figure: Locator,
): Promise<{ value: number; textCents: number | undefined; text: string }> {
  const raw = await figure.getAttribute('data-value');
  const text = (await figure.innerText()).trim();
  return {
    value: raw === null ? Number.NaN : Number(raw),
    textCents: centsOfMoneyText(text),
    text,
  };
}

/** Waits until a figure's `data-value` is `expected` (the dashboard refetches after a change). */
export async function waitForValue(
  figure: Locator,
  expected: number,
  timeout = 10_000,
): Promise<void> {
  await figure
    .page()
    .waitForFunction(
      ([el, value]) => el !== null && Number(el.getAttribute('data-value')) === value,
      [await figure.elementHandle(), expected] as const,
      { timeout },
    )
    .catch(async () => {
      throw new Error(
        `${await figure.getAttribute('data-testid')} stayed at ${await figure.getAttribute('data-value')}, expected ${expected}`,
      );
    });
}

/**
 * The bytes a person gets by clicking a link: a download, or a new tab whose
 * address the page can fetch (a blob). A plain link to the API cannot work, as
 * a click sends no Authorization header: the dashboard must fetch it itself.
 */
export async function bytesBehind(
  page: Page,
  link: Locator,
): Promise<{ bytes: Buffer; how: string }> {
  const download = page.waitForEvent('download', { timeout: 20_000 });
  const popup = page.context().waitForEvent('page', { timeout: 20_000 });
  download.catch(() => undefined);
  popup.catch(() => undefined);
  await link.click();
  const first = await Promise.race([
    download.then((d) => ({ download: d })),
    popup.then((p) => ({ popup: p })),
  ]).catch(() => {
    throw new Error('clicking the link gave neither a download nor a new tab within 20 s');
  });
  if ('download' in first) {
    const failure = await first.download.failure();
    if (failure) throw new Error(`the download failed: ${failure}`);
    return {
      bytes: readFileSync(await first.download.path()),
      how: `download ${first.download.suggestedFilename()}`,
    };
  }
  const tab = first.popup;
  await tab.waitForLoadState('domcontentloaded').catch(() => undefined);
  const url = tab.url();
  const fetched = await page.evaluate(async (u) => {
    const response = await fetch(u);
    return {
      status: response.status,
      bytes: Array.from(new Uint8Array(await response.arrayBuffer())),
    };
  }, url);
  await tab.close();
  if (fetched.status !== 200) throw new Error(`the new tab ${url} answers ${fetched.status}`);
  return { bytes: Buffer.from(fetched.bytes), how: `new tab ${url.slice(0, 60)}` };
}

/** The quarter `offset` quarters from `quarter` (`2026-Q4`, -1 → `2026-Q3`). */
export function shiftQuarter(quarter: string, offset: number): string {
  const [, year, q] = /^(\d{4})-Q([1-4])$/.exec(quarter)!;
  const index = Number(year) * 4 + Number(q) - 1 + offset;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** The calendar quarter of an instant: the example partnership's fiscal year starts in January. */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}
