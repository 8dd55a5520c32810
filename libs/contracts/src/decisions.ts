import { z } from 'zod';
import { decisionKindSchema, isoDateSchema, type DecisionKind } from './domain.js';

const meetingId = z.guid({ error: 'expected a meeting id (UUID)' });
const decisionText = z.string().trim().min(1, 'must not be empty');
const owner = z.string().trim().min(1, 'must not be empty').nullable();

export const createDecisionSchema = z
  .object({
    meetingId,
    kind: decisionKindSchema,
    text: decisionText,
    owner: owner.optional(),
    due: isoDateSchema.nullable().optional(),
  })
  .strict();
export type CreateDecisionInput = z.infer<typeof createDecisionSchema>;

/** `meetingId` moves a decision logged on the wrong meeting (of the same partnership). */
export const updateDecisionSchema = z
  .object({ meetingId, kind: decisionKindSchema, text: decisionText, owner, due: isoDateSchema.nullable() })
  .partial()
  .strict();
export type UpdateDecisionInput = z.infer<typeof updateDecisionSchema>;

export const listDecisionsQuerySchema = z.object({ meetingId: meetingId.optional() }).strict();
export type ListDecisionsQuery = z.infer<typeof listDecisionsQuerySchema>;

export interface DecisionView {
  id: string;
  meetingId: string;
  kind: DecisionKind;
  text: string;
  owner: string | null;
  due: string | null;
  createdAt: string;
  updatedAt: string;
}
