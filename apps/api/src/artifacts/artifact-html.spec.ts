import type { ArtifactView } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '@alignboard/presentation';
import {
  money,
  percent,
  renderArtifactHtml,
  renderArtifactText,
} from './artifact-html.js';

const heading = {
  partnershipName: 'Cobalt x Northgate',
  companies: { A: 'Cobalt Security', B: 'Northgate <Systems>' },
};

function artifact(overrides: Partial<ArtifactView['content']> = {}): ArtifactView {
  const part = { open: 0, closedWon: 0, total: 0, deals: 0 };
  return {
    id: 'a1',
    quarter: '2026-Q2',
    revision: 3,
    author: 'dana@cobalt.example',
    updatedAt: '2026-04-17T10:00:00.000Z',
    confirmations: { A: { at: '2026-04-17T11:00:00.000Z', by: 'dana@cobalt.example' }, B: null },
    sentAt: null,
    sentRevision: null,
    lastSentAt: null,
    createdAt: '2026-04-16T15:00:00.000Z',
    history: [],
    content: {
      numbers: {
        quarter: '2026-Q2',
        currency: 'USD',
        asOf: '2026-04-16T00:00:00.000Z',
        joint: {
          open: 322500,
          commit: 168500,
          upside: 119000,
          pipeline: 35000,
          closedWon: 30000,
          closedLost: 20000,
          total: 352500,
          deals: 9,
          duplicatesRemoved: 1,
        },
        split: {
          sourced: { ...part, total: 195500 },
          influenced: { ...part, total: 176000 },
          sourcedShare: 0.55461,
        },
        call: {
          commitAtStart: 150000,
          upsideAtStart: 50000,
          closedWon: 30000,
          vsCommit: 0.2,
          vsCommitPlusUpside: 0.15,
        },
        motions: [
          {
            key: 'mssp',
            name: 'MSSP & co',
            status: 'active',
            forecast: 200000,
            stretch: null,
            produced: 13000,
            attainment: 0.065,
            stretchAttainment: null,
            closedWon: 0,
            deals: 2,
            killCandidate: false,
            atRisk: true,
            reason: 'behind',
          },
          {
            key: 'smb',
            name: 'SMB',
            status: 'active',
            forecast: 0,
            stretch: null,
            produced: 0,
            attainment: null,
            stretchAttainment: null,
            closedWon: 0,
            deals: 0,
            killCandidate: false,
            atRisk: false,
            reason: null,
          },
        ],
      },
      commitments: [{ text: 'Two workshops', ownerSide: 'B', owner: 'Sam', amount: 25000.5 }],
      asks: [
        {
          id: 'k1',
          fromSide: 'A',
          toSide: 'B',
          quarterRaised: '2026-Q2',
          text: 'Intro to <Hooli>',
          owner: null,
          due: '2026-05-31',
          status: 'dropped',
          verdict: 'wrong_timing',
        },
      ],
      decisions: [{ id: 'd1', kind: 'motion', text: 'Kill "SMB"', owner: 'Dana', due: null }],
      notes: '',
      ...overrides,
    },
  };
}

describe('one-pager rendering', () => {
  it('formats money in the base currency with cents only when there are some, and ratios as percentages', () => {
    expect(money(352500, 'USD')).toBe('USD 352,500');
    expect(money(25000.5, 'EUR')).toBe('EUR 25,000.5');
    expect(money(0.125, 'USD')).toBe('USD 0.13');
    expect(money(null, 'USD')).toBe('—');
    expect(percent(0.065)).toBe('6.5%');
    expect(percent(0.55461)).toBe('55.5%');
    expect(percent(null)).toBe('—');
  });

  it('escapes markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
  });

  it('renders every section of the one-pager', () => {
    const html = renderArtifactHtml(heading, artifact());
    expect(html).toContain('<title>Cobalt x Northgate — one-pager 2026-Q2</title>');
    expect(html).toContain(
      'Revision 3 · Cobalt Security: confirmed 2026-04-17T11:00:00.000Z · Northgate &lt;Systems&gt;: not confirmed',
    );
    expect(html).toContain('<td>Joint number (open + closed won)</td><td>USD 352,500</td>');
    expect(html).toContain(
      '<td>Commit / upside / pipeline</td><td>USD 168,500 / USD 119,000 / USD 35,000</td>',
    );
    expect(html).toContain(
      '<td>Partner sourced / influenced</td><td>USD 195,500 / USD 176,000 (sourced 55.5%)</td>',
    );
    expect(html).toContain('<td>Closed won vs commit</td><td>20%</td>');
    expect(html).toContain(
      '<tr><td>MSSP &amp; co</td><td>USD 200,000</td><td>USD 13,000</td><td>6.5%</td><td>at risk</td></tr>',
    );
    expect(html).toContain('<tr><td>SMB</td><td>USD 0</td><td>USD 0</td><td>—</td><td></td></tr>');
    expect(html).toContain(
      '<tr><td>Two workshops</td><td>Northgate &lt;Systems&gt;</td><td>Sam</td><td>USD 25,000.5</td></tr>',
    );
    expect(html).toContain(
      '<td>Intro to &lt;Hooli&gt;</td><td>Cobalt Security → Northgate &lt;Systems&gt;</td><td></td><td>2026-05-31</td><td>dropped (wrong_timing)</td>',
    );
    expect(html).toContain(
      '<tr><td>motion</td><td>Kill &quot;SMB&quot;</td><td>Dana</td><td></td></tr>',
    );
    expect(html).not.toContain('<h2>Notes</h2>');
    expect(html).toContain('@media print');
  });

  it('says "None." for empty sections, and renders notes', () => {
    const html = renderArtifactHtml(
      heading,
      artifact({ commitments: [], asks: [], decisions: [], notes: 'Line one\n<b>two</b>' }),
    );
    expect(html.match(/<p class="none">None.<\/p>/g)).toHaveLength(3);
    expect(html).toContain('<p class="notes">Line one\n&lt;b&gt;two&lt;/b&gt;</p>');
  });

  it('renders a plain-text version for the email', () => {
    expect(renderArtifactText(heading, artifact())).toBe(
      [
        'Cobalt x Northgate — one-pager 2026-Q2 (revision 3)',
        '',
        'Joint number: USD 352,500 (open USD 322,500, closed won USD 30,000), as of 2026-04-16T00:00:00.000Z',
        '',
        'Commitments:',
        '- Two workshops (Northgate <Systems>, Sam, USD 25,000.5)',
        '',
        'Asks:',
        '- Intro to <Hooli> (A → B, dropped)',
        '',
        'Decisions:',
        '- [motion] Kill "SMB"',
        '',
      ].join('\n'),
    );
  });
});
