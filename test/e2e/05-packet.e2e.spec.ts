import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { PacketView } from '@alignboard/contracts';
import {
  bytesBehind,
  goTo,
  logIn,
  openDashboard,
  screenshot,
  type Dashboard,
} from './support/browser.js';
import { cents } from './support/expected-link.js';
import { packetAmount } from './support/money.js';

describe('the prework packet of the next meeting', () => {
  let d: Dashboard;
  let packet: PacketView;
  beforeAll(async () => {
    d = await openDashboard();
    await logIn(d.page, d.demo.token);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('says what to do while the next meeting has no packet yet', async () => {
    const { page } = d;
    const root = await goTo(page, 'packet');
    expect((await root.innerText()).trim().length).toBeGreaterThan(20);
    await screenshot(page, 'packet-empty');
  });

  it('shows the packet with the joint number, lists it, and its PDF link gives the PDF', async () => {
    const { page, api } = d;
    // The scheduler makes the packet three business days before the meeting; the demo's is weeks away.
    const today = new Date().toISOString().slice(0, 10);
    const next = (await api.meetings())
      .filter((m) => m.status === 'scheduled' && m.scheduledDate >= today)
      .sort((x, y) => x.scheduledDate.localeCompare(y.scheduledDate))[0];
    expect(next, 'the demo schedules the next meeting').toBeDefined();
    packet = await api.generatePacket(next!.id);
    const { number, partnership } = packet.content;
    // The packet's number is the §5 figure as of its instant.
    const atPacket = await api.metrics(number.current.quarter, packet.asOf);
    expect(cents(number.current.joint.total)).toBe(cents(atPacket.joint.total));

    await goTo(page, 'cro');
    await goTo(page, 'packet');
    const frameText = await textOf(page.getByTestId('packet-frame'));
    for (const figure of [number.ended.joint.total, number.current.joint.total]) {
      expect(frameText, 'packet-frame shows the joint number').toContain(
        packetAmount(figure, partnership.currency),
      );
    }
    expect(frameText).toContain(partnership.name);

    const list = page.getByTestId('packet-list');
    expect(await list.innerText()).toContain(packet.quarter);

    const { bytes, how } = await bytesBehind(page, page.getByTestId('packet-pdf-link'));
    expect(bytes.subarray(0, 5).toString('latin1'), `packet-pdf-link (${how}) gives a PDF`).toBe(
      '%PDF-',
    );
    const pdfText = execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString(
      'utf8',
    );
    expect(pdfText).toContain(
      packetAmount(number.current.joint.total, partnership.currency).replace(/^[A-Z]{3} /, ''),
    );
    await screenshot(page, 'packet');
    expect(d.pageErrors).toEqual([]);
  });
});

/** The text of the packet as shown: inside its iframe, or in the container itself. */
async function textOf(frame: Locator): Promise<string> {
  await frame.waitFor({ state: 'visible', timeout: 10_000 });
  if ((await frame.evaluate((el) => el.tagName)) !== 'IFRAME')
    return (await frame.innerText()).replace(/\u00a0/g, ' ');
  const body = frame.contentFrame().locator('body');
  await expect
    .poll(async () => (await body.innerText()).length, { timeout: 10_000 })
    .toBeGreaterThan(100);
  return (await body.innerText()).replace(/\u00a0/g, ' ');
}
