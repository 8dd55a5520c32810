import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { syncProgressDisplay } from './sync-progress.js';

/** A stream as the CLI's stdout, on or off a terminal, keeping what was written. */
function stream(isTTY: boolean) {
  const chunks: string[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(out, {
    isTTY,
    columns: 120,
    cursorTo: (_x: number, _y?: number, cb?: () => void) => (cb?.(), true),
    moveCursor: (_x: number, _y: number, cb?: () => void) => (cb?.(), true),
    clearLine: (_dir: number, cb?: () => void) => (cb?.(), true),
    clearScreenDown: (cb?: () => void) => (cb?.(), true),
    text: () => chunks.join(''),
  });
  return out;
}

describe('sync progress off a terminal', () => {
  it('prints a plain line when each step starts and ends, and every ten seconds in between', () => {
    const out = stream(false);
    let now = 0;
    const display = syncProgressDisplay(out, { everyMs: 10_000, now: () => now });
    const line = display.line('acme A (salesforce)');
    line.update('checking', 2000, null);
    now = 4_000;
    line.update('checking', 4000, null);
    now = 12_000;
    line.update('checking', 6000, null);
    line.update('healing', 0, 3);
    line.update('healing', 3, 3);
    line.done();
    display.stop();
    expect(out.text().split('\n')).toEqual([
      'acme A (salesforce): checking…',
      'acme A (salesforce): checking, 6,000 records checked',
      'acme A (salesforce): checking done, 6,000 records checked',
      'acme A (salesforce): healing 3 records…',
      'acme A (salesforce): healing done, 3 of 3 records healed',
      '',
    ]);
  });

  it('says what a reading step counts: changed opportunities, read of those the CRM counts', () => {
    const out = stream(false);
    const line = syncProgressDisplay(out).line('acme B (hubspot)');
    line.update('reading', 100, 2100);
    line.update('reading', 2100, 2100);
    line.done();
    expect(out.text()).toBe('acme B (hubspot): reading 2,100 changed opportunities…\nacme B (hubspot): reading done, 2,100 of 2,100 opportunities read\n');
  });
});

describe('sync progress on a terminal', () => {
  it('draws a bar with the step and what it counts, never a template', () => {
    const out = stream(true);
    const display = syncProgressDisplay(out);
    const line = display.line('acme A (salesforce)');
    line.update('reading', 1050, 2100);
    line.done();
    display.stop();
    const text = out.text();
    expect(text).toContain('acme A (salesforce) reading');
    expect(text).toContain('1050/2100 opportunities read');
    expect(text).not.toMatch(/\{\w+\}/);
  });
});
