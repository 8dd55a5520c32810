import type { MotionPage, PacketDealChange, PreworkPacketContent } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import { categoryChange, closeChange, dealLabel, movements, PacketFormat, percent } from './packet-format.js';
import { escapeHtml as esc } from '@alignboard/presentation';

const deal = (over: Partial<PacketDealChange>): PacketDealChange => ({
  groupId: 'A:0061',
  name: null,
  accountName: null,
  amount: 1000,
  closeDate: '2026-05-15',
  category: 'commit',
  before: { amount: 1000, closeDate: '2026-03-25', category: 'commit' },
  ...over,
});

describe('packet wording', () => {
  const f = new PacketFormat({ partnership: { currency: 'EUR', companies: { A: 'Cobalt', B: 'Northgate' } } } as PreworkPacketContent);

  it('writes money in whole units with the currency code, and changes with their sign', () => {
    expect([f.amount(219000), f.amount(1234.56), f.amount(0), f.amount(null)]).toEqual(['EUR 219,000', 'EUR 1,235', 'EUR 0', '—']);
    expect([f.change(174000), f.change(-140000), f.change(0)]).toEqual(['+EUR 174,000', '−EUR 140,000', 'no change']);
    expect(f.jointChange({ then: 260000, now: 120000, change: -140000 })).toBe('EUR 120,000, was EUR 260,000 (−EUR 140,000)');
    expect([f.direction('A', 'B'), f.direction('B', 'A', 'to')]).toEqual(['Cobalt → Northgate', 'Northgate to Cobalt']);
    expect([percent(0.775), percent(2.1), percent(null)]).toEqual(['77.5%', '210.0%', '—']);
  });

  it('says what moved, and what did not in one sentence', () => {
    expect(closeChange(deal({}))).toBe('2026-05-15 (was 2026-03-25)');
    expect(closeChange(deal({ before: null }))).toBe('2026-05-15');
    expect(categoryChange(deal({ category: 'closed_won' }))).toBe('Won (was Commit)');
    expect(categoryChange(deal({}))).toBe('Commit');
    expect(categoryChange(deal({ category: 'closed_lost', before: null }))).toBe('Lost (new)');
    expect([dealLabel(deal({ name: 'Stark', accountName: 'Stark Ind.' })), dealLabel(deal({ accountName: 'Hooli' })), dealLabel(deal({}))]).toEqual([
      'Stark (Stark Ind.)',
      'Hooli',
      'A:0061',
    ]);

    const page = { slipped: [], pushed: [deal({})], pulledIn: [], won: [], lost: [deal({ category: 'closed_lost' })] } as unknown as MotionPage;
    const moved = movements(page);
    expect(moved.shown.map((s) => s.title)).toEqual(['Pushed', 'Lost since the last meeting']);
    expect(moved.quiet).toBe('Since the last meeting, no deal of this motion slipped, was pulled in or was won.');
  });

  it('escapes people’s text for HTML', () => {
    expect(esc(`<b onclick="x">Tom & Jerry's</b>`)).toBe('&lt;b onclick=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;');
  });

  // The motion chart is the presentation lib's now: libs/presentation/src/charts/motion-trend.spec.ts.
});
