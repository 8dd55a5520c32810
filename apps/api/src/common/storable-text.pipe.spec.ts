import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { nulMessage, StorableTextPipe, surrogateMessage, unstorableText } from './storable-text.pipe.js';

describe('unstorableText', () => {
  it('finds a NUL or a lone surrogate anywhere, named by the path the zod issues use', () => {
    const body = { name: 'ok', asks: [{ text: 'fine' }, { text: 'bad\u0000' }], owners: { B: '\ud800x' } };
    expect(unstorableText(body)).toEqual([
      { field: 'asks[1].text', message: nulMessage },
      { field: 'owners.B', message: surrogateMessage },
    ]);
    expect(unstorableText('x\udc00', ['name'])).toEqual([{ field: 'name', message: surrogateMessage }]);
  });

  it('passes well-formed text, astral characters included, and non-strings', () => {
    expect(unstorableText({ name: 'Équipe 🤝 北京', n: 1, flag: true, none: null, list: [[], {}] })).toEqual([]);
  });

  it('refuses a key holding a NUL, naming the object that holds it', () => {
    expect(unstorableText({ forecasts: { '2026-Q2\u0000': 1 } })).toEqual([
      { field: 'forecasts', message: 'must not contain a key with a NUL character (U+0000)' },
    ]);
  });

  it('walks a body nested far deeper than the call stack, and stops after 20 issues', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText(deep)).toHaveLength(1);
    expect(unstorableText(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });
});

describe('StorableTextPipe', () => {
  const pipe = new StorableTextPipe();

  it('names a path or query parameter by its name, and leaves custom decorators alone', () => {
    expect(() => pipe.transform('a\u0000', { type: 'param', data: 'key' })).toThrow(new ValidationError([{ field: 'key', message: nulMessage }]));
    expect(() => pipe.transform({ quarter: '\u0000' }, { type: 'query' })).toThrow('quarter: must not contain a NUL');
    const principal = { email: '\u0000' };
    expect(pipe.transform(principal, { type: 'custom' })).toBe(principal);
    expect(pipe.transform({ name: 'fine' }, { type: 'body' })).toEqual({ name: 'fine' });
  });
});
