import { z } from 'zod';

/**
 * Length limits by kind of text, generous for what people and CRMs write and
 * small enough that no value can bloat a row, a log line or an error message.
 * Salesforce picklist values and field names go up to 255 characters; an email
 * address up to 254 (RFC 5321); a domain name up to 253.
 */
export const textLimits = {
  name: 200,
  crmName: 255,
  email: 254,
  domain: 253,
  url: 2048,
  secret: 4096,
} as const;

/** C0 controls (tab and line breaks included), DEL and C1 controls: meaningless in one-line text. */
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Refuses control characters, naming the first and where it is: a NUL cannot be
 * stored by PostgreSQL, and a line break or an escape sequence in a name breaks
 * every table, export and terminal it is printed in.
 */
export function refuseControlCharacters(value: string, ctx: z.RefinementCtx): void {
  const found = controlCharacter.exec(value);
  if (!found) return;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  ctx.addIssue({
    code: 'custom',
    message: `must be one line of text without control characters (found U+${code} at character ${found.index + 1})`,
  });
}

/** Trimmed, one line, 1 to `max` characters. */
export function oneLineText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .superRefine(refuseControlCharacters);
}
