import type { HealthReading } from './health.js';

export type StatusTone = 'checking' | 'ok' | 'warn' | 'down';

/** The status line as the page shows it: words first, so it reads without colour. */
export interface StatusView {
  tone: StatusTone;
  headline: string;
  detail: string;
}

export const checkingStatus: StatusView = {
  tone: 'checking',
  headline: 'Checking the API…',
  detail: '',
};

export function describeHealth(reading: HealthReading, checkedAt: Date): StatusView {
  const when = `Checked at ${formatUtcTime(checkedAt)}.`;
  if (reading.api === 'down') {
    return {
      tone: 'down',
      headline: 'API unreachable',
      detail: `${capitalize(reading.reason)}. ${when}`,
    };
  }
  if (reading.database === 'down') {
    return {
      tone: 'warn',
      headline: 'API up · database down',
      detail: `The API answers but cannot reach its database. ${when}`,
    };
  }
  return { tone: 'ok', headline: 'API up · database up', detail: when };
}

/** `14:03:07 UTC`: the product keeps time in UTC (SPEC §5), and so does this line. */
export function formatUtcTime(instant: Date): string {
  return `${instant.toISOString().slice(11, 19)} UTC`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
