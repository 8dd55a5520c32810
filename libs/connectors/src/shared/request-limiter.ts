import Bottleneck from 'bottleneck';

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
  if (options.minTime > 0) return bottleneck(new Bottleneck(options));
  return new ConcurrencyCap(options.maxConcurrent);
}

export function bottleneck(limiter: Bottleneck): RequestLimiter & { bottleneck: Bottleneck } {
  return {
    bottleneck: limiter,
    schedule: (job) => limiter.schedule(job),
    stop: () => limiter.stop({ dropWaitingJobs: true }),
  };
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
