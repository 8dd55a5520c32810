import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * The line of the node a path names, or of its nearest ancestor that exists
 * (a missing key is reported where its parent is). A value is reported on
 * its key's line, where a reader looks, even when it starts below the key.
 */
export function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly PropertyKey[],
): number | null {
  let node: unknown = doc.contents;
  let line = lineAt(node, counter) ?? 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      node = pair.value;
      line = lineAt(pair.key, counter) ?? line;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      line = lineAt(node, counter) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function lineAt(node: unknown, counter: LineCounter): number | null {
  const range = (node as Node | null | undefined)?.range;
  return range ? counter.linePos(range[0]).line : null;
}
