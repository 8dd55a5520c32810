import { boardPackCsvColumns } from '@alignboard/contracts';
import { stringify } from 'csv-stringify/sync';
import type { BoardPack } from './board-pack.js';
import { figureRows, type FigureRow } from './figure-rows.js';

/** Money with its cents, ratios as rounded (6 decimals), counts whole, flags true/false; null is empty. */
function valueText(row: FigureRow): string {
  if (row.value === null) return '';
  if (typeof row.value === 'boolean') return String(row.value);
  return row.unit === 'money' ? row.value.toFixed(2) : String(row.value);
}

/**
 * Every figure of the pack, one per row (RFC 4180, `\r\n`, UTF-8 without a
 * byte-order mark): `partnership, as_of, quarter, figure, motion, value, unit`,
 * the unit being the base currency's code for money.
 */
export function renderCsv(pack: BoardPack): Buffer {
  const unit = (row: FigureRow) => (row.unit === 'money' ? pack.partnership.currency : row.unit);
  const records = figureRows(pack).map((row) => [
    pack.partnership.key,
    pack.asOf,
    row.quarter,
    row.figure,
    row.motion ?? '',
    valueText(row),
    unit(row),
  ]);
  return Buffer.from(
    stringify(records, {
      header: true,
      columns: [...boardPackCsvColumns],
      record_delimiter: 'windows',
    }),
    'utf8',
  );
}
