import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  boardPackFileName,
  exportContentTypes,
  type BoardPackQuery,
  type ExportFormat,
  type SideKey,
} from '@alignboard/contracts';
import { quarterRange } from '@alignboard/metrics';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock.js';
import { FiguresReadModel } from '../metrics/figures-read-model.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { buildBoardPack, type BoardPack } from './board-pack.js';
import { renderBoardPack } from './render-board-pack.js';

export interface BoardPackFile {
  /** The file's parts, in order (an Arrow file is its columns' buffers). */
  parts: Uint8Array[];
  byteLength: number;
  fileName: string;
  contentType: string;
  asOf: string;
}

/**
 * The board pack of one partnership for a range of quarters. It takes one
 * read of the figures read model (the API's, docs/decisions/014-figures-read-model.md)
 * and computes every figure, row and the reconciliation from that one read
 * with the functions the metrics API uses, so the document agrees with
 * itself even while a sync writes, and with the API for the same as-of.
 * See docs/decisions/010-board-pack-exports.md.
 */
@Injectable()
export class BoardPackService {
  constructor(
    private readonly readModel: FiguresReadModel,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async build(scope: PartnershipScope, query: BoardPackQuery): Promise<BoardPack> {
    const read = await this.readModel.current(scope.partnership.id);
    // Without an as-of, the pack is as of now: the read's state, when nothing changed since.
    const asOfMs = query.asOf
      ? Date.parse(query.asOf)
      : Math.max(this.clock.now().getTime(), read.encoded.data.stateAtMs);
    return buildBoardPack({
      snapshot: read.snapshot,
      encoded: read.encoded,
      figures: read.figures,
      names: {
        partnership: scope.partnership.name,
        companies: await this.companies(scope.partnership.id),
      },
      viewer: scope.side,
      quarters: quarterRange(query.from, query.to),
      asOfMs,
    });
  }

  async export(
    scope: PartnershipScope,
    query: BoardPackQuery,
    format: ExportFormat,
  ): Promise<BoardPackFile> {
    const pack = await this.build(scope, query);
    const parts = await renderBoardPack(pack, format);
    return {
      parts,
      byteLength: parts.reduce((n, p) => n + p.byteLength, 0),
      fileName: boardPackFileName(pack.partnership.key, query, pack.asOf, format),
      contentType: exportContentTypes[format],
      asOf: pack.asOf,
    };
  }

  private async companies(partnershipId: string): Promise<{ A: string; B: string }> {
    const rows = await this.dataSource.query<{ side: SideKey; company: string }[]>(
      `select side, company from sides where partnership_id = $1`,
      [partnershipId],
    );
    const company = (side: SideKey) => rows.find((r) => r.side === side)?.company ?? `Side ${side}`;
    return { A: company('A'), B: company('B') };
  }
}
