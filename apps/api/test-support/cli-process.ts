import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hooks = new URL('./source-cli-hooks.mjs', import.meta.url).href;
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** A process id that existed a moment ago and exists no more. */
export function pidOfAnEndedProcess(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** `alignboard …` in a real process of its own, to wait for, read and kill. */
export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Resolves once its output matches (rejects if it ends first, or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Its exit code (null when a signal ended it) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the CLI from its sources (compiled by SWC as the tests are, so no
 * build is needed and none being rewritten by someone else is read), with
 * `env` over a minimal environment: nothing of this process's leaks in.
 */
export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hooks)})`, main, ...args], {
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid!,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} in ${timeoutMs} ms; output:\n${text}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`the CLI ended before printing ${pattern}; output:\n${text}`));
        });
        check();
      });
    },
  };
}
