import { describe, expect, it } from 'vitest';
import { inChunks } from './in-chunks.js';

describe('inChunks', () => {
  it('cuts a list into runs of at most `size`, in order', () => {
    expect(inChunks(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(inChunks([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(inChunks([], 200)).toEqual([]);
    expect(() => inChunks([1], 0)).toThrow(/at least 1/);
  });
});
