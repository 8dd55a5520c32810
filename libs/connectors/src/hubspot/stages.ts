import { z } from 'zod';
import { CrmError } from '../core/errors.js';
import type { RawPipeline } from './raw.js';

/** A deal stage with the metadata that decides closed / won (SPEC §3). */
export interface DealStage {
  id: string;
  label: string;
  pipelineId: string;
  isClosed: boolean;
  /** 0–1. */
  probability: number | null;
}

export type StageIndex = Map<string, DealStage>;

// HubSpot sends stage metadata as strings: {"isClosed": "true", "probability": "1.0"}.
const metadataSchema = z.object({
  isClosed: z.enum(['true', 'false']),
  probability: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
});

/** Stage id → stage, across every deal pipeline (stage ids are unique in a portal). */
export function indexStages(pipelines: RawPipeline[]): StageIndex {
  const index: StageIndex = new Map();
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      const parsed = metadataSchema.safeParse(stage.metadata);
      if (!parsed.success) {
        throw new CrmError('UNEXPECTED_RESPONSE', `deal stage ${stage.id} of pipeline ${pipeline.id} has unexpected metadata: ${JSON.stringify(stage.metadata)}`);
      }
      const probability = parsed.data.probability === undefined ? null : Number(parsed.data.probability);
      index.set(stage.id, {
        id: stage.id,
        label: stage.label,
        pipelineId: pipeline.id,
        isClosed: parsed.data.isClosed === 'true',
        probability,
      });
    }
  }
  return index;
}
