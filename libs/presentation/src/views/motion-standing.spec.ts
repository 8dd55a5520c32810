import { describe, expect, it } from 'vitest';
import { motionFlag } from './motion-standing.js';

describe('motionFlag', () => {
  it('writes a kill candidate before at risk, and nothing for a motion on track', () => {
    expect(motionFlag({ killCandidate: true, atRisk: true })).toBe('kill candidate');
    expect(motionFlag({ killCandidate: false, atRisk: true })).toBe('at risk');
    expect(motionFlag({ killCandidate: false, atRisk: false })).toBe('');
  });
});
