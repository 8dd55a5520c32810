import type { MotionView } from '@alignboard/contracts';
import type { Motion } from './entities/motion.entity.js';
import type { MotionForecast } from './entities/motion-forecast.entity.js';

/** What a motion definition sets (status is not part of it: only a decision kills a motion). */
export interface MotionState {
  key: string;
  name: string;
  owners: { A: string | null; B: string | null };
  forecasts: Record<string, number>;
  stretch: Record<string, number>;
}

/** A definition as the file or the API gives it: absent owners and stretch mean none. */
export interface MotionDefinitionInput {
  key: string;
  name: string;
  owners?: { A?: string | null; B?: string | null };
  forecasts: Record<string, number>;
  stretch?: Record<string, number>;
}

export function motionStateOf(motion: Motion, rows: MotionForecast[]): MotionState {
  const sorted = [...rows].sort((a, b) => a.quarter.localeCompare(b.quarter));
  return {
    key: motion.key,
    name: motion.name,
    owners: { A: motion.ownerA, B: motion.ownerB },
    forecasts: Object.fromEntries(sorted.map((r) => [r.quarter, r.forecast])),
    stretch: Object.fromEntries(
      sorted.filter((r) => r.stretch !== null).map((r) => [r.quarter, r.stretch as number]),
    ),
  };
}

export function desiredStateOf(definition: MotionDefinitionInput): MotionState {
  const byQuarter = (amounts: Record<string, number>) =>
    Object.fromEntries(Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b)));
  return {
    key: definition.key,
    name: definition.name,
    owners: { A: definition.owners?.A ?? null, B: definition.owners?.B ?? null },
    forecasts: byQuarter(definition.forecasts),
    stretch: byQuarter(definition.stretch ?? {}),
  };
}

export function motionViewOf(motion: Motion, rows: MotionForecast[]): MotionView {
  const { key, name, owners, forecasts, stretch } = motionStateOf(motion, rows);
  return {
    key,
    name,
    status: motion.status,
    killedByDecisionId: motion.killedByDecisionId,
    owners,
    forecasts,
    stretch,
    createdAt: motion.createdAt.toISOString(),
    updatedAt: motion.updatedAt.toISOString(),
  };
}

/** Human-readable differences, for `apply`'s summary: `forecast 2026-Q2 400000 → 500000`. */
export function describeMotionChanges(before: MotionState, after: MotionState): string[] {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`name "${before.name}" → "${after.name}"`);
  for (const side of ['A', 'B'] as const) {
    if (before.owners[side] !== after.owners[side]) {
      changes.push(
        `owner ${side} ${before.owners[side] ?? 'none'} → ${after.owners[side] ?? 'none'}`,
      );
    }
  }
  changes.push(...amountChanges('forecast', before.forecasts, after.forecasts));
  changes.push(...amountChanges('stretch', before.stretch, after.stretch));
  return changes;
}

function amountChanges(
  label: string,
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  const quarters = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return quarters.flatMap((q) => {
    if (before[q] === after[q]) return [];
    if (before[q] === undefined) return [`${label} ${q} added (${after[q]})`];
    if (after[q] === undefined) return [`${label} ${q} removed (was ${before[q]})`];
    return [`${label} ${q} ${before[q]} → ${after[q]}`];
  });
}
