import type { TokenRole } from '@alignboard/contracts';

/** Who is calling, as established from their API token. */
export interface Principal {
  userId: string;
  email: string;
  role: TokenRole;
  tokenId: string;
}

/** Who did a write, for the audit log: a person through the API, or the CLI. */
export interface Actor {
  userId: string | null;
  label: string;
  requestId?: string;
}

export function actorOf(principal: Principal, requestId?: string): Actor {
  return { userId: principal.userId, label: `user:${principal.email}`, requestId };
}

export const cliActor = (command: string): Actor => ({ userId: null, label: `cli:${command}` });
