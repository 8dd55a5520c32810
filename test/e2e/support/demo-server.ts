import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncStatusView } from '@alignboard/contracts';

/** What the browser tests need to reach the running demo. */
export interface DemoServerInfo {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string;
  /** The member token `demo` prints for dana@cobalt.example (side A's CRO). */
  token: string;
  partnershipKey: string;
  /** Seconds from spawn to the end of the first sync. */
  startSeconds: number;
}

export interface DemoServer extends DemoServerInfo {
  stop(): Promise<void>;
}

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

const startTimeoutMs = 150_000;

/** The build the product serves; the e2e `test` target depends on building it. */
export function assertBuilt(): void {
  const missing = ['dist/apps/api/src/cli/main.js', 'dist/apps/dashboard/index.html'].filter(
    (path) => !existsSync(join(repoRoot, path)),
  );
  if (missing.length) {
    throw new Error(
      `The browser tests run the built product, and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: ` +
        'run `npm run build` first (`npm test` builds through the e2e project’s test target).',
    );
  }
}

/**
 * Starts the product the way `npm start` does (`alignboard demo`: embedded
 * database, simulated CRMs, the API serving the dashboard), on a free port and
 * a fresh data directory, and resolves once the first sync has finished.
 * Scheduled syncs are off so the data stays as the first sync left it.
 */
export async function startDemoServer(): Promise<DemoServer> {
  assertBuilt();
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'alignboard-e2e-'));
  const { DATABASE_URL: _ignored, ALIGNBOARD_SMTP_URL: _noMail, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', join(repoRoot, 'bin/alignboard.js'), 'demo', '--port', '0'],
    {
      cwd: repoRoot,
      env: {
        ...env,
        ALIGNBOARD_DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        ALIGNBOARD_SYNC_INTERVAL_MINUTES: '0',
        LOG_LEVEL: 'warn',
      },
      // Its own process group, so stopping it takes every child with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = collectOutput(child);
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      await terminate(child);
      rmSync(dataDir, { recursive: true, force: true });
    })());

  try {
    const { baseUrl, token } = await output.waitFor((text) => {
      const url = /Alignboard demo is running at (http:\/\/\S+)/.exec(text)?.[1];
      const token = /^token: (abt_\S+)$/m.exec(text)?.[1];
      return url && token ? { baseUrl: url.replace(/\/$/, ''), token } : undefined;
    }, started + startTimeoutMs);
    const partnershipKey = /partnership: (\S+)/.exec(output.text())?.[1] ?? 'cobalt-northgate';
    await waitForHealth(baseUrl, started + startTimeoutMs, output);
    await waitForFirstSync(baseUrl, token, partnershipKey, started + startTimeoutMs, output);
    return { baseUrl, token, partnershipKey, startSeconds: (Date.now() - started) / 1000, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Output {
  text(): string;
  waitFor<T>(parse: (text: string) => T | undefined, deadline: number): Promise<T>;
}

function collectOutput(child: ChildProcess): Output {
  let text = '';
  let exited: string | undefined;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (chunk: Buffer) => ((text += chunk.toString()), wake()));
  child.stderr!.on('data', (chunk: Buffer) => ((text += chunk.toString()), wake()));
  child.on(
    'exit',
    (code, signal) => ((exited = `exited with ${signal ?? `code ${code}`}`), wake()),
  );
  return {
    text: () => text,
    waitFor: <T>(parse: (text: string) => T | undefined, deadline: number) =>
      new Promise<T>((resolvePromise, reject) => {
        const check = () => {
          const value = parse(text);
          if (value !== undefined) return done(() => resolvePromise(value));
          if (exited)
            return done(() =>
              reject(new Error(`alignboard demo ${exited} before it was ready:\n${text}`)),
            );
          if (Date.now() > deadline)
            return done(() => reject(new Error(`alignboard demo was not ready in time:\n${text}`)));
        };
        const timer = setInterval(check, 250);
        const done = (settle: () => void) => (
          clearInterval(timer),
          waiters.delete(check),
          settle()
        );
        waiters.add(check);
        check();
      }),
  };
}

async function waitForHealth(baseUrl: string, deadline: number, output: Output): Promise<void> {
  for (;;) {
    const status = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`/api/health answered ${status}, never 200:\n${output.text()}`);
    await sleep(250);
  }
}

/** The demo syncs both sides once after it starts serving; the figures are whole only after that. */
async function waitForFirstSync(
  baseUrl: string,
  token: string,
  key: string,
  deadline: number,
  output: Output,
): Promise<void> {
  let last = '';
  for (;;) {
    const response = await fetch(`${baseUrl}/api/partnerships/${key}/sync`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.ok) {
      const status = (await response.json()) as SyncStatusView;
      last = JSON.stringify(
        status.sides.map((s) => ({
          side: s.side,
          running: s.running?.progress,
          last: s.lastRun?.status,
        })),
      );
      const finished =
        status.sides.length === 2 && status.sides.every((s) => !s.running && s.lastRun?.finishedAt);
      if (finished) {
        const failed = status.sides.filter((s) => s.lastRun?.status !== 'succeeded');
        if (failed.length)
          throw new Error(`The demo's first sync did not succeed: ${last}\n${output.text()}`);
        return;
      }
    } else {
      last = `HTTP ${response.status}`;
    }
    if (Date.now() > deadline)
      throw new Error(
        `The demo's first sync did not finish in time (last status ${last}):\n${output.text()}`,
      );
    await sleep(500);
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  killGroup(child, 'SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!inTime) {
    killGroup(child, 'SIGKILL');
    await exited;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
