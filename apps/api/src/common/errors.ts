/**
 * Domain errors. Services throw these; `DomainExceptionFilter` alone maps them
 * to HTTP, and the CLI prints their message.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
}

export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
}

export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
}

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `forecasts.2026-Q2`. */
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '));
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}
