/**
 * How Alignboard shows its figures, on every target: the dashboard, the PDFs, the HTML pages, the
 * emails and the CLI (docs/decisions/016-presentation-layer.md). Browser-safe: no Node, no I/O, no
 * clock. The Plot chart builders are a second entry, `@alignboard/presentation/charts`, so that
 * what only formats never loads Plot.
 */
export { palette, categorySeries } from './palette.js';
export { formatMoney, formatMoneyChange, formatMoneyCompact, type MoneyStyle } from './money.js';
export { formatRatio } from './ratio.js';
export { formatAge, formatDate, formatInstant, formatLongDate, formatUtcMinute } from './dates.js';
export { formatQuarterDays, formatQuarterRange } from './quarters.js';
export { formatCount, humanize } from './words.js';
export { escapeHtml, escapeSlack } from './escape.js';
export { motionFlag, motionStanding, type MotionFlag, type MotionStanding } from './views/motion-standing.js';
