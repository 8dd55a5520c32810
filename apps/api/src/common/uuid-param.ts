import { Param, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from './errors.js';

// Any 8-4-4-4-12 hex string, as PostgreSQL's uuid type accepts it (not only RFC 4122 variants).
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * Record ids in paths are UUIDs. One that cannot be a UUID names no record, so
 * it is "not found" like any other unknown id, rather than a database error.
 */
export class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundError(`No ${this.what} ${value}`);
    return value.toLowerCase();
  }
}

/** `@UuidParam('id', 'meeting')`: the path parameter, or 404 "No meeting …" when malformed. */
export const UuidParam = (name: string, what: string): ParameterDecorator => Param(name, new UuidPipe(what));
