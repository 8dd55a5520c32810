/**
 * The Observable Plot chart builders: each takes the API's figures and returns Plot options, which
 * the dashboard mounts in the page and the server renders to SVG for its PDFs and pages. Same
 * builder, same palette, same chart everywhere.
 */
export { plot } from '@observablehq/plot';
export type { PlotOptions } from '@observablehq/plot';
export { type ChartContext } from './chart-options.js';
export { byQuarterChart } from './by-quarter.js';
export { callChart } from './call.js';
export { splitChart } from './split.js';
export { trendChart } from './trend.js';
export { motionAttainmentChart } from './motion-attainment.js';
export { motionTrendChart } from './motion-trend.js';
export { chartLegend, type LegendItem } from './legend.js';
