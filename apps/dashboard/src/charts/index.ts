/**
 * The charts, loaded lazily (ui/chart.ts): Observable Plot is most of the dashboard's code, and the
 * joint number must paint before it arrives.
 */
export { plot } from '@observablehq/plot';
export { byQuarterChart } from './by-quarter.js';
export { callChart } from './call.js';
export { splitChart } from './split.js';
export { trendChart } from './trend.js';
export { motionAttainmentChart } from './motion-attainment.js';
