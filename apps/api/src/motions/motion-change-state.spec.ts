import { describe, expect, it } from 'vitest';
import { ValidationError } from '../common/errors.js';
import { changedState } from './motion-change-state.js';
import type { MotionState } from './motion-views.js';

const mssp: MotionState = {
  key: 'mssp',
  name: 'MSSP upsell',
  owners: { A: 'Dana', B: null },
  forecasts: { '2026-Q3': 300000, '2026-Q4': 400000 },
  stretch: { '2026-Q4': 450000 },
};

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError)
      return `${error.issues[0].field}: ${error.issues[0].message}`;
    throw error;
  }
  return undefined;
}

describe('a motion as a decision changes it', () => {
  it('sets and removes named quarters only; a removed forecast takes its stretch', () => {
    expect(
      changedState(mssp, {
        motion: 'mssp',
        action: 'change',
        forecasts: { '2026-Q4': null, '2027-Q1': 100 },
      }),
    ).toEqual({
      ...mssp,
      forecasts: { '2026-Q3': 300000, '2027-Q1': 100 },
      stretch: {},
    });
  });

  it('renames and changes owners per side; null clears an owner, absence keeps it', () => {
    expect(
      changedState(mssp, {
        motion: 'mssp',
        action: 'change',
        name: 'MSSP (EMEA)',
        owners: { A: null, B: 'Sam' },
      }),
    ).toEqual({
      ...mssp,
      name: 'MSSP (EMEA)',
      owners: { A: null, B: 'Sam' },
    });
    expect(
      changedState(mssp, { motion: 'mssp', action: 'change', owners: { B: 'Sam' } }).owners,
    ).toEqual({ A: 'Dana', B: 'Sam' });
  });

  it('keeps a stretch at or above its forecast, and never without one', () => {
    expect(
      changedState(mssp, { motion: 'mssp', action: 'change', stretch: { '2026-Q3': 300000 } })
        .stretch,
    ).toEqual({
      '2026-Q3': 300000,
      '2026-Q4': 450000,
    });
    expect(
      fieldOf(() =>
        changedState(mssp, { motion: 'mssp', action: 'change', forecasts: { '2026-Q4': 500000 } }),
      ),
    ).toBe(
      'effect.stretch.2026-Q4: 450000 would be below the forecast (500000); a stretch must be at least the forecast',
    );
    expect(
      fieldOf(() =>
        changedState(mssp, { motion: 'mssp', action: 'change', stretch: { '2027-Q1': 1 } }),
      ),
    ).toBe('effect.stretch.2027-Q1: the motion would have no forecast for 2027-Q1');
  });
});
