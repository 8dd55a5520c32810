import { Command, InvalidArgumentError, Option } from 'commander';
import type { PacketView } from '@alignboard/contracts';
import { getDataSourceToken } from '@nestjs/typeorm';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { cliActor } from '../../auth/principal.js';
import { CLOCK, type Clock } from '../../clock/clock.js';
import { NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/uuid-param.js';
import { Meeting } from '../../meetings/entities/meeting.entity.js';
import { Partnership } from '../../partnerships/entities/partnership.entity.js';
import { PacketsService, viewOf } from '../../packets/packets.service.js';
import { quarterEndedAt } from '../../packets/packet-content.js';
import { PacketFormat, percent } from '../../packets/packet-format.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';
import { parseInstant } from '../cli-options.js';

interface PacketOptions {
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
    .action(async (options: PacketOptions) => {
      if (!options.meeting && !options.next)
        throw new CliError('name the meeting: --meeting ID or --next');
      const packet = await withApplication(async (app) => {
        const dataSource = app.get<DataSource>(getDataSourceToken());
        const partnership = await dataSource
          .getRepository(Partnership)
          .findOneBy({ key: options.partnership });
        if (!partnership) throw new CliError(`no partnership with key ${options.partnership}`);
        const meetingId = options.meeting ?? (await nextMeeting(dataSource, partnership, app.get<Clock>(CLOCK).now()));
        // The operator stands on neither side, like an admin.
        const scope = { partnership, side: null };
        const packets = app.get(PacketsService);
        const fresh = options.regenerate || options.asOf || options.send;
        if (!fresh) {
          const latest = await packets.find(scope, meetingId).catch((error: unknown) => {
            if (error instanceof NotFoundError) return null; // no packet yet (an unknown meeting fails again below)
            throw error;
          });
          if (latest) return { view: viewOf(latest), pdf: latest.pdf };
        }
        const view = await packets.regenerate(
          scope,
          meetingId,
          { asOf: options.asOf, send: options.send },
          cliActor('packet'),
          'cli',
        );
        return { view, pdf: (await packets.find(scope, meetingId, view.version)).pdf };
      });
      process.stdout.write(
        options.json ? `${JSON.stringify(packet.view, null, 2)}\n` : summary(packet.view),
      );
      if (options.pdf) {
        const file = resolve(options.pdf);
        await writeFile(file, packet.pdf);
        // With --json, stdout is the JSON alone.
        (options.json ? process.stderr : process.stdout).write(
          `PDF written to ${file} (${packet.pdf.length} bytes)\n`,
        );
      }
    });
}

async function nextMeeting(dataSource: DataSource, partnership: Partnership, now: Date): Promise<string> {
  const today = now.toISOString().slice(0, 10);
  const next = await dataSource
    .getRepository(Meeting)
    .createQueryBuilder('m')
    .where('m.partnership_id = :id and m.status = :status and m.scheduled_date >= :today', {
      id: partnership.id,
      status: 'scheduled',
      today,
    })
    .orderBy('m.scheduled_date', 'ASC')
    .getOne();
  if (!next)
    throw new CliError(
      `partnership ${partnership.key} has no scheduled meeting from ${today} on; name one with --meeting ID`,
    );
  return next.id;
}

function summary(p: PacketView): string {
  const c = p.content;
  const f = new PacketFormat(c);
  const lines = [
    `Prework packet v${p.version}: ${c.partnership.name}, ${c.quarters.current} meeting on ${c.meeting.scheduledDate} (meeting ${p.meetingId})`,
    `as of ${p.asOf}; generated ${p.generatedAt} by ${p.generatedBy} (${p.trigger})`,
    '',
    `Joint number  ${c.quarters.ended} (${quarterEndedAt(c.number.ended, c.asOf) ? 'ended' : 'running'}): ${f.amount(c.number.ended.joint.total)}   ${c.quarters.current}: ${f.amount(c.number.current.joint.total)}`,
    `Since ${c.lastMeeting ? `the ${c.lastMeeting.scheduledDate} meeting` : `the start of ${c.quarters.ended}`}: ` +
      `${c.quarters.current} ${f.change(c.changes.jointNumber.current.change)}, ${c.changes.decisions.length} decision(s) taken then, ` +
      `${c.changes.asksDelivered.length} ask(s) delivered`,
    `Asks raised in ${c.quarters.ended}: ${c.asks.length} (${c.asks.filter((a) => a.status === 'delivered').length} delivered)`,
    '',
    'Motions',
    ...c.motions.map((m) => {
      const now = m.trend.at(-1)!;
      const flag = m.flag
        ? `  ${m.flag === 'kill' ? 'KILL CANDIDATE' : 'AT RISK'}: ${m.reason}`
        : '';
      return `  ${m.name.padEnd(28)} ${c.quarters.current} produced ${f.amount(now.produced)} of ${f.amount(now.forecast)} (${percent(now.attainment)})${flag}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
