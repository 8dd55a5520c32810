import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  boardPackFileName,
  exportContentTypes,
  type BoardPackQuery,
  type ExportFormat,
  type SideKey,
} from '@alignboard/contracts';
import { PartnershipFigures, quarterRange } from '@alignboard/metrics';
import { DataSource } from 'typeorm';
import { encodePartnership } from '../metrics/partnership-data.js';
import { PartnershipDataLoader } from '../metrics/partnership-data.loader.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { buildBoardPack, type BoardPack } from './board-pack.js';
import { renderBoardPack } from './render-board-pack.js';

export interface BoardPackFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  asOf: string;
}

/**
 * The board pack of one partnership for a range of quarters. It reads the
 * partnership once, in one consistent snapshot (the loader's REPEATABLE READ
 * transaction), and computes every figure, row and the reconciliation from
 * that one read with the functions the metrics API uses, so the document
 * agrees with itself even while a sync writes, and with the API for the
 * same as-of. See docs/decisions/010-board-pack-exports.md.
 */
@Injectable()
export class BoardPackService {
  constructor(
    private readonly loader: PartnershipDataLoader,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async build(scope: PartnershipScope, query: BoardPackQuery): Promise<BoardPack> {
    const { snapshot } = await this.loader.load(scope.partnership.id);
    const loadedAt = Date.now();
    // Without an as-of, the pack is as of the read: its current state, no history to replay.
    const asOfMs = query.asOf ? Date.parse(query.asOf) : loadedAt;
    const encoded = encodePartnership(snapshot, loadedAt);
    return buildBoardPack({
      snapshot,
      encoded,
      figures: new PartnershipFigures(encoded.data),
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
    return {
      bytes: await renderBoardPack(pack, format),
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
