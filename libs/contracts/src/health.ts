/**
 * `GET /api/health`, the one route without a token: 200 with the database up,
 * 503 with it down. `now` is the server's product clock (ISO instant): what
 * "now" is for its figures and schedules, so the dashboard's default quarter,
 * "today" and "x min ago" are the server's and not the browser's
 * (docs/decisions/013-the-product-clock.md).
 */
export interface HealthView {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  now: string;
}
