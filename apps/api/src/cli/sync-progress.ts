import cliProgress from 'cli-progress';
import type { SyncPhase } from '@alignboard/contracts';

/** What each phase's count is of: one word per phase, on screen and in the summary alike. */
const unitOf: Record<SyncPhase, string> = {
  reading: 'opportunities read',
  checking: 'records checked',
  healing: 'records healed',
};

export interface ProgressLine {
  /** Reports where one connection's run is; a new phase ends the previous one. */
  update(phase: SyncPhase, fetched: number, total: number | null): void;
  /** The run ended (its summary follows). */
  done(): void;
}

export interface SyncProgressDisplay {
  line(label: string): ProgressLine;
  stop(): void;
}

/**
 * Progress of the CLI's syncs: a bar per connection on a terminal; off one
 * (CI logs, pipes) a plain line when a phase starts and when it ends, and
 * one every `everyMs` while a long phase runs — never a bar's template.
 */
export function syncProgressDisplay(out: NodeJS.WriteStream = process.stdout, options: { everyMs?: number; now?: () => number } = {}): SyncProgressDisplay {
  // Elapsed time between lines, not a date: the monotonic clock.
  return out.isTTY ? barDisplay(out) : lineDisplay(out, options.everyMs ?? 10_000, options.now ?? (() => performance.now()));
}

function barDisplay(out: NodeJS.WriteStream): SyncProgressDisplay {
  const bars = new cliProgress.MultiBar(
    { format: ' {label} {phase} |{bar}| {value}/{total} {unit}', hideCursor: true, clearOnComplete: false, stream: out },
    cliProgress.Presets.shades_classic,
  );
  return {
    line(label) {
      const bar = bars.create(1, 0, { label, phase: 'starting'.padEnd(8), unit: '' });
      return {
        update(phase, fetched, total) {
          bar.setTotal(Math.max(total ?? fetched, fetched, 1));
          bar.update(fetched, { label, phase: phase.padEnd(8), unit: unitOf[phase] });
        },
        done() {
          bar.stop();
        },
      };
    },
    stop: () => bars.stop(),
  };
}

function lineDisplay(out: NodeJS.WriteStream, everyMs: number, now: () => number): SyncProgressDisplay {
  const say = (text: string) => out.write(`${text}\n`);
  const count = (phase: SyncPhase, fetched: number, total: number | null) =>
    `${fetched.toLocaleString('en-US')}${total !== null && total >= fetched ? ` of ${total.toLocaleString('en-US')}` : ''} ${unitOf[phase]}`;
  return {
    line(label) {
      let current: { phase: SyncPhase; fetched: number; total: number | null } | null = null;
      let lastSaidAt = 0;
      const finish = () => current && say(`${label}: ${current.phase} done, ${count(current.phase, current.fetched, current.total)}`);
      return {
        update(phase, fetched, total) {
          if (current?.phase !== phase) {
            finish();
            say(`${label}: ${phase}${total !== null ? ` ${total.toLocaleString('en-US')} ${phase === 'reading' ? 'changed opportunities' : 'records'}` : ''}…`);
            lastSaidAt = now();
          } else if (now() - lastSaidAt >= everyMs) {
            say(`${label}: ${phase}, ${count(phase, fetched, total)}`);
            lastSaidAt = now();
          }
          current = { phase, fetched, total };
        },
        done() {
          finish();
          current = null;
        },
      };
    },
    stop: () => undefined,
  };
}
