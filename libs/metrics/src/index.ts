/**
 * @alignboard/metrics — the numbers of SPEC §4–§5 as pure functions over
 * apache-arrow tables: deal groups, the joint number, the sourced/influenced
 * split, how the quarter came in, motion attainment and kill candidates, health.
 * What is exported here is what production runs: `PartnershipFigures` sums
 * the per-day figure cube; the plain group-by-group sums it is checked against
 * are a test oracle (`__oracles__/`), not part of this face.
 *
 * Pure means no Nest, no TypeORM, no I/O and no clock: callers pass `asOf`.
 * The lint config enforces the imports (see eslint.config.mjs).
 */
export { quarterBounds, quarterOf, quarterRange, shiftQuarter, type DayRange, type FiscalCalendar, type QuarterBounds } from './fiscal-calendar.js';
export {
  dealRecordsTable, dealHistoryTable, dealRecordWarnings, dealColumns, historyColumns, idKey,
  type DealRecord, type DealHistoryRow, type RecordEncoding, type DealColumns, type HistoryColumns, type RecordWarning,
} from './deal-records.js';
export { dealColumnsAsOf, historyOffsets } from './state-as-of.js';
export { groupDeals, type DealGroups, type GroupOverride, type GroupingRules, type FieldConflict } from './deal-groups.js';
export { quarterCall } from './quarter-call.js';
export { judgeMotions, type MotionPlan, type MotionSums } from './motion-attainment.js';
export { buildFigureCube, jointAndSplitFromCube, motionSumsFromCube, type FigureCube } from './figure-cube.js';
export { partnershipHealth, businessDaysBetween, type HealthInput, type HealthMeeting } from './partnership-health.js';
export { PartnershipFigures, type PartnershipData, type MotionDefinition } from './quarter-metrics.js';
export { categoryName, attributionName, dateOfDay, dayOf, money, ratio } from './codes.js';
