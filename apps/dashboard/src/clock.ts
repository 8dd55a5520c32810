import { fetchHealth, type HealthReading } from './health.js';

/**
 * "Now" for every page: the server's product clock, never the browser's. The API may run at
 * another date (ALIGNBOARD_CLOCK) and a laptop's clock may be off, yet the default quarter,
 * "today" and "x min ago" must be those of the figures the server computes. `GET /api/health`
 * says the server's now; the clock keeps its offset from this browser's clock, measured at the
 * middle of the request's round trip, and adds it to every reading.
 */
export interface ServerClock {
  /** Asks the server for its time and keeps the offset; answers the health reading it got. */
  sync(): Promise<HealthReading>;
  /** The first sync, shared: whatever decides "now" waits for it (a failed one leaves the offset at 0). */
  ready(): Promise<void>;
  isReady(): boolean;
  nowMs(): number;
  /** Today's date on the server's clock, UTC (`2028-02-29`). */
  today(): string;
}

export function createServerClock(
  read: () => Promise<HealthReading> = () => fetchHealth(),
  browserNowMs: () => number = () => Date.now(),
): ServerClock {
  let offsetMs = 0;
  let first: Promise<void> | undefined;
  let synced = false;
  const clock: ServerClock = {
    async sync() {
      const sentAt = browserNowMs();
      const reading = await read();
      const receivedAt = browserNowMs();
      if (reading.api === 'up' && reading.now) offsetMs = Date.parse(reading.now) - (sentAt + receivedAt) / 2;
      return reading;
    },
    ready: () =>
      (first ??= clock.sync().then(
        () => void (synced = true),
        () => void (synced = true),
      )),
    isReady: () => synced,
    nowMs: () => browserNowMs() + offsetMs,
    today: () => new Date(clock.nowMs()).toISOString().slice(0, 10),
  };
  return clock;
}

/** The dashboard's one clock. */
export const serverClock = createServerClock();
