import type { ChangePage, HistorySnapshot } from '@alignboard/connectors';

export interface PreparedPage {
  page: ChangePage;
  /** The history of the page's records not stored yet. */
  history: Map<string, HistorySnapshot[]>;
}

export interface ReadAheadLimits {
  /** Stop reading ahead once this many records wait to be written. */
  aheadRecords: number;
  /** Join waiting pages into one write up to about this many records. */
  batchRecords: number;
}

/**
 * Pages read (with their history) ahead of the writer, handed over in
 * batches: whatever was read while the last batch was being written, joined
 * into one page when no record, and no account, appears on two of them.
 * Written together with the last page's cursor, such pages end exactly as
 * they would one by one; small pages (HubSpot lists 100 deals a call) then
 * cost one transaction per batch instead of one each.
 */
export class PageReadAhead {
  private readonly waiting: PreparedPage[] = [];
  private buffered = 0;
  private ended = false;
  private failed: { error: unknown } | null = null;
  private stopped = false;
  private wakeWriter: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;

  constructor(
    private readonly read: () => Promise<PreparedPage | null>,
    private readonly limits: ReadAheadLimits,
  ) {
    void this.pump();
  }

  /** The next batch, null at the end; a failed read surfaces after the pages read before it. */
  async next(): Promise<PreparedPage | null> {
    while (!this.waiting.length) {
      if (this.failed) throw this.failed.error;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    }
    let batch = this.waiting.shift()!;
    while (this.waiting.length && recordsOf(batch.page) < this.limits.batchRecords && canJoin(batch.page, this.waiting[0].page)) {
      batch = join(batch, this.waiting.shift()!);
    }
    this.buffered = this.waiting.reduce((n, p) => n + recordsOf(p.page), 0);
    this.wakeReader?.();
    return batch;
  }

  /** Reads no further (a run stopped early); a read under way finishes unused. */
  stop(): void {
    this.stopped = true;
    this.wakeReader?.();
  }

  private async pump() {
    try {
      while (!this.stopped) {
        if (this.buffered >= this.limits.aheadRecords) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
          continue;
        }
        const prepared = await this.read();
        if (!prepared) break;
        this.waiting.push(prepared);
        this.buffered += recordsOf(prepared.page);
        this.wakeWriter?.();
      }
    } catch (error) {
      this.failed = { error };
    } finally {
      this.ended = true;
      this.wakeWriter?.();
    }
  }
}

function recordsOf(page: ChangePage): number {
  return page.opportunities.length + page.accounts.length + page.deletions.length + page.quarantined.length;
}

/** What a page writes: opportunity ids, account ids, accounts its opportunities point to. */
function footprint(page: ChangePage) {
  const records = new Set([...page.opportunities.map((o) => o.crmId), ...page.deletions.map((d) => d.crmId)]);
  const accounts = new Set(page.accounts.map((a) => a.crmId));
  let anonymous = false;
  for (const q of page.quarantined) {
    if (q.crmId === null) anonymous = true;
    else (q.objectType === 'account' ? accounts : records).add(q.crmId);
  }
  const referenced = new Set(page.opportunities.map((o) => o.accountCrmId).filter((id): id is string => id !== null));
  return { records, accounts, referenced, anonymous };
}

/**
 * Two pages commute when they share no record, the later one brings no
 * account the earlier one holds or points to (its name must reach those
 * opportunities after they are written), and at most one holds records
 * without ids (their quarantine keys are positions on the page).
 */
export function canJoin(earlier: ChangePage, later: ChangePage): boolean {
  const a = footprint(earlier);
  const b = footprint(later);
  if (a.anonymous && b.anonymous) return false;
  for (const id of b.records) if (a.records.has(id)) return false;
  for (const id of b.accounts) if (a.accounts.has(id) || a.referenced.has(id)) return false;
  return true;
}

function join(earlier: PreparedPage, later: PreparedPage): PreparedPage {
  const [a, b] = [earlier.page, later.page];
  return {
    page: {
      opportunities: [...a.opportunities, ...b.opportunities],
      accounts: [...a.accounts, ...b.accounts],
      deletions: [...a.deletions, ...b.deletions],
      quarantined: [...a.quarantined, ...b.quarantined],
      cursor: b.cursor,
      progress: b.progress,
    },
    history: new Map([...earlier.history, ...later.history]),
  };
}
