export type FilePath = (string | number)[];

export interface InterpolationIssue {
  path: FilePath;
  message: string;
}

export interface Interpolated {
  value: unknown;
  issues: InterpolationIssue[];
  /** The text as written (`${SF_CLIENT_SECRET}`) of every value that came from the environment, by path. */
  templates: Map<string, string>;
}

/** `$${` (a literal `${`), `${...}` (a reference), or a `${` that is never closed. */
const token = /\$\$\{|\$\{([^}]*)\}|\$\{([A-Za-z0-9_]*)/g;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` in string values (never in keys) with the variable from
 * `env`; `$${` writes a literal `${`, and a `$` before anything else is just a
 * `$`. Every unset variable, invalid name or unclosed `${` is an issue at the
 * value's path; the value then stays as written so that later checks do not
 * report it twice. A variable's value is never interpolated again.
 */
export function interpolateEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
): Interpolated {
  const issues: InterpolationIssue[] = [];
  const templates = new Map<string, string>();

  const visit = (node: unknown, path: FilePath): unknown => {
    if (typeof node === 'string') return substitute(node, path);
    if (Array.isArray(node)) return node.map((item, i) => visit(item, [...path, i]));
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, visit(item, [...path, key])]),
      );
    }
    return node;
  };

  const substitute = (text: string, path: FilePath): string => {
    if (!text.includes('${')) return text;
    const before = issues.length;
    let fromEnv = false;
    const result = text.replace(token, (whole, name?: string, unclosed?: string) => {
      if (whole === '$${') return '${';
      if (name === undefined) {
        issues.push({
          path,
          message: `\${${unclosed ?? ''} is not closed: write \${NAME}, or $\${ for a literal \${`,
        });
        return whole;
      }
      if (!variableName.test(name)) {
        issues.push({
          path,
          message: `${whole} is not a valid reference: expected \${NAME} with letters, digits and _`,
        });
        return whole;
      }
      const found = env[name];
      if (found === undefined || found === '') {
        issues.push({
          path,
          message: `environment variable ${name} is ${found === undefined ? 'not set' : 'empty'}`,
        });
        return whole;
      }
      fromEnv = true;
      return found;
    });
    if (fromEnv || issues.length > before) templates.set(pathKey(path), text);
    return issues.length > before ? text : result;
  };

  return { value: visit(value, []), issues, templates };
}

/** A stable map key for a path (not for display: see `formatPath`). */
export function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map((p) => (typeof p === 'number' ? p : String(p))));
}
