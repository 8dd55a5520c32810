import type { ArtifactDiffEntry } from '@alignboard/contracts';

/** One line of a revision's diff as the history shows it. */
export interface DiffLine {
  /** `notes`, `commitments 2 amount`, `numbers joint total`. */
  where: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

const words: Record<string, string> = { joint: 'joint', closedWon: 'closed won', commitAtStart: 'commit at start', upsideAtStart: 'upside at start', asOf: 'as of' };

/** `['commitments', 1, 'amount']` → `commitments #2 amount`; numbers are shown counting from 1. */
export function pathLabel(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `#${p + 1}` : (words[p] ?? p))).join(' ');
}

export function valueText(value: unknown): string | null {
  if (value === undefined) return null;
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function diffLines(diff: ArtifactDiffEntry[]): DiffLine[] {
  return diff.map((d) => ({
    where: pathLabel(d.path),
    change: d.type === 'CREATE' ? 'added' : d.type === 'REMOVE' ? 'removed' : 'changed',
    before: d.type === 'CREATE' ? null : valueText(d.oldValue),
    after: d.type === 'REMOVE' ? null : valueText(d.value),
  }));
}

/** `notes, commitments #2 amount and 3 more`: a revision at a glance. */
export function diffSummary(diff: ArtifactDiffEntry[], revision: number): string {
  if (revision === 1) return 'Created';
  if (diff.length === 0) return 'No change';
  const top = [...new Set(diff.map((d) => pathLabel(d.path.slice(0, d.path[0] === 'numbers' || d.path[0] === 'asks' || d.path[0] === 'decisions' ? 1 : 2))))];
  const shown = top.slice(0, 3).join(', ');
  return top.length > 3 ? `${shown} and ${top.length - 3} more` : shown;
}
