/**
 * A CRM's own clock in the simulators. It stands still until a test moves it,
 * so every record gets the stamp the test chose, and it can be set behind or
 * ahead of the product's clock (`skewed`), or back in time (a portal restored
 * from a backup). The simulators read it through their `clock` option.
 */
export class VirtualClock {
  private ms: number;

  constructor(start: string | number | Date) {
    this.ms = toMs(start);
  }

  now(): number {
    return this.ms;
  }

  date(): Date {
    return new Date(this.ms);
  }

  iso(): string {
    return this.date().toISOString();
  }

  set(at: string | number | Date): void {
    this.ms = toMs(at);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  /** Another machine's reading of this clock, `offsetMs` ahead of it (negative: behind). */
  skewed(offsetMs: number): () => Date {
    return () => new Date(this.ms + offsetMs);
  }
}

function toMs(at: string | number | Date): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(at)}`);
  return ms;
}
