import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/** Validates a body, query or param against a zod schema; 400 names each field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value ?? {});
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
    return parsed.data;
  }
}

export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    field: formatPath(issue.path),
    message: issue.message,
  }));
}

/** `motions[2].forecasts.2026-Q2`, the way people read paths. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
