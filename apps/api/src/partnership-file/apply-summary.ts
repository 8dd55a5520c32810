export interface ApplySummary {
  partnership: string;
  /** True when the partnership did not exist before this file. */
  created: boolean;
  /** True when the database already matched the file: nothing was written. */
  unchanged: boolean;
  /** True when the changes were computed, then rolled back. */
  dryRun: boolean;
  /** One human-readable line per change, in the order they were made. */
  changes: string[];
  /** What the database holds and the file does not mention, left as it is (never deleted by `apply`). */
  notInFile: string[];
}

/** The lines `alignboard apply` prints. */
export function formatApplySummary(summary: ApplySummary, file: string): string[] {
  const lines: string[] = [];
  if (summary.unchanged) {
    lines.push(`${summary.partnership}: unchanged (the database already matches ${file})`);
  } else {
    const verb = summary.dryRun ? 'would apply (dry run: nothing was written)' : 'applied';
    lines.push(`${summary.partnership}: ${summary.created ? 'created' : 'updated'}, ${verb}:`);
    lines.push(...summary.changes.map((c) => `  ${c}`));
  }
  if (summary.notInFile.length) {
    lines.push('Not in the file, left as they are:');
    lines.push(...summary.notInFile.map((n) => `  ${n}`));
  }
  return lines;
}
