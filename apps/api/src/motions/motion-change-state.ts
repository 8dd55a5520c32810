import type { MotionEffect } from '@alignboard/contracts';
import { ValidationError } from '../common/errors.js';
import type { MotionState } from './motion-views.js';

/**
 * The motion as a `change` leaves it: named quarters set (a number) or removed
 * (null; a removed forecast takes its stretch with it). A stretch must have a
 * forecast and be at least that forecast, as when a motion is defined.
 */
export function changedState(current: MotionState, effect: MotionEffect): MotionState {
  const forecasts = { ...current.forecasts };
  const stretch = { ...current.stretch };
  for (const [quarter, amount] of Object.entries(effect.forecasts ?? {})) {
    if (amount === null) {
      delete forecasts[quarter];
      delete stretch[quarter];
    } else forecasts[quarter] = amount;
  }
  for (const [quarter, amount] of Object.entries(effect.stretch ?? {})) {
    if (amount === null) delete stretch[quarter];
    else stretch[quarter] = amount;
  }
  for (const [quarter, amount] of Object.entries(stretch)) {
    const forecast = forecasts[quarter];
    if (forecast === undefined) {
      throw ValidationError.field(
        `effect.stretch.${quarter}`,
        `the motion would have no forecast for ${quarter}`,
      );
    }
    if (amount < forecast) {
      throw ValidationError.field(
        `effect.stretch.${quarter}`,
        `${amount} would be below the forecast (${forecast}); a stretch must be at least the forecast`,
      );
    }
  }
  const byQuarter = (amounts: Record<string, number>) =>
    Object.fromEntries(Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b)));
  return {
    key: current.key,
    name: effect.name ?? current.name,
    owners: {
      A: effect.owners?.A === undefined ? current.owners.A : effect.owners.A,
      B: effect.owners?.B === undefined ? current.owners.B : effect.owners.B,
    },
    forecasts: byQuarter(forecasts),
    stretch: byQuarter(stretch),
  };
}
