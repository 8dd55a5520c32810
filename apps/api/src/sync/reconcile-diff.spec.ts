import { describe, expect, it } from 'vitest';
import { countByKind, differences, type StoredEntry } from './reconcile-diff.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
const stored = (crmId: string, minute: number, over: Partial<StoredEntry> = {}): StoredEntry => ({ crmId, modifiedMs: Date.parse(at(minute)), isDeleted: false, purged: false, ...over });
const crm = (crmId: string, minute: number, isDeleted = false) => ({ crmId, modifiedAt: at(minute), isDeleted });

describe('differences', () => {
  it('finds each kind once, and nothing where store and CRM agree', () => {
    const found = differences(
      [stored('same', 1), stored('newer', 1), stored('older', 5), stored('gone', 1), stored('deleted', 1), stored('merged', 1), stored('back', 1, { isDeleted: true }), stored('deletedBoth', 2, { isDeleted: true })],
      [crm('same', 1), crm('newer', 3), crm('older', 2), crm('deleted', 4, true), crm('merged', 4, true), crm('back', 6), crm('deletedBoth', 2, true), crm('new', 1)],
      { listsAll: true, mergedAway: new Set(['merged']) },
    );
    expect(found).toEqual([
      { crmId: 'newer', kind: 'changed' },
      // An earlier CRM stamp than stored: a restored portal; the CRM's version wins.
      { crmId: 'older', kind: 'changed' },
      { crmId: 'deleted', kind: 'deleted' },
      { crmId: 'merged', kind: 'merged' },
      { crmId: 'back', kind: 'restored' },
      { crmId: 'new', kind: 'missing' },
      { crmId: 'gone', kind: 'purged' },
    ]);
    expect(countByKind(found)).toEqual({ missing: 1, changed: 2, deleted: 1, merged: 1, restored: 1, purged: 1 });
  });

  it('cannot tell missing records when the CRM lists only what it was asked about', () => {
    expect(differences([stored('a', 1)], [crm('a', 1), crm('b', 1)], { listsAll: false })).toEqual([]);
  });

  it('leaves a record purged before alone, and brings it back when the CRM holds it again', () => {
    expect(differences([stored('p', 1, { purged: true, isDeleted: true })], [], { listsAll: true })).toEqual([]);
    expect(differences([stored('p', 1, { purged: true, isDeleted: true })], [crm('p', 1)], { listsAll: true })).toEqual([{ crmId: 'p', kind: 'restored' }]);
    expect(differences([stored('p', 1, { purged: true, isDeleted: true })], [crm('p', 1, true)], { listsAll: true })).toEqual([{ crmId: 'p', kind: 'changed' }]);
  });

  it('counts a record the CRM lists twice once', () => {
    expect(differences([stored('a', 1)], [crm('a', 2), crm('a', 2)], { listsAll: true })).toEqual([{ crmId: 'a', kind: 'changed' }]);
  });

  it('counts every kind, with zeros, for an empty comparison', () => {
    expect(countByKind(differences([], [], { listsAll: true }))).toEqual({ missing: 0, changed: 0, deleted: 0, merged: 0, restored: 0, purged: 0 });
  });
});
