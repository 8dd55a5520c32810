import type { ExportFormat } from '@alignboard/contracts';
import type { BoardPack } from './board-pack.js';
import { renderArrow } from './render-arrow.js';
import { renderCsv } from './render-csv.js';
import { renderPdf } from './render-pdf.js';
import { renderXlsx } from './render-xlsx.js';

/** The pack in one format, as the parts of the file in order: PDF for the board, XLSX and CSV for finance, Arrow for BI tools. */
export async function renderBoardPack(
  pack: BoardPack,
  format: ExportFormat,
): Promise<Uint8Array[]> {
  switch (format) {
    case 'pdf':
      return [await renderPdf(pack)];
    case 'xlsx':
      return [await renderXlsx(pack)];
    case 'csv':
      return [renderCsv(pack)];
    case 'arrow':
      return renderArrow(pack);
  }
}
