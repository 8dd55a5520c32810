import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AskStatus,
  AskVerdict,
  DecisionKind,
  MeetingStatus,
  SideKey,
} from '@alignboard/contracts';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import type { Attendee } from '../meetings/entities/meeting.entity.js';
import { FiguresReadModel } from '../metrics/figures-read-model.js';
import type { AskWithHistory, DecisionRow, PacketInputs } from './packet-content.js';

interface MeetingRow {
  id: string;
  partnership_id: string;
  quarter: string;
  scheduled_date: string;
  status: MeetingStatus;
  attendees: { A?: Attendee[]; B?: Attendee[] } | null;
}

/**
 * Reads what a packet is made of: the partnership's figures (one read of the
 * figures read model, the API's: a packet and the dashboard agree for the
 * same as-of), the meeting and the one before it, the asks with their history and
 * the decisions of the last meeting.
 */
@Injectable()
export class PacketSources {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readModel: FiguresReadModel,
  ) {}

  async inputs(meetingId: string, asOfMs: number): Promise<PacketInputs> {
    const q = this.dataSource;
    const [meeting] = await q.query<MeetingRow[]>(
      `select id, partnership_id, quarter, to_char(scheduled_date, 'YYYY-MM-DD') as scheduled_date, status, attendees
       from meetings where id = $1`,
      [meetingId],
    );
    if (!meeting) throw new NotFoundError(`No meeting ${meetingId}`);
    const partnershipId = meeting.partnership_id;
    // The meeting before this one that took place (or is still on the calendar): a cancelled one never met.
    const [last] = await q.query<MeetingRow[]>(
      `select id, partnership_id, quarter, to_char(scheduled_date, 'YYYY-MM-DD') as scheduled_date, status, attendees
       from meetings where partnership_id = $1 and status <> 'cancelled' and scheduled_date < $2::date
       order by scheduled_date desc, created_at desc limit 1`,
      [partnershipId, meeting.scheduled_date],
    );
    const [partnership] = await q.query<{ name: string }[]>(
      `select name from partnerships where id = $1`,
      [partnershipId],
    );
    const sides = await q.query<{ side: SideKey; company: string }[]>(
      `select side, company from sides where partnership_id = $1`,
      [partnershipId],
    );

    // The records reflect the database now: an as-of before now is rebuilt from their history.
    const { snapshot, encoded, figures } = await this.readModel.current(partnershipId);
    const company = (side: SideKey) => sides.find((s) => s.side === side)?.company ?? side;

    return {
      partnership: {
        key: snapshot.settings.key,
        name: partnership.name,
        currency: snapshot.settings.currency,
        companies: { A: company('A'), B: company('B') },
      },
      meeting: {
        id: meeting.id,
        quarter: meeting.quarter,
        scheduledDate: meeting.scheduled_date,
        attendees: { A: meeting.attendees?.A ?? [], B: meeting.attendees?.B ?? [] },
      },
      lastMeeting: last
        ? {
            id: last.id,
            quarter: last.quarter,
            scheduledDate: last.scheduled_date,
            status: last.status,
          }
        : null,
      figures,
      names: encoded.records.map((o) => ({ name: o.name, accountName: o.accountName })),
      sharedFields: snapshot.settings.sharedFields,
      asks: await this.asks(partnershipId),
      decisions: last ? await this.decisions(last.id) : [],
      asOfMs,
    };
  }

  private async asks(partnershipId: string): Promise<AskWithHistory[]> {
    const asks = await this.dataSource.query<
      {
        id: string;
        from_side: SideKey;
        to_side: SideKey;
        quarter_raised: string;
        text: string;
        owner: string | null;
        due: string | null;
      }[]
    >(
      `select id, from_side, to_side, quarter_raised, text, owner, to_char(due, 'YYYY-MM-DD') as due
       from asks where partnership_id = $1 order by quarter_raised, from_side, created_at, id`,
      [partnershipId],
    );
    const history = await this.dataSource.query<
      { ask_id: string; status: AskStatus; verdict: AskVerdict | null; changed_at: Date }[]
    >(
      `select h.ask_id, h.status, h.verdict, h.changed_at from ask_status_history h join asks a on a.id = h.ask_id
       where a.partnership_id = $1 order by h.changed_at, h.id`,
      [partnershipId],
    );
    const byAsk = new Map<string, AskWithHistory['history']>();
    for (const h of history) {
      const rows = byAsk.get(h.ask_id) ?? [];
      rows.push({ status: h.status, verdict: h.verdict, changedAtMs: h.changed_at.getTime() });
      byAsk.set(h.ask_id, rows);
    }
    return asks.map((a) => ({
      id: a.id,
      fromSide: a.from_side,
      toSide: a.to_side,
      quarterRaised: a.quarter_raised,
      text: a.text,
      owner: a.owner,
      due: a.due,
      history: byAsk.get(a.id) ?? [],
    }));
  }

  private async decisions(meetingId: string): Promise<DecisionRow[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        kind: DecisionKind;
        text: string;
        owner: string | null;
        due: string | null;
        created_at: Date;
      }[]
    >(
      `select id, kind, text, owner, to_char(due, 'YYYY-MM-DD') as due, created_at from decisions
       where meeting_id = $1 order by created_at, id`,
      [meetingId],
    );
    return rows.map((d) => ({
      id: d.id,
      kind: d.kind,
      text: d.text,
      owner: d.owner,
      due: d.due,
      createdAtMs: d.created_at.getTime(),
    }));
  }
}
