import { Command, Option } from 'commander';
import { TokenService } from '../../auth/token.service.js';
import { cliActor } from '../../auth/principal.js';
import { CLOCK, type Clock } from '../../clock/clock.js';
import { withApplication } from '../cli-context.js';
import { parsePositiveInt, parseRole, parseSide } from '../cli-options.js';

interface CreateOptions {
  email: string;
  name?: string;
  role: 'admin' | 'member' | 'viewer';
  partnership?: string;
  side?: 'A' | 'B';
  label?: string;
  expiresInDays?: number;
}

export function tokenCommand(): Command {
  const token = new Command('token').description('Create and revoke API tokens');
  token
    .command('create')
    .description(
      'Create an API token for a user (created if new). Member and viewer tokens belong to one side of a partnership; ' +
        'the side defaults to the side that lists the email among its people.',
    )
    .requiredOption('--email <email>', "the user's email")
    .option('--name <name>', "the user's name, for a new user (default: the person's name in the partnership)")
    .addOption(new Option('--role <role>', 'admin | member | viewer').default('member').argParser(parseRole))
    .option('--partnership <key>', 'the partnership the user belongs to')
    .addOption(new Option('--side <side>', 'A | B').argParser(parseSide))
    .option('--label <label>', 'a name for the token, to tell tokens apart')
    .addOption(new Option('--expires-in-days <days>', 'expire the token after this many days').argParser(parsePositiveInt))
    .action(async (options: CreateOptions) => {
      const created = await withApplication((app) =>
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
      );
      const scope = created.membership ? ` on side ${created.membership.side} of ${created.membership.partnershipKey}` : '';
      process.stderr.write(`Created ${created.role} token ${created.tokenId} for ${options.email}${scope}. It is shown once.\n`);
      process.stdout.write(`token: ${created.token}\n`);
    });
  token
    .command('revoke')
    .description('Revoke an API token by its id')
    .argument('<id>', 'the token id printed by `token create`')
    .action(async (id: string) => {
      await withApplication((app) => app.get(TokenService).revoke(id, cliActor('token revoke')));
      process.stdout.write(`revoked ${id}\n`);
    });
  return token;
}
