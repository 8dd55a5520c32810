import { z } from 'zod';
import {
  decisionKindSchema,
  isoDateSchema,
  motionKeySchema,
  quarterSchema,
  type DecisionKind,
} from './domain.js';
import { forecastAmountSchema, motionOwnersSchema } from './motions.js';
import { namedAccountSchema, type NamedAccountInput } from './partnership-file.js';

const meetingId = z.guid({ error: 'expected a meeting id (UUID)' });
const decisionText = z.string().trim().min(1, 'must not be empty');
const owner = z.string().trim().min(1, 'must not be empty').nullable();

/** `{ "2026-Q3": 250000 }` sets a quarter; `null` removes it. */
const quarterAmountChanges = z.record(quarterSchema, forecastAmountSchema.nullable(), {
  error: (issue) =>
    issue.code === 'invalid_key'
      ? `expected a quarter like 2026-Q2, got "${String(issue.input)}"`
      : undefined,
});

const motionChanges = ['name', 'owners', 'forecasts', 'stretch'] as const;

/**
 * What a decision of kind `motion` does to a motion: `kill` it, or `change`
 * its name, owners (per side; null clears), forecast or stretch of named
 * quarters (null removes the quarter).
 */
export const motionEffectSchema = z
  .object({
    motion: motionKeySchema,
    action: z.enum(['kill', 'change'], { error: 'expected "kill" or "change"' }),
    name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    owners: motionOwnersSchema.optional(),
    forecasts: quarterAmountChanges.optional(),
    stretch: quarterAmountChanges.optional(),
  })
  .strict()
  .superRefine((effect, ctx) => {
    const named = motionChanges.filter((k) => effect[k] !== undefined);
    if (effect.action === 'kill' && named.length) {
      ctx.addIssue({
        code: 'custom',
        path: [named[0]],
        message: 'a kill changes nothing else; use action "change" to change a motion',
      });
    }
    if (effect.action === 'change' && !named.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['action'],
        message: 'a change names at least one of name, owners, forecasts, stretch',
      });
    }
  });
export type MotionEffect = z.infer<typeof motionEffectSchema>;

const accountChanges = z
  .object({
    add: z.array(namedAccountSchema).optional(),
    /** Domains to take out of the set. */
    remove: z.array(namedAccountSchema.shape.domain).optional(),
  })
  .strict()
  .refine(
    (c) => (c.add?.length ?? 0) + (c.remove?.length ?? 0) > 0,
    'name accounts to add or remove',
  );

/**
 * What a decision of kind `account_set` does to the named account set: the
 * next version is either the full list given, or the latest version with
 * accounts added and removed (by domain).
 */
export const accountSetEffectSchema = z
  .object({
    accounts: z.union([z.array(namedAccountSchema), accountChanges], {
      error: 'expected a list of accounts, or { add, remove }',
    }),
  })
  .strict();
export type AccountSetEffect = z.infer<typeof accountSetEffectSchema>;

export type DecisionEffect = MotionEffect | AccountSetEffect;

/** Only these kinds change something beyond the log. */
const effectSchemaOf: Partial<Record<DecisionKind, z.ZodType<DecisionEffect>>> = {
  motion: motionEffectSchema,
  account_set: accountSetEffectSchema,
};

/**
 * POST /partnerships/:key/decisions. `effect` is checked against the kind:
 * a `motion` decision may kill or change a motion, an `account_set` decision
 * may make the next version of the named account set; other kinds take none.
 */
export const createDecisionSchema = z
  .object({
    meetingId,
    kind: decisionKindSchema,
    text: decisionText,
    owner: owner.optional(),
    due: isoDateSchema.nullable().optional(),
    effect: z
      .unknown()
      .optional()
      .describe(
        'kind motion: { motion, action: "kill" } or { motion, action: "change", name?, owners?, forecasts?, stretch? }; ' +
          'kind account_set: { accounts: [ { name, domain } ] } or { accounts: { add?: [ { name, domain } ], remove?: [ domain ] } }',
      ),
  })
  .strict()
  .transform((input, ctx) => {
    if (input.effect === undefined || input.effect === null) return { ...input, effect: undefined };
    const schema = effectSchemaOf[input.kind];
    if (!schema) {
      ctx.addIssue({
        code: 'custom',
        path: ['effect'],
        message:
          'only decisions of kind motion or account_set change something; log this one without an effect',
      });
      return z.NEVER;
    }
    const parsed = schema.safeParse(input.effect);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['effect', ...issue.path], message: issue.message });
      return z.NEVER;
    }
    return { ...input, effect: parsed.data };
  });
export type CreateDecisionInput = z.infer<typeof createDecisionSchema>;

/**
 * `meetingId` moves a decision logged on the wrong meeting (of the same
 * partnership). A decision's effect is made once, when it is logged: it is
 * not edited, and the kind of a decision that had one does not change.
 */
export const updateDecisionSchema = z
  .object({
    meetingId,
    kind: decisionKindSchema,
    text: decisionText,
    owner,
    due: isoDateSchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateDecisionInput = z.infer<typeof updateDecisionSchema>;

export const listDecisionsQuerySchema = z.object({ meetingId: meetingId.optional() }).strict();
export type ListDecisionsQuery = z.infer<typeof listDecisionsQuerySchema>;

/** What a decision's effect changed; each change names the decision back. */
export type DecisionOutcome =
  | { kind: 'motion'; motion: string; action: 'kill' | 'change'; motionChangeId: string }
  | { kind: 'account_set'; namedAccountSetVersion: number; accounts: NamedAccountInput[] };

export interface DecisionView {
  id: string;
  meetingId: string;
  kind: DecisionKind;
  text: string;
  owner: string | null;
  due: string | null;
  /** What the decision was to change, as logged; null for a decision that changes nothing. */
  effect: DecisionEffect | null;
  /** What it changed (the motion change, or the account set version it made); null without an effect. */
  outcome: DecisionOutcome | null;
  createdAt: string;
  updatedAt: string;
}
