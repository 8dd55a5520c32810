import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ListPacketsQuery,
  PacketSummaryView,
  PacketTrigger,
  PacketView,
  PreworkPacketContent,
  RegeneratePacketInput,
} from '@alignboard/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { Meeting } from '../meetings/entities/meeting.entity.js';
import { meetingStateOf } from '../meetings/meeting-views.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { PreworkPacket } from './entities/prework-packet.entity.js';
import { preworkPacketContent } from './packet-content.js';
import { packetHtml } from './packet-html.js';
import { packetMessage } from './packet-message.js';
import { packetPdf } from './packet-pdf.js';
import { PacketSources } from './packet-sources.js';

/** A packet rendered but not stored yet. */
export interface BuiltPacket {
  asOf: Date;
  content: PreworkPacketContent;
  /** Rendered for a version number, which is only known when stored: see `store`. */
  render(version: number): Promise<{ html: string; pdf: Buffer }>;
}

/** The scheduler's actor: packets it generates say `schedule`. */
export const scheduleActor: Actor = { userId: null, label: 'schedule' };

/**
 * Prework packets: built from the data as of an instant, stored as frozen
 * versions (content, HTML, PDF) and sent to both sides through the delivery
 * outbox. Every store locks the meeting row first, so versions are numbered
 * one at a time and two processes never both send the scheduled packet.
 */
