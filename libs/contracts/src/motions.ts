import { z } from 'zod';
import { motionKeySchema, quarterSchema, type MotionStatus, type SideKey } from './domain.js';
import { oneLineText, textLimits } from './text.js';

/**
 * An amount in the partnership's base currency. The database keeps cents
 * (numeric(20, 2)); a third decimal would be rounded there and the value
 * read back would never equal the one written, so it is refused here.
 */
export const forecastAmountSchema = z
  .number()
  .min(0, 'must not be negative')
  .max(1e15, 'is too large')
  .refine((n) => Number(n.toFixed(2)) === n, 'expected an amount with at most 2 decimals');

/** `{ "2026-Q2": 500000 }`: keys are fiscal quarters, values amounts. */
export const quarterAmountsSchema = z.record(quarterSchema, forecastAmountSchema, {
  error: (issue) =>
    issue.code === 'invalid_key'
      ? `expected a quarter like 2026-Q2, got "${String(issue.input)}"`
      : undefined,
});

const ownerSchema = oneLineText(textLimits.name);

/** One owner per side: a person's name or email, as the two companies write it. */
export const motionOwnersSchema = z
  .object({ A: ownerSchema.nullish(), B: ownerSchema.nullish() })
  .strict();

/**
 * A stretch is a goal above the forecast. A stretch without a forecast for its
 * quarter, or below that forecast, is refused: stretch attainment would read
 * higher than attainment and the room would argue about a typo.
 */
function checkStretch(motion: unknown, ctx: z.RefinementCtx) {
  // Runs even when other fields are invalid (see `always`), so it trusts nothing.
  if (!isPlainObject(motion) || !isPlainObject(motion.stretch)) return;
  const forecasts = isPlainObject(motion.forecasts) ? motion.forecasts : {};
  for (const [quarter, stretch] of Object.entries(motion.stretch)) {
    const forecast = forecasts[quarter];
    if (forecast === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stretch', quarter],
        message: `has no forecast for ${quarter}`,
      });
    } else if (typeof stretch === 'number' && typeof forecast === 'number' && stretch < forecast) {
      ctx.addIssue({
        code: 'custom',
        path: ['stretch', quarter],
        message: `${stretch} is below the forecast (${forecast}); a stretch must be at least the forecast`,
      });
    }
  }
}

/** Cross-field checks that should be reported together with every other issue, not after them. */
const always = { when: () => true };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const motionFields = {
  key: motionKeySchema,
  name: oneLineText(textLimits.name),
  owners: motionOwnersSchema.optional(),
  stretch: quarterAmountsSchema.optional(),
};

/** POST /partnerships/:key/motions */
export const createMotionSchema = z
  .object({ ...motionFields, forecasts: quarterAmountsSchema.optional() })
  .strict()
  .superRefine(checkStretch, always);
export type CreateMotionInput = z.infer<typeof createMotionSchema>;

/**
 * A motion as the partnership file states it. `forecasts` is required there:
 * applying a file makes the forecasts exactly as listed, so a forgotten
 * `forecasts:` would otherwise erase every quarter.
 */
export const motionDefinitionSchema = z
  .object({ ...motionFields, forecasts: quarterAmountsSchema })
  .strict()
  .superRefine(checkStretch, always);
export type MotionDefinition = z.infer<typeof motionDefinitionSchema>;

/** PATCH /partnerships/:key/motions/:motionKey */
export const updateMotionSchema = z
  .object({
    name: motionFields.name,
    owners: motionOwnersSchema,
    status: z.enum(['active', 'killed']),
    killedByDecisionId: z.guid({ error: 'expected a decision id (uuid)' }),
  })
  .partial()
  .strict()
  .superRefine((patch, ctx) => {
    if (patch.status === 'killed' && !patch.killedByDecisionId) {
      ctx.addIssue({
        code: 'custom',
        path: ['killedByDecisionId'],
        message: 'is required to kill a motion: name the decision',
      });
    }
    if (patch.killedByDecisionId && patch.status !== 'killed') {
      ctx.addIssue({
        code: 'custom',
        path: ['killedByDecisionId'],
        message: 'is only accepted with status "killed"',
      });
    }
  });
export type UpdateMotionInput = z.infer<typeof updateMotionSchema>;

/** PUT /partnerships/:key/motions/:motionKey/forecasts/:quarter — replaces the quarter's row. */
export const putForecastSchema = z
  .object({ forecast: forecastAmountSchema, stretch: forecastAmountSchema.nullish() })
  .strict()
  .superRefine((row, ctx) => {
    if (row.stretch != null && row.stretch < row.forecast) {
      ctx.addIssue({
        code: 'custom',
        path: ['stretch'],
        message: `${row.stretch} is below the forecast (${row.forecast}); a stretch must be at least the forecast`,
      });
    }
  });
export type PutForecastInput = z.infer<typeof putForecastSchema>;

export interface MotionView {
  key: string;
  name: string;
  status: MotionStatus;
  /** The decision that killed the motion; null while it is active. */
  killedByDecisionId: string | null;
  owners: Record<SideKey, string | null>;
  /** Forecast per fiscal quarter, in the partnership's base currency. */
  forecasts: Record<string, number>;
  /** Stretch per quarter, only for quarters that have one. */
  stretch: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

export type MotionChangeAction = 'kill' | 'change';

/** A change a decision made to a motion (GET /partnerships/:key/motions/:motionKey/changes). */
export interface MotionChangeView {
  id: string;
  motion: string;
  decisionId: string;
  action: MotionChangeAction;
  /** The motion as it was and as the decision left it: name, owners, forecasts, stretch, status. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  createdAt: string;
}
