import type { PacketView } from '@alignboard/contracts';
import { getDataSourceToken } from '@nestjs/typeorm';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { cliActor } from '../../auth/principal.js';
import { CLOCK, type Clock } from '../../clock/clock.js';
import { NotFoundError } from '../../common/errors.js';
import { Meeting } from '../../meetings/entities/meeting.entity.js';
import { Partnership } from '../../partnerships/entities/partnership.entity.js';
import { PacketsService, viewOf } from '../../packets/packets.service.js';
import { quarterEndedAt } from '../../packets/packet-content.js';
import { PacketFormat, percent } from '../../packets/packet-format.js';
import { CliError } from '../cli-errors.js';
import { partnershipByKey, withApplication } from '../cli-context.js';
import type { PacketOptions } from './packet.command.js';

export async function printPacket(options: PacketOptions): Promise<void> {
  if (!options.meeting && !options.next)
    throw new CliError('name the meeting: --meeting ID or --next');
  const packet = await withApplication(async (app) => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const partnership = await partnershipByKey(app, options.partnership);
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
