import { AuthModule } from '../../auth/auth.module.js';
import { cliActor } from '../../auth/principal.js';
import { TokenService } from '../../auth/token.service.js';
import { CLOCK, type Clock } from '../../clock/clock.js';
import { withApplication } from '../cli-context.js';
import type { CreateOptions } from './token.command.js';

export async function createToken(options: CreateOptions): Promise<void> {
  const created = await withApplication(
    (app) =>
      app.get(TokenService).create(
        {
          email: options.email,
          name: options.name,
          role: options.role,
          partnershipKey: options.partnership,
          side: options.side,
          label: options.label,
          expiresAt: options.expiresInDays
            ? new Date(app.get<Clock>(CLOCK).now().getTime() + options.expiresInDays * 86_400_000)
            : undefined,
        },
        cliActor('token create'),
      ),
    [AuthModule],
  );
  const scope = created.membership ? ` on side ${created.membership.side} of ${created.membership.partnershipKey}` : '';
  process.stderr.write(`Created ${created.role} token ${created.tokenId} for ${options.email}${scope}. It is shown once.\n`);
  process.stdout.write(`token: ${created.token}\n`);
}

export async function revokeToken(id: string): Promise<void> {
  await withApplication((app) => app.get(TokenService).revoke(id, cliActor('token revoke')), [AuthModule]);
  process.stdout.write(`revoked ${id}\n`);
}
