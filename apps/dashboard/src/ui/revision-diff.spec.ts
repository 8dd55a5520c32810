import { describe, expect, it } from 'vitest';
import { diffLines, diffSummary, pathLabel } from './revision-diff.js';

describe('revision diffs', () => {
  it('names paths in words, counting list items from 1', () => {
    expect(pathLabel(['commitments', 1, 'amount'])).toBe('commitments #2 amount');
    expect(pathLabel(['numbers', 'joint', 'closedWon'])).toBe('numbers joint closed won');
  });

  it('turns each change into before and after text', () => {
    expect(
      diffLines([
        { type: 'CHANGE', path: ['notes'], oldValue: 'a', value: 'b' },
        { type: 'CREATE', path: ['commitments', 0], value: { text: 'Run 2 workshops', ownerSide: 'B' } },
        { type: 'REMOVE', path: ['asks', 2], oldValue: { text: 'x' } },
        { type: 'CHANGE', path: ['numbers', 'split', 'sourcedShare'], oldValue: null, value: 0.5 },
      ]),
    ).toEqual([
      { where: 'notes', change: 'changed', before: 'a', after: 'b' },
      { where: 'commitments #1', change: 'added', before: null, after: '{"text":"Run 2 workshops","ownerSide":"B"}' },
      { where: 'asks #3', change: 'removed', before: '{"text":"x"}', after: null },
      { where: 'numbers split sourcedShare', change: 'changed', before: '—', after: '0.5' },
    ]);
  });

  it('sums a revision up by the parts it touched', () => {
    expect(diffSummary([], 1)).toBe('Created');
    expect(diffSummary([], 3)).toBe('No change');
    expect(
      diffSummary(
        [
          { type: 'CHANGE', path: ['numbers', 'joint', 'total'], oldValue: 1, value: 2 },
          { type: 'CHANGE', path: ['numbers', 'asOf'], oldValue: 'a', value: 'b' },
          { type: 'CHANGE', path: ['notes'], oldValue: 'a', value: 'b' },
          { type: 'CREATE', path: ['commitments', 0], value: {} },
          { type: 'CREATE', path: ['commitments', 1], value: {} },
          { type: 'CREATE', path: ['asks', 0], value: {} },
        ],
        4,
      ),
    ).toBe('numbers, notes, commitments #1 and 2 more');
  });
});
