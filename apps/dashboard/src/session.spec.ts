import { describe, expect, it } from 'vitest';
import { cleanToken, sessionTokenStore } from './session.js';

describe('sessionTokenStore', () => {
  it('keeps one token under its own key and forgets it', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
    const store = sessionTokenStore(storage);
    expect(store.read()).toBeNull();
    store.write('abt_x');
    expect(store.read()).toBe('abt_x');
    expect([...data.keys()]).toEqual(['alignboard.token']);
    store.clear();
    expect(store.read()).toBeNull();
  });
});

describe('cleanToken', () => {
  it('takes the token out of what a terminal line or a header looks like', () => {
    expect(cleanToken('  token: abt_5A0z-x_Q \n')).toBe('abt_5A0z-x_Q');
    expect(cleanToken('Bearer abt_x')).toBe('abt_x');
    expect(cleanToken('abt_x')).toBe('abt_x');
    expect(cleanToken('   ')).toBe('');
  });
});
