/**
 * Live save of one text field, as the room types: a save starts `delayMs` after the last
 * keystroke, never two at once (a change made during a save is saved right after it), and
 * `flush()` saves what is pending now (before confirming, or leaving the page).
 */
export type SaveStatus = 'idle' | 'dirty' | 'saving' | 'saved' | 'conflict' | 'error';

export interface LiveSaveOptions {
  delayMs: number;
  /** Writes the value; throws to report a failure (the value stays pending). */
  save: (value: string) => Promise<void>;
  onStatus: (status: SaveStatus, error?: Error) => void;
  /** Tells a conflict (someone else saved meanwhile) from other failures. */
  isConflict?: (error: Error) => boolean;
}

export class LiveSave {
  private saved: string;
  private latest: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private status: SaveStatus = 'idle';

  constructor(
    initial: string,
    private readonly options: LiveSaveOptions,
  ) {
    this.saved = initial;
    this.latest = initial;
  }

  get value(): string {
    return this.latest;
  }

  get pending(): boolean {
    return this.latest !== this.saved || this.running !== undefined;
  }

  change(value: string): void {
    this.latest = value;
    clearTimeout(this.timer);
    if (value === this.saved && !this.running) {
      this.set(this.status === 'idle' ? 'idle' : 'saved');
      return;
    }
    this.set('dirty');
    // A failure is reported through onStatus; the value stays pending for the next try.
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.options.delayMs);
  }

  /** Someone else's value became the base (a reload, or "use theirs"): nothing is pending. */
  reset(value: string): void {
    clearTimeout(this.timer);
    this.saved = value;
    this.latest = value;
    this.set('idle');
  }

  /** Saves what is pending now and resolves once nothing is; rejects with the save's error. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    while (this.running) await this.running.catch(() => undefined);
    if (this.latest === this.saved) return;
    const value = this.latest;
    this.set('saving');
    this.running = this.options.save(value).then(
      () => {
        this.saved = value;
      },
      (error: Error) => {
        this.set(this.options.isConflict?.(error) ? 'conflict' : 'error', error);
        throw error;
      },
    );
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    // Typed during the save: save that too, at once.
    if (this.latest !== this.saved) return this.flush();
    this.set('saved');
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private set(status: SaveStatus, error?: Error): void {
    this.status = status;
    this.options.onStatus(status, error);
  }
}
