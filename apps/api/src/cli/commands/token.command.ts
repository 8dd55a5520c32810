import { Command, Option } from 'commander';
import { parsePositiveInt, parseRole, parseSide } from '../cli-options.js';

export interface CreateOptions {
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
    .action(async (options: CreateOptions) => (await import('./token.action.js')).createToken(options));
  token
    .command('revoke')
    .description('Revoke an API token by its id')
    .argument('<id>', 'the token id printed by `token create`')
    .action(async (id: string) => (await import('./token.action.js')).revokeToken(id));
  return token;
}
