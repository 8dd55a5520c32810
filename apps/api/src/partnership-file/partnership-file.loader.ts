import { partnershipFileSchema, type PartnershipDefinition } from '@alignboard/contracts';
import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { NotFoundError } from '../common/errors.js';
import { formatPath } from '../common/zod-validation.pipe.js';
import { interpolateEnv, pathKey, type FilePath } from './env-interpolation.js';
import { humanMessages } from './human-messages.js';
import { PartnershipFileError, type FileIssue } from './partnership-file.error.js';
import { lineOf } from './yaml-lines.js';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Parses a partnership file (YAML, or JSON: YAML 1.2 reads JSON, so lines
 * work the same), interpolates `${ENV}` references from `env` and validates
 * the result. Throws a PartnershipFileError listing every issue with its line.
 * Pure: the caller decides where the text and the environment come from.
 */
export function parsePartnershipFile(
  text: string,
  env: EnvSource,
  source?: string,
): PartnershipDefinition {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) throw new PartnershipFileError(syntaxIssues(doc.errors, text), source);

  const interpolated = interpolateEnv(doc.toJS({ maxAliasCount: 100 }), env);
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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw missing ? new NotFoundError(`No partnership file at ${file}`) : error;
  }
  return parsePartnershipFile(text, env, file);
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
      if (/[{[].*\$\{/.test(text.split(/\r?\n/)[line - 1] ?? '')) {
        message += '; inside { } or [ ], quote a reference: "${NAME}"';
      }
      return { path: '', line, message };
    })
    .sort((a, b) => a.line - b.line);
}
