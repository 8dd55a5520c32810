import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { QueryFailedError } from 'typeorm';
import { DomainError, ValidationError } from './errors.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  issues?: { field: string; message: string }[];
  details?: Record<string, unknown>;
  requestId?: string;
}

/** The one place that turns errors into HTTP answers. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = request.id;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    // A route's static Content-Type (text/html, application/pdf) is for its success, not for this body.
    response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ValidationError) {
      return { statusCode: 400, error: 'Bad Request', message: exception.message, issues: exception.issues };
    }
    if (exception instanceof DomainError) {
      const details = 'details' in exception ? (exception.details as Record<string, unknown>) : undefined;
      return { statusCode: exception.status, error: exception.name.replace(/Error$/, ''), message: exception.message, details };
    }
    if (exception instanceof HttpException) {
      const res = exception.getResponse();
      const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? exception.message);
      return { statusCode: exception.getStatus(), error: exception.name.replace(/Exception$/, ''), message };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      // A constraint the service did not foresee: still the caller's conflict, not our crash.
      if (code === '23505') return { statusCode: 409, error: 'Conflict', message: 'A record with the same key already exists' };
      if (code === '23503') return { statusCode: 409, error: 'Conflict', message: 'The record is referenced by, or refers to, a missing record' };
      if (code === '23514') return { statusCode: 400, error: 'Bad Request', message: 'A value is outside what the field allows' };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
  }
}
