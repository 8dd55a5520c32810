import { describe, expect, it } from 'vitest';
import { describeHealth, formatUtcTime } from './status.js';

const checkedAt = new Date('2026-04-16T14:03:07.250Z');

describe('describeHealth', () => {
  it('says both are up', () => {
    expect(describeHealth({ api: 'up', database: 'up', now: checkedAt.toISOString() }, checkedAt)).toEqual({
      tone: 'ok',
      headline: 'API up · database up',
      detail: 'Checked at 14:03:07 UTC.',
    });
  });

  it('says which half is down when the database is', () => {
    expect(describeHealth({ api: 'up', database: 'down', now: checkedAt.toISOString() }, checkedAt)).toEqual({
      tone: 'warn',
      headline: 'API up · database down',
      detail: 'The API answers but cannot reach its database. Checked at 14:03:07 UTC.',
    });
  });

  it('says the API is unreachable, with the reason as a sentence', () => {
    expect(describeHealth({ api: 'down', reason: 'no answer from the server' }, checkedAt)).toEqual(
      {
        tone: 'down',
        headline: 'API unreachable',
        detail: 'No answer from the server. Checked at 14:03:07 UTC.',
      },
    );
  });
});

describe('formatUtcTime', () => {
  it('writes the UTC clock time whatever the local zone, dropping milliseconds', () => {
    expect(formatUtcTime(new Date('2026-01-01T00:00:00.999+02:00'))).toBe('22:00:00 UTC');
  });
});
