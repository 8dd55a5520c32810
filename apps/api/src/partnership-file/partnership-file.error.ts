import { ValidationError } from '../common/errors.js';

export interface FileIssue {
  /** `motions[2].forecasts.2026-Q2`; empty for the file as a whole. */
  path: string;
  /** 1-based line of the offending node (or its nearest existing ancestor). */
  line: number;
  message: string;
}

/**
 * Every problem found in a partnership file, each with its line. Nothing is
 * applied from a file that has one. A ValidationError, so an HTTP caller
 * would get a 400 naming each path.
 */
export class PartnershipFileError extends ValidationError {
  /** Control characters in a path or message appear as escapes (`\u0007`): printed raw, they would drive the terminal. */
  readonly fileIssues: FileIssue[];

  constructor(
    issues: FileIssue[],
    /** The file's name as the user gave it, when it was read from disk. */
    readonly source?: string,
  ) {
    const fileIssues = issues.map((i) => ({
      ...i,
      path: printable(i.path),
      message: printable(i.message),
    }));
    super(fileIssues.map((i) => ({ field: i.path, message: `line ${i.line}: ${i.message}` })));
    this.fileIssues = fileIssues;
    this.message = [
      `${source ?? 'The partnership file'} is not valid:`,
      ...fileIssues.map((i) => `  ${describeIssue(i)}`),
    ].join('\n');
  }

  /** `FILE:LINE: path: message`, the shape editors and CI annotate from. */
  editorLines(file = this.source ?? 'partnership-file'): string[] {
    return this.fileIssues.map(
      (i) => `${file}:${i.line}: ${i.path ? `${i.path}: ` : ''}${i.message}`,
    );
  }
}

function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `motions[2].forecasts.2026-Q2 (line 31): expected a number, got "abc"` */
export function describeIssue(issue: FileIssue): string {
  return `${issue.path || '(file)'} (line ${issue.line}): ${issue.message}`;
}
