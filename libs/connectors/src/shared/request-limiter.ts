import Bottleneck from 'bottleneck';
import pThrottle from 'p-throttle';

/** What a client needs from its per-connection limiter. */
export interface RequestLimiter {
  schedule<T>(job: () => Promise<T>): Promise<T>;
  /** Refuses jobs not started yet. */
  stop(): Promise<void>;
}

/**
 * Bottleneck when requests must be spaced (`minTime` > 0), else a plain cap
 * on concurrent requests: Bottleneck starts every job from a timer, which
 * costs a millisecond or more per request even when no wait is due — on a
 * run of thousands of sequential calls, seconds of doing nothing.
 */
export function requestLimiter(options: { minTime: number; maxConcurrent: number }): RequestLimiter {
  if (options.minTime > 0) {
    const limiter = new Bottleneck(options);
    return { schedule: (job) => limiter.schedule(job), stop: () => limiter.stop({ dropWaitingJobs: true }) };
  }
  return new ConcurrencyCap(options.maxConcurrent);
}

class ConcurrencyCap implements RequestLimiter {
  private running = 0;
  private stopped = false;
  private readonly waiting: { start: () => void; refuse: (error: Error) => void }[] = [];

  constructor(private readonly max: number) {}

  async schedule<T>(job: () => Promise<T>): Promise<T> {
    if (this.stopped) throw new Error('This limiter has been stopped.');
    if (this.running >= this.max) {
      await new Promise<void>((start, refuse) => this.waiting.push({ start, refuse }));
    }
    this.running++;
    try {
      return await job();
    } finally {
      this.running--;
      this.waiting.shift()?.start();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiting.splice(0)) w.refuse(new Error('This limiter has been stopped.'));
  }
}

/**
 * At most `limit` requests started in any `intervalMs` (a sliding window, so
 * no fixed window can see more either) and at most `maxConcurrent` at once.
 * For limits stated per window, like HubSpot's search "5 per second": a few
 * requests go at once instead of being spaced 1/limit apart, which is what
 * an incremental run of three search pages spends most of its time on.
 */
export function slidingWindowLimiter(options: { limit: number; intervalMs: number; maxConcurrent: number }): RequestLimiter {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`slidingWindowLimiter: limit must be a whole number ≥ 1, not ${options.limit}`);
  const aborted = new AbortController();
  const cap = new ConcurrencyCap(options.maxConcurrent);
  const throttle = pThrottle({ limit: options.limit, interval: options.intervalMs, strict: true, signal: aborted.signal });
  // The window counts starts: wait for a free slot first, then for the window.
  const start = throttle(<T>(job: () => Promise<T>) => job());
  return {
    schedule: <T>(job: () => Promise<T>) => cap.schedule(() => start(job) as Promise<T>),
    stop: async () => {
      aborted.abort(new Error('This limiter has been stopped.'));
      await cap.stop();
    },
  };
}

/** `perSecond` as a whole number of requests per window (0.5/s: one per 2 s; 4.5/s: four per 889 ms). */
export function perSecondWindow(perSecond: number): { limit: number; intervalMs: number } {
  if (!(perSecond > 0)) throw new Error(`a request rate must be above 0, not ${perSecond}`);
  const limit = Math.max(1, Math.floor(perSecond));
  return { limit, intervalMs: (1000 * limit) / perSecond };
}
