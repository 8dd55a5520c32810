import { describe, expect, it } from 'vitest';
import { LogCapture } from '../../test-support/test-app.js';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('censors credentials wherever they sit in a logged object', () => {
    const capture = new LogCapture();
    const logger = createLogger({ LOG_LEVEL: 'info' }, capture);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abt_secret-token' } },
        connection: { clientSecret: 'cs-1', password: 'pw-2', accessToken: 'at-3' },
        input: { crm: { refreshToken: 'rt-4' } },
      },
      'hello',
    );
    logger.flush?.();
    for (const secret of ['abt_secret-token', 'cs-1', 'pw-2', 'at-3', 'rt-4']) expect(capture.text).not.toContain(secret);
    expect(capture.text).toContain('[redacted]');
  });
});
