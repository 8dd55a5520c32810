import type { Command } from 'commander';
import { vi } from 'vitest';

/**
 * Runs one CLI command in-process as `alignboard <command> ARGS` would,
 * capturing what it prints; a CliError or commander error is thrown, not exited.
 */
export async function runCli(command: Command, args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    await command.exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return { out: out.join(''), err: err.join('') };
}
