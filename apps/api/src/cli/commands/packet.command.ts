import { Command, InvalidArgumentError, Option } from 'commander';
import { isUuid } from '../../common/uuid-param.js';
import { parseInstant } from '../cli-options.js';


export interface PacketOptions {
  partnership: string;
  meeting?: string;
  next?: boolean;
  pdf?: string;
  json?: boolean;
  regenerate?: boolean;
  asOf?: string;
  send?: boolean;
}

function parseMeetingId(value: string): string {
  if (!isUuid(value)) throw new InvalidArgumentError('expected a meeting id (UUID)');
  return value.toLowerCase();
}

const help = `
Prints a meeting's prework packet: the number of the quarter just ended and
of the current one, the asks raised in the ended quarter, a page per motion
(produced vs forecast, top deals, slips, wins and losses, kill or at-risk
flags) and what changed since the last meeting. The latest stored version is
shown; a meeting without one gets one generated now. --regenerate or --as-of
store a new version; --send also queues it to both sides' attendees (and the
partnership's webhook), delivered by the running server.

Examples:
  alignboard packet --partnership cobalt-northgate --next --pdf prework.pdf
  alignboard packet --partnership cobalt-northgate --meeting 3f0c…e1 --json
  alignboard packet --partnership cobalt-northgate --next --regenerate --as-of 2026-04-13T06:00:00Z`;

export function packetCommand(): Command {
  return new Command('packet')
    .description("A meeting's prework packet: print it, write its PDF, regenerate or send it")
    .requiredOption('--partnership <key>', 'the partnership key')
    .addOption(
      new Option('--meeting <id>', 'the meeting (its id)')
        .argParser(parseMeetingId)
        .conflicts('next'),
    )
    .option('--next', 'the next scheduled meeting (today or later, UTC)')
    .option('--pdf <file>', 'write the packet as a PDF to this file')
    .option('--json', 'print the packet (metadata and content) as JSON, as the API returns it')
    .option('--regenerate', 'store a new version now, even if one exists')
    .addOption(
      new Option(
        '--as-of <instant>',
        'a new version with the data as it stood then (implies --regenerate)',
      ).argParser(parseInstant),
    )
    .option('--send', 'store a new version and queue it to both sides (implies --regenerate)')
    .addHelpText('after', help)
    .action(async (options: PacketOptions) => (await import('./packet.action.js')).printPacket(options));
}
