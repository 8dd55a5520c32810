import type { z } from 'zod';
import { pathKey } from './env-interpolation.js';

const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  null: 'nothing',
};

/**
 * Zod's defaults speak to programmers ("Invalid input: expected number,
 * received string"); a partnership file is written by people. A message a
 * schema sets itself wins over these (zod's precedence), so this only words
 * the generic cases. A value that came from the environment is quoted as
 * written (`"${SF_CLIENT_SECRET}"`), never with its secret value.
 */
export function humanMessages(templates: ReadonlyMap<string, string>): z.core.$ZodErrorMap {
  const got = (issue: z.core.$ZodRawIssue, value: unknown = issue.input) => {
    const template = templates.get(pathKey(issue.path ?? []));
    return template === undefined
      ? describe(value)
      : `${JSON.stringify(template)} (from the environment)`;
  };
  return (issue) => {
    switch (issue.code) {
      case 'invalid_type': {
        const expected = expectedWords[issue.expected] ?? issue.expected;
        return issue.input === undefined
          ? `missing: expected ${expected}`
          : `expected ${expected}, got ${got(issue)}`;
      }
      case 'invalid_value':
        return `expected ${oneOf(issue.values)}, got ${got(issue)}`;
      case 'invalid_union': {
        const options = (issue as { options?: unknown[] }).options;
        if (!issue.discriminator || !options) return undefined;
        const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return value === undefined
          ? `missing: expected ${oneOf(options)}`
          : `expected ${oneOf(options)}, got ${got(issue, value)}`;
      }
      case 'too_small':
        return bound(
          issue.origin,
          'at least',
          'more than',
          issue.minimum,
          issue.inclusive !== false,
          got(issue),
        );
      case 'too_big':
        return bound(
          issue.origin,
          'at most',
          'less than',
          issue.maximum,
          issue.inclusive !== false,
          got(issue),
        );
      case 'unrecognized_keys':
        return 'unknown key';
      case 'invalid_key':
        // A key of a mapping failed its own schema; zod's "Invalid key in record" names nothing.
        return issue.issues[0]?.message;
      default:
        return undefined;
    }
  };
}

function bound(
  origin: string,
  inclusive: string,
  exclusive: string,
  limit: number | bigint,
  isInclusive: boolean,
  got: string,
) {
  const relation = isInclusive ? inclusive : exclusive;
  if (origin === 'string') {
    return Number(limit) === 1 && relation === 'at least'
      ? 'must not be empty'
      : `must be ${relation} ${limit} characters`;
  }
  if (origin === 'array') return `must have ${relation} ${limit} items`;
  return `must be ${relation} ${limit}, got ${got}`;
}

function oneOf(values: readonly unknown[]): string {
  const words = values.map((v) => String(v));
  return words.length === 1 ? words[0] : `one of ${words.join(', ')}`;
}

/** A value as a person would recognize it in their file. */
export function describe(value: unknown): string {
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}
