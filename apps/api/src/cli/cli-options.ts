import { InvalidArgumentError } from 'commander';
import { sideKeySchema, tokenRoleSchema, type SideKey, type TokenRole } from '@alignboard/contracts';

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
