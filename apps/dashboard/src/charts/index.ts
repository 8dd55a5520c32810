/**
 * The charts, loaded lazily (ui/chart.ts): Observable Plot is most of the dashboard's code, and the
 * joint number must paint before it arrives. The builders live in `@alignboard/presentation`,
 * shared with the server's PDFs and pages.
 */
export { plot, byQuarterChart, callChart, splitChart, trendChart, motionAttainmentChart } from '@alignboard/presentation/charts';
