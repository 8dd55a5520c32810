import { describe, expect, it } from 'vitest';
import { redactedError, retryDelayMs } from './delivery-retry.js';

describe('retryDelayMs', () => {
  it('waits one minute, doubling, at most an hour', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n) / 60_000);
    expect(minutes).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(retryDelayMs(1000)).toBe(3_600_000);
  });

  it('refuses a count that is not a failure count', () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5)).toThrow(RangeError);
  });
});

describe('redactedError', () => {
  it('removes every secret the message quotes, and adds the cause', () => {
    const url = 'https://hooks.example.com/services/T000/B000/s3cr3t';
    const error = new Error(`request to ${url} failed`, { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(redactedError(error, [url, '/services/T000/B000/s3cr3t', null])).toBe(
      'request to [redacted] failed: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(redactedError('auth failed for hunter2', ['hunter2'])).toBe('auth failed for [redacted]');
  });

  it('keeps a stored error short', () => {
    expect(redactedError(new Error('x'.repeat(600)), [])).toHaveLength(500);
  });
});
