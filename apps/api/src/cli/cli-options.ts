import { InvalidArgumentError } from 'commander';
import { quarterSchema, sideKeySchema, tokenRoleSchema, type SideKey, type TokenRole } from '@alignboard/contracts';
import { z } from 'zod';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}

export function parseRole(value: string): TokenRole {
  const parsed = tokenRoleSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected admin, member or viewer');
  return parsed.data;
}

export function parseSide(value: string): SideKey {
  const parsed = sideKeySchema.safeParse(value.toUpperCase());
  if (!parsed.success) throw new InvalidArgumentError('expected A or B');
  return parsed.data;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function parseQuarter(value: string): string {
  if (!quarterSchema.safeParse(value).success) throw new InvalidArgumentError('expected a fiscal quarter like 2026-Q2');
  return value;
}

const instant = z.iso.datetime({ offset: true });
const date = z.iso.date();

/**
 * An ISO instant with its offset, or a date (its first instant, UTC), as a
 * UTC ISO string. 2026-02-31 is no date: Date.parse would roll it over to March.
 */
export function parseInstant(value: string): string {
  const iso = instant.safeParse(value).success ? value : date.safeParse(value).success ? `${value}T00:00:00Z` : null;
  const [y, m, d] = (iso ?? '').slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const onCalendar = iso !== null && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  const ms = onCalendar ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO 8601 instant like 2026-07-15T00:00:00Z (or a date like 2026-07-15)');
  return new Date(ms).toISOString();
}
