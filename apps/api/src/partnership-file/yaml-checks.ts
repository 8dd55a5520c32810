import {
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';
import { formatPath } from '../common/zod-validation.pipe.js';
import type { FilePath } from './env-interpolation.js';
import type { FileIssue } from './partnership-file.error.js';

/**
 * What a partnership file may be, beyond its schema. A real file is a few
 * kilobytes, nests 7 levels deep and uses an alias or two; these bounds are far
 * above that and far below what would exhaust memory or the stack.
 */
export const fileLimits = {
  bytes: 1024 * 1024,
  depth: 32,
  /** Values that aliases add to the file once expanded (each `*alias` repeats its anchor's value). */
  aliasedValues: 10_000,
} as const;

/**
 * Characters YAML does not allow in a stream (YAML 1.2 §5.1, c-printable):
 * C0 controls other than tab and line breaks, DEL, C1 controls other than NEL,
 * U+FFFE, U+FFFF and unpaired surrogates. The parser reads them anyway.
 */
const nonPrintable =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|\p{Cs}/u;

/** Before parsing: the file's size, then the first character YAML does not allow, with its line and column. */
export function textIssues(text: string): FileIssue[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > fileLimits.bytes) return [tooLarge(bytes)];
  const found = nonPrintable.exec(text);
  if (!found) return [];
  const before = text.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - before.lastIndexOf('\n');
  const code = codePoint(found[0]);
  const message =
    code === 'U+0000'
      ? `contains a NUL byte (U+0000) at column ${column}; a partnership file is UTF-8 text`
      : `contains the ${/[\u0000-\u009f]/.test(found[0]) ? 'control ' : ''}character ${code} at column ${column}, which YAML does not allow`;
  return [{ path: '', line, message }];
}

export function tooLarge(bytes: number): FileIssue {
  const size = `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return {
    path: '',
    line: 1,
    message: `the file is ${size}; a partnership file may be at most 1 MiB`,
  };
}

const coreTags = new Map([
  ['tag:yaml.org,2002:str', '!!str'],
  ['tag:yaml.org,2002:int', '!!int'],
  ['tag:yaml.org,2002:float', '!!float'],
  ['tag:yaml.org,2002:bool', '!!bool'],
  ['tag:yaml.org,2002:null', '!!null'],
  ['tag:yaml.org,2002:seq', '!!seq'],
  ['tag:yaml.org,2002:map', '!!map'],
]);
const coreTagList = `${[...coreTags.values()].slice(0, -1).join(', ')} and !!map`;

/**
 * After parsing, before anything is built from the document: explicit tags
 * (only YAML 1.2's core tags mean something here: `!!js/function` or `!foo`
 * would otherwise be read silently as text), nesting depth, and aliases (one
 * that names no anchor, one inside the value it names, and expansion: a few
 * lines of nested aliases can stand for billions of values).
 */
export function documentIssues(doc: Document, counter: LineCounter): FileIssue[] {
  const issues: FileIssue[] = [];
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const sizes = new Map<Node, number>();
  const ancestors = new Set<Node>();
  let aliasedValues = 0;

  const report = (node: Node, path: FilePath, message: string) => {
    const line = node.range ? counter.linePos(node.range[0]).line : 1;
    issues.push({ path: formatPath(path), line, message });
  };

  /** Values a node stands for once every alias in it is expanded; linear thanks to the memo. */
  const sizeOf = (node: unknown): number => {
    if (!isNode(node)) return 0;
    if (isAlias(node)) {
      const target = targets.get(node);
      return target ? sizeOf(target) : 1;
    }
    let size = sizes.get(node);
    if (size === undefined) {
      size = 1;
      if (isMap(node)) for (const pair of node.items) size += sizeOf(pair.key) + sizeOf(pair.value);
      else if (isSeq(node)) for (const item of node.items) size += sizeOf(item);
      sizes.set(node, size);
    }
    return size;
  };

  const visitAlias = (alias: Alias, path: FilePath) => {
    const target = anchors.get(alias.source);
    if (!target) {
      report(alias, path, `alias *${alias.source} names no anchor &${alias.source} above it`);
    } else if (ancestors.has(target)) {
      report(
        alias,
        path,
        `alias *${alias.source} is inside the value &${alias.source} it names (a value that contains itself)`,
      );
    } else {
      targets.set(alias, target);
      const before = aliasedValues;
      aliasedValues += sizeOf(target);
      if (before <= fileLimits.aliasedValues && aliasedValues > fileLimits.aliasedValues) {
        report(
          alias,
          path,
          `aliases would add more than ${fileLimits.aliasedValues} values to the file; write the values out instead`,
        );
      }
    }
  };

  const visit = (node: unknown, path: FilePath, depth: number): void => {
    if (!isNode(node)) return;
    if (isAlias(node)) return visitAlias(node, path);
    const tagIssue = checkTag(node);
    if (tagIssue) report(node, path, tagIssue);
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) return;
    if (depth > fileLimits.depth) {
      return report(node, path, `nested more than ${fileLimits.depth} levels deep`);
    }
    ancestors.add(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        visit(pair.key, [...path, key], depth + 1);
        visit(pair.value, [...path, key], depth + 1);
      }
    } else {
      node.items.forEach((item, i) => visit(item, [...path, i], depth + 1));
    }
    ancestors.delete(node);
  };

  visit(doc.contents, [], 1);
  return issues;
}

/** Why a node's explicit tag is refused, if it is. */
function checkTag(node: Node): string | null {
  const tag = node.tag;
  if (!tag) return null;
  const core = coreTags.get(tag);
  if (!core) return `YAML tag ${shownTag(tag)} is not allowed; a partnership file uses only ${coreTagList}`;
  // The parser warns and keeps the text when a core tag does not fit (`!!int one`); refuse instead.
  const fits = isScalar(node)
    ? ({
        '!!str': typeof node.value === 'string',
        '!!int': Number.isInteger(node.value) || typeof node.value === 'bigint',
        '!!float': typeof node.value === 'number',
        '!!bool': typeof node.value === 'boolean',
        '!!null': node.value === null,
      } as Record<string, boolean>)[core]
    : (core === '!!map' && isMap(node)) || (core === '!!seq' && isSeq(node));
  if (fits) return null;
  const written = isScalar(node) ? JSON.stringify(node.source ?? node.value) : isMap(node) ? 'a mapping' : 'a list';
  return `${written} is not a valid ${core}`;
}

/** A tag as a person writes it: `!!js/function`, `!foo`, `!<tag:example.com,2000:x>`. */
function shownTag(tag: string): string {
  const yamlOrg = 'tag:yaml.org,2002:';
  if (tag.startsWith(yamlOrg)) return `!!${tag.slice(yamlOrg.length)}`;
  return tag.startsWith('!') ? tag : `!<${tag}>`;
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
