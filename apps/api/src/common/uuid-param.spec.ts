import { describe, expect, it } from 'vitest';
import { NotFoundError } from './errors.js';
import { isUuid, UuidPipe } from './uuid-param.js';

describe('UuidPipe', () => {
  const pipe = new UuidPipe('meeting');

  it('passes a UUID through, lower-cased', () => {
    expect(pipe.transform('6F1C2B3A-0D4E-4F5A-8B6C-7D8E9F0A1B2C')).toBe('6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c');
    // PostgreSQL's uuid type takes any version and variant, so the pipe does too.
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it('turns anything else into "not found", naming the record kind', () => {
    for (const value of ['42', 'not-a-uuid', '6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2', '6f1c2b3a0d4e4f5a8b6c7d8e9f0a1b2c']) {
      expect(() => pipe.transform(value)).toThrow(NotFoundError);
    }
    expect(() => pipe.transform('42')).toThrow('No meeting 42');
  });
});
