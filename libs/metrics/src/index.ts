/**
 * @alignboard/metrics — the numbers of SPEC §4–§5 as pure functions over
 * apache-arrow tables: deal groups, the joint number, the sourced/influenced
 * split, how the quarter came in, motion attainment and kill candidates, health.
 *
 * Pure means no Nest, no TypeORM, no I/O and no clock: callers pass `asOf`.
 * The lint config enforces the imports (see eslint.config.mjs). Each metric
 * gets its own file and is re-exported here by name; later issues fill it.
 */
export {};
