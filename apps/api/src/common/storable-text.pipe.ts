import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ValidationError, type ValidationIssue } from './errors.js';
import { formatPath } from './zod-validation.pipe.js';

const NUL = '\u0000';
// With the `u` flag a well-formed pair reads as one astral code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;
/** One bad request is reported, not catalogued: a 100 kB body of NULs gets this many issues. */
const MAX_ISSUES = 20;

export const nulMessage = 'must not contain a NUL character (U+0000)';
export const surrogateMessage = 'must be valid Unicode: a lone UTF-16 surrogate cannot be stored';

function problem(text: string): 'nul' | 'surrogate' | undefined {
  if (text.includes(NUL)) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : undefined;
}

/** A place in the value, linked to its parent so a deep body costs no path copies. */
interface Place {
  value: unknown;
  key?: PropertyKey;
  parent?: Place;
}

function pathOf(place: Place | undefined, root: PropertyKey[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let p = place; p?.key !== undefined; p = p.parent) path.push(p.key);
  return [...root, ...path.reverse()];
}

/**
 * Every string in a request value that PostgreSQL cannot store: a NUL (refused
 * by `text` and `jsonb`) or a lone UTF-16 surrogate (refused by `jsonb`, which
 * every audit row is; `text` would silently store U+FFFD instead). Object keys
 * count too, since objects land in `jsonb`. Walks with its own stack, so a
 * deeply nested body cannot overflow the call stack.
 */
export function unstorableText(value: unknown, root: PropertyKey[] = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const pending: Place[] = [{ value }];
  while (pending.length > 0 && issues.length < MAX_ISSUES) {
    const place = pending.pop()!;
    const current = place.value;
    if (typeof current === 'string') {
      const found = problem(current);
      if (found) issues.push({ field: formatPath(pathOf(place, root)), message: found === 'nul' ? nulMessage : surrogateMessage });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], key: i, parent: place });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      const badKey = entries.map(([key]) => problem(key)).find(Boolean);
      if (badKey) {
        const what = badKey === 'nul' ? 'a NUL character (U+0000)' : 'a lone UTF-16 surrogate';
        issues.push({ field: formatPath(pathOf(place, root)), message: `must not contain a key with ${what}` });
      }
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i][1], key: entries[i][0], parent: place });
    }
  }
  return issues;
}

/**
 * Global: every path parameter, query value and body a route reads passes
 * here before the route's own validation, so no route can hand the database
 * text it cannot store. A path or query value is named by its parameter
 * (`key`, `quarter`), a body string by its path (`asks[0].text`).
 */
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const issues = unstorableText(value, metadata.data ? [metadata.data] : []);
    if (issues.length > 0) throw new ValidationError(issues);
    return value;
  }
}
