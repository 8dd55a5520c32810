import { boardPackFileName, boardPackQuerySchema } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';

const fields = (input: object) => {
  const parsed = boardPackQuerySchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('the board pack query', () => {
  it('takes a range of up to eight quarters, in order, and an optional as-of on the calendar', () => {
    expect(boardPackQuerySchema.parse({ from: '2025-Q3', to: '2026-Q2' })).toEqual({
      from: '2025-Q3',
      to: '2026-Q2',
    });
    expect(fields({ from: '2025-Q1', to: '2026-Q4' })).toEqual([]); // eight
    expect(fields({ from: '2025-Q1', to: '2027-Q1' })).toEqual(['to']); // nine
    expect(fields({ from: '2026-Q2', to: '2026-Q1' })).toEqual(['to']);
    expect(fields({ from: '2026-Q5', to: '2026-Q1' })).toEqual(['from']);
    expect(fields({ from: '2026-Q1' })).toEqual(['to']);
    expect(fields({ from: '2026-Q1', to: '2026-Q1', asOf: '2026-02-31T00:00:00Z' })).toEqual([
      'asOf',
    ]);
    expect(fields({ from: '2026-Q1', to: '2026-Q1', asOf: '2026-07-15' })).toEqual(['asOf']);
    expect(fields({ from: '2026-Q1', to: '2026-Q1', asOf: '2026-07-15T02:00:00+02:00' })).toEqual(
      [],
    );
    expect(fields({ from: '2026-Q1', to: '2026-Q1', side: 'A' })).toEqual(['']);
  });

  it('names the file by partnership, range and as-of (UTC, to the second)', () => {
    expect(
      boardPackFileName(
        'cobalt-northgate',
        { from: '2025-Q3', to: '2026-Q2' },
        '2026-07-15T02:00:00+02:00',
        'pdf',
      ),
    ).toBe('cobalt-northgate-board-pack-2025-Q3-2026-Q2-asof-20260715T000000Z.pdf');
    expect(
      boardPackFileName(
        'x',
        { from: '2026-Q2', to: '2026-Q2' },
        '2026-07-15T00:00:00.000Z',
        'arrow',
      ),
    ).toBe('x-board-pack-2026-Q2-asof-20260715T000000Z.arrow');
  });
});
