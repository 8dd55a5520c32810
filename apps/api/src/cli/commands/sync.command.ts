import { Command, Option } from 'commander';
import type { SideKey } from '@alignboard/contracts';
import { parseSide } from '../cli-options.js';


export interface SyncCommandOptions {
  partnership?: string;
  side?: SideKey;
  reconcile?: boolean;
}

export function syncCommand(): Command {
  return new Command('sync')
    .description('Sync opportunities from the CRMs now, with progress per connection (all partnerships by default)')
    .option('--partnership <key>', 'only this partnership')
    .addOption(new Option('--side <side>', 'only this side: A | B').argParser(parseSide))
    .option('--reconcile', 'compare every record id and stamp with the CRM and heal what differs, instead of reading changes')
    .action(async (options: SyncCommandOptions) => (await import('./sync.action.js')).syncConnections(options));
}
