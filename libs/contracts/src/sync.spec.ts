import { describe, expect, it } from 'vitest';
import { describeHealed, healedByKind, healedTotal, type ReconcileReport } from './sync.js';

const none = { missing: 0, changed: 0, deleted: 0, merged: 0, restored: 0, purged: 0 };
const report = (opportunities: Partial<typeof none>, accounts: Partial<typeof none> = {}): ReconcileReport => ({
  checked: { opportunities: 10, accounts: 2 },
  healed: { opportunities: { ...none, ...opportunities }, accounts: { ...none, ...accounts } },
  quarantined: 0,
  records: [],
  truncated: false,
});

describe('what a reconciliation healed', () => {
  it('adds opportunities and accounts up by kind, and says it in the kinds’ order', () => {
    const r = report({ purged: 1, changed: 2 }, { changed: 1 });
    expect(healedByKind(r)).toEqual({ ...none, changed: 3, purged: 1 });
    expect(healedTotal(r)).toBe(4);
    expect(describeHealed(r)).toBe('3 changed, 1 purged');
    expect(describeHealed(report({ missing: 1200 }))).toBe('1,200 missing');
  });

  it('is nothing when every record matched', () => {
    expect(healedTotal(report({}))).toBe(0);
    expect(describeHealed(report({}))).toBeNull();
  });
});
