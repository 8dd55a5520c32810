import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSave, type SaveStatus } from './live-save.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(save: (value: string) => Promise<void>, isConflict?: (e: Error) => boolean) {
  const statuses: SaveStatus[] = [];
  const saver = new LiveSave('start', { delayMs: 500, save, onStatus: (s) => statuses.push(s), isConflict });
  return { saver, statuses };
}

describe('LiveSave', () => {
  it('saves once, after the typing stops', async () => {
    const save = vi.fn(async () => undefined);
    const { saver, statuses } = setup(save);
    saver.change('a');
    await vi.advanceTimersByTimeAsync(300);
    saver.change('ab');
    await vi.advanceTimersByTimeAsync(300);
    saver.change('abc');
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith('abc');
    expect(statuses.at(-1)).toBe('saved');
    expect(saver.pending).toBe(false);
  });

  it('never runs two saves at once: what was typed during a save is saved right after', async () => {
    const resolvers: (() => void)[] = [];
    const save = vi.fn(() => new Promise<void>((r) => resolvers.push(r)));
    const { saver, statuses } = setup(save);
    saver.change('one');
    await vi.advanceTimersByTimeAsync(500);
    saver.change('one two');
    await vi.advanceTimersByTimeAsync(500);
    expect(save).toHaveBeenCalledTimes(1);
    resolvers[0]();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith('one two');
    resolvers[1]();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('saved');
  });

  it('saves nothing when the text comes back to what is saved', async () => {
    const save = vi.fn(async () => undefined);
    const { saver } = setup(save);
    saver.change('startx');
    saver.change('start');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).not.toHaveBeenCalled();
    expect(saver.pending).toBe(false);
  });

  it('flushes now on demand, and keeps a failed value pending', async () => {
    const save = vi.fn(async () => {
      throw new Error('HTTP 500');
    });
    const { saver, statuses } = setup(save);
    saver.change('x');
    await expect(saver.flush()).rejects.toThrow('HTTP 500');
    expect(statuses.at(-1)).toBe('error');
    expect(saver.pending).toBe(true);
  });

  it('reports a conflict apart from other failures', async () => {
    const { saver, statuses } = setup(
      async () => {
        throw new Error('409');
      },
      (e) => e.message === '409',
    );
    saver.change('mine');
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses.at(-1)).toBe('conflict');
    saver.reset('theirs');
    expect(saver.value).toBe('theirs');
    expect(saver.pending).toBe(false);
    expect(statuses.at(-1)).toBe('idle');
  });
});
