/**
 * Writes a simulated CRM has stamped but not committed yet: a long
 * transaction, an import, a workflow that lands after writes stamped later.
 * Each is applied, with the stamp it was given, once the CRM's clock reaches
 * the instant it becomes visible.
 */
export class LateCommits {
  private waiting: { visibleAtMs: number; commit: () => void }[] = [];

  constructor(private readonly nowMs: () => number) {}

  /** Queues `commit` when `visibleAt` lies ahead of the CRM's now (true), or says to write now (false). */
  defer(visibleAt: string | Date | undefined, commit: () => void): boolean {
    if (visibleAt === undefined) return false;
    const visibleAtMs = new Date(visibleAt).getTime();
    if (visibleAtMs <= this.nowMs()) return false;
    this.waiting.push({ visibleAtMs, commit });
    this.waiting.sort((a, b) => a.visibleAtMs - b.visibleAtMs);
    return true;
  }

  /** Commits, oldest first, what is due; the simulators call it before answering each request. */
  settle(): void {
    const now = this.nowMs();
    const due = this.waiting.filter((w) => w.visibleAtMs <= now);
    if (!due.length) return;
    this.waiting = this.waiting.filter((w) => w.visibleAtMs > now);
    for (const w of due) w.commit();
  }

  pending(): number {
    return this.waiting.length;
  }
}
