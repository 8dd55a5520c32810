import { partnershipFileSchema, type PartnershipDefinition } from '@alignboard/contracts';
import { isUtf8 } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { NotFoundError } from '../common/errors.js';
import { formatPath } from '../common/zod-validation.pipe.js';
import { interpolateEnv, pathKey, type FilePath } from './env-interpolation.js';
import { humanMessages } from './human-messages.js';
import { PartnershipFileError, type FileIssue } from './partnership-file.error.js';
import { documentIssues, fileLimits, textIssues, tooLarge } from './yaml-checks.js';
import { lineOf } from './yaml-lines.js';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Parses a partnership file (YAML, or JSON: YAML 1.2 reads JSON, so lines
 * work the same), interpolates `${ENV}` references from `env` and validates
 * the result. Throws a PartnershipFileError listing every issue with its line.
 * Pure: the caller decides where the text and the environment come from.
 *
 * Checked in stages, each only when the one before found nothing, since what
 * follows a problem of one stage means little: the text (size, characters
 * YAML does not allow), the syntax, the document (tags, aliases, depth), then
 * the interpolated values against the schema, where every issue is reported.
 */
export function parsePartnershipFile(
  text: string,
  env: EnvSource,
  source?: string,
): PartnershipDefinition {
  const textProblems = textIssues(text);
  if (textProblems.length) throw new PartnershipFileError(textProblems, source);
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: true,
    uniqueKeys: true,
    // `!!timestamp` and the like stay unresolved: documentIssues refuses every tag beyond the core ones.
    resolveKnownTags: false,
  });
  if (doc.errors.length) throw new PartnershipFileError(syntaxIssues(doc.errors, text), source);
  const documentProblems = documentIssues(doc, counter);
  if (documentProblems.length) throw new PartnershipFileError(documentProblems, source);

  // documentIssues has bounded what aliases expand to, with the alias's line; no second, lineless limit.
  const interpolated = interpolateEnv(doc.toJS({ maxAliasCount: -1 }), env);
  const parsed = partnershipFileSchema.safeParse(interpolated.value, {
    error: humanMessages(interpolated.templates),
  });
  const reported = new Set(interpolated.issues.map((i) => pathKey(i.path)));
  const issues: FileIssue[] = [];
  const add = (path: FilePath, message: string) =>
    issues.push({ path: formatPath(path), line: lineOf(doc, counter, path) ?? 1, message });

  for (const issue of interpolated.issues) add(issue.path, issue.message);
  for (const issue of parsed.error?.issues ?? []) {
    const path = issue.path as FilePath;
    if (reported.has(pathKey(path))) continue; // its variable is missing: one message is enough
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown key, on the key's own line.
      for (const key of issue.keys) add([...path, key], issue.message);
    } else {
      add(path, issue.message);
    }
  }
  if (issues.length || !parsed.success) {
    issues.sort((a, b) => a.line - b.line || a.path.localeCompare(b.path));
    throw new PartnershipFileError(issues, source);
  }
  return parsed.data;
}

/** Reads and parses a partnership file from disk; issues carry the file name. */
export async function readPartnershipFile(
  file: string,
  env: EnvSource,
): Promise<PartnershipDefinition> {
  return parsePartnershipFile(await readText(file), env, file);
}

const readFailures: Record<string, string> = {
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/**
 * The file as UTF-8 text, reading no more than the size limit allows (a pipe
 * has no size to check first). Bytes that are not UTF-8 are refused with their
 * line, never replaced silently with U+FFFD.
 */
async function readText(file: string): Promise<string> {
  const fail = (issue: FileIssue) => new PartnershipFileError([issue], file);
  let bytes: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > fileLimits.bytes) throw fail(tooLarge(size));
      bytes = Buffer.alloc(fileLimits.bytes + 1);
      let length = 0;
      for (let read = -1; read !== 0 && length < bytes.length; length += read) {
        ({ bytesRead: read } = await handle.read(bytes, length, bytes.length - length, null));
      }
      if (length > fileLimits.bytes) throw fail(tooLarge(length));
      bytes = bytes.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof PartnershipFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') throw new NotFoundError(`No partnership file at ${file}`);
    if (code in readFailures) {
      throw fail({ path: '', line: 1, message: `cannot be read: ${readFailures[code]}` });
    }
    throw error;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw fail({ path: '', line: 1, message: 'is UTF-16 text; save it as UTF-8' });
  }
  if (!isUtf8(bytes)) {
    // A line feed byte never occurs inside a multi-byte UTF-8 sequence, so lines can be checked one by one.
    let line = 1;
    for (let start = 0; isUtf8(bytes.subarray(start, lineEnd(bytes, start))); line += 1) {
      start = lineEnd(bytes, start) + 1;
    }
    throw fail({ path: '', line, message: 'is not UTF-8 text: this line has bytes that are not UTF-8; save the file as UTF-8' });
  }
  return bytes.toString('utf8');
}

function lineEnd(bytes: Buffer, start: number): number {
  const end = bytes.indexOf(0x0a, start);
  return end === -1 ? bytes.length : end;
}

/** `KEY=value` lines (dotenv syntax), for the `${ENV}` references of a file. */
export async function readEnvFile(file: string): Promise<Record<string, string>> {
  return parseEnv(await readFile(file, 'utf8')) as Record<string, string>;
}

/**
 * After the first syntax error the parser is lost and what follows is mostly
 * noise, so only that one is reported, with every duplicated key (each is a
 * problem of its own).
 */
function syntaxIssues(errors: YAMLError[], text: string): FileIssue[] {
  const first = errors.find((e) => e.code !== 'DUPLICATE_KEY');
  const kept = errors.filter((e) => e === first || e.code === 'DUPLICATE_KEY');
  return kept
    .map((e) => {
      const line = e.linePos?.[0].line ?? 1;
      // The yaml library appends the position and an excerpt; the line is reported on its own.
      let message = `YAML syntax error: ${e.message.split(/ at line \d+, column \d+/)[0].trim()}`;
      if (e.message.startsWith('Maximum call stack size exceeded')) {
        message = `nested too deeply to read; a partnership file needs at most ${fileLimits.depth} levels`;
      }
      if (referenceInFlow(text.split(/\r?\n/)[line - 1] ?? '')) {
        message += '; inside { } or [ ], quote a reference: "${NAME}"';
      }
      return { path: '', line, message };
    })
    .sort((a, b) => a.line - b.line);
}

/**
 * Whether a `${` follows a `{` or `[` on the line. Two linear scans: the
 * regular expression /[{[].*\$\{/ backtracks from every bracket, quadratic
 * on a long line of them (a 1 MB line took minutes).
 */
function referenceInFlow(line: string): boolean {
  const bracket = line.search(/[{[]/);
  return bracket !== -1 && line.includes('${', bracket);
}