@Injectable()
export class PacketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: PacketSources,
    private readonly audit: AuditService,
    private readonly delivery: DeliveryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async build(meetingId: string, asOfMs: number): Promise<BuiltPacket> {
    const content = preworkPacketContent(await this.sources.inputs(meetingId, asOfMs));
    return {
      asOf: new Date(asOfMs),
      content,
      render: async (version) => ({
        html: packetHtml(content, version),
        pdf: await packetPdf(content, version),
      }),
    };
  }

  async list(scope: PartnershipScope, query: ListPacketsQuery): Promise<PacketSummaryView[]> {
    const rows = await this.dataSource.query<SummaryRow[]>(
      `select ${summaryColumns} from prework_packets p
       where p.partnership_id = $1 and ($2::uuid is null or p.meeting_id = $2)
       order by p.generated_at desc, p.version desc`,
      [scope.partnership.id, query.meetingId ?? null],
    );
    return rows.map(summaryOf);
  }

  /** The meeting's latest packet, or the version asked for. */
  async find(scope: PartnershipScope, meetingId: string, version?: number): Promise<PreworkPacket> {
    await findInPartnership(this.dataSource.manager, Meeting, 'meeting', scope, meetingId);
    const packet = await this.dataSource.getRepository(PreworkPacket).findOne({
      where: { meetingId, ...(version ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!packet) {
      throw new NotFoundError(
        version
          ? `Meeting ${meetingId} has no prework packet version ${version}`
          : `Meeting ${meetingId} has no prework packet yet; generate one with POST …/meetings/${meetingId}/packet`,
      );
    }
    return packet;
  }

  async view(scope: PartnershipScope, meetingId: string, version?: number): Promise<PacketView> {
    return viewOf(await this.find(scope, meetingId, version));
  }

  /** A new version now (or as of an earlier instant), sent to both sides when asked. */
  async regenerate(
    scope: PartnershipScope,
    meetingId: string,
    input: RegeneratePacketInput,
    actor: Actor,
    trigger: Exclude<PacketTrigger, 'schedule'>,
    nowMs = this.clock.now().getTime(),
  ): Promise<PacketView> {
    const meeting = await findInPartnership(
      this.dataSource.manager,
      Meeting,
      'meeting',
      scope,
      meetingId,
    );
    const asOfMs = input.asOf ? Date.parse(input.asOf) : nowMs;
    if (asOfMs > nowMs)
      throw ValidationError.field(
        'asOf',
        'must not be in the future: a packet shows data as it stood',
      );
    if (input.send && meeting.status === 'cancelled') {
      throw new ConflictError(`Meeting ${meetingId} was cancelled; its packet is not sent`);
    }
    const built = await this.build(meetingId, asOfMs);
    const stored = await this.store(built, actor, trigger, {
      send: input.send ?? false,
      onlyIfUnsent: false,
      nowMs,
    });
    if (!stored)
      throw new ConflictError(
        `Another packet of meeting ${meetingId} was stored at the same moment; try again`,
      );
    return viewOf(stored);
  }

  /**
   * The scheduled packet: stored and sent only if the meeting is still
   * scheduled and nobody (no other process) has sent its prework yet; null
   * when there was nothing left to do.
   */
  async generateScheduled(meetingId: string, nowMs: number): Promise<PreworkPacket | null> {
    const built = await this.build(meetingId, nowMs);
    return this.store(built, scheduleActor, 'schedule', { send: true, onlyIfUnsent: true, nowMs });
  }

  private async store(
    built: BuiltPacket,
    actor: Actor,
    trigger: PacketTrigger,
    options: { send: boolean; onlyIfUnsent: boolean; nowMs: number },
  ): Promise<PreworkPacket | null> {
    const meetingId = built.content.meeting.id;
    // Rendered before the meeting is locked, for the version it will most likely get.
    const rendered = new Map<number, { html: string; pdf: Buffer }>();
    const likely = await nextVersion(this.dataSource.manager, meetingId);
    rendered.set(likely, await built.render(likely));
    return this.dataSource.transaction(async (m) => {
      const meeting = await m
        .getRepository(Meeting)
        .findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
      if (!meeting) throw new NotFoundError(`No meeting ${meetingId}`);
      if (options.onlyIfUnsent && (meeting.status !== 'scheduled' || meeting.preworkSentAt))
        return null;
      const next = await nextVersion(m, meetingId);
      if (!rendered.has(next)) rendered.set(next, await built.render(next));
      const { html, pdf } = rendered.get(next)!;
      const [row] = await m.query<{ id: string }[]>(
        `insert into prework_packets (partnership_id, meeting_id, version, as_of, content, html, pdf, generated_at, generated_by, trigger)
         values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
         on conflict (meeting_id, version) do nothing returning id`,
        [
          meeting.partnershipId,
          meetingId,
          next,
          built.asOf,
          JSON.stringify(built.content),
          html,
          pdf,
          new Date(options.nowMs),
          actor.label,
          trigger,
        ],
      );
      if (!row) return null;
      const packet = await m.getRepository(PreworkPacket).findOneByOrFail({ id: row.id });
      await this.audit.record(m, actor, {
        // A `meeting.` action: the figures' cache knows these change no figure.
        action: 'meeting.prework_packet',
        entityType: 'prework_packet',
        entityId: packet.id,
        partnershipId: meeting.partnershipId,
        before: null,
        after: {
          meetingId,
          version: next,
          asOf: built.asOf.toISOString(),
          trigger,
          send: options.send,
        },
      });
      if (options.send) await this.send(m, meeting, packet, actor);
      return packet;
    });
  }

  /** Queues the packet for both sides and records the first send on the meeting. */
  private async send(
    m: EntityManager,
    meeting: Meeting,
    packet: PreworkPacket,
    actor: Actor,
  ): Promise<void> {
    await this.delivery.enqueue(m, packetMessage(packet));
    if (meeting.preworkSentAt) return;
    const before = meetingStateOf(meeting);
    await m.getRepository(Meeting).update(meeting.id, { preworkSentAt: packet.generatedAt });
    const saved = await m.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    await this.audit.record(m, actor, {
      action: 'meeting.update',
      entityType: 'meeting',
      entityId: meeting.id,
      partnershipId: meeting.partnershipId,
      before,
      after: meetingStateOf(saved),
    });
  }
}

async function nextVersion(m: EntityManager, meetingId: string): Promise<number> {
  const [{ next }] = await m.query<{ next: number }[]>(
    `select coalesce(max(version), 0) + 1 as next from prework_packets where meeting_id = $1`,
    [meetingId],
  );
  return Number(next);
}

const summaryColumns = `p.id, p.meeting_id, p.content->'meeting'->>'quarter' as quarter, p.version, p.as_of, p.generated_at,
  p.generated_by, p.trigger, octet_length(p.pdf) as pdf_bytes`;

interface SummaryRow {
  id: string;
  meeting_id: string;
  quarter: string;
  version: number;
  as_of: Date;
  generated_at: Date;
  generated_by: string;
  trigger: PacketTrigger;
  pdf_bytes: number;
}

function summaryOf(r: SummaryRow): PacketSummaryView {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    quarter: r.quarter,
    version: r.version,
    asOf: r.as_of.toISOString(),
    generatedAt: r.generated_at.toISOString(),
    generatedBy: r.generated_by,
    trigger: r.trigger,
    pdfBytes: Number(r.pdf_bytes),
  };
}

export function viewOf(p: PreworkPacket): PacketView {
  return {
    id: p.id,
    meetingId: p.meetingId,
    quarter: p.content.meeting.quarter,
    version: p.version,
    asOf: p.asOf.toISOString(),
    generatedAt: p.generatedAt.toISOString(),
    generatedBy: p.generatedBy,
    trigger: p.trigger,
    pdfBytes: p.pdf.length,
    content: p.content,
  };
}
