import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseInstant, parseQuarter } from './cli-options.js';

describe('CLI option parsers', () => {
  it('reads an instant with its offset, or a date as its first UTC instant', () => {
    expect(parseInstant('2026-07-15T02:00:00+02:00')).toBe('2026-07-15T00:00:00.000Z');
    expect(parseInstant('2026-07-15')).toBe('2026-07-15T00:00:00.000Z');
  });
  it('refuses a date that is not on the calendar, or an instant without an offset', () => {
    expect(() => parseInstant('2026-02-31')).toThrow(InvalidArgumentError);
    expect(() => parseInstant('2026-07-15T00:00:00')).toThrow(/ISO 8601 instant/);
  });
  it('reads a fiscal quarter name', () => {
    expect(parseQuarter('2026-Q2')).toBe('2026-Q2');
    expect(() => parseQuarter('2026-Q5')).toThrow(/like 2026-Q2/);
  });
});
