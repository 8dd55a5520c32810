/**
 * A parser for the subset of SOQL the connector sends: a field list (dotted
 * relationship fields, or `COUNT()`), one FROM object, WHERE with comparison
 * operators, IN, AND / OR / NOT and parentheses, ORDER BY, LIMIT, OFFSET.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'datetime'; value: number; text: string }
  | { kind: 'date'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; field: string; op: CompareOp; value: Literal }
  | { kind: 'in'; field: string; values: Literal[]; negated: boolean };

export interface OrderItem {
  field: string;
  desc: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  count: boolean;
  fields: string[];
  from: string;
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

type Token = { type: 'ident' | 'op' | 'punct' | 'literal'; text: string; literal?: Literal; at: number };

const datetimeRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/;
const dateRe = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const numberRe = /^-?\d+(?:\.\d+)?/;
const identRe = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const rest = soql.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest[0] === "'") {
      let value = '';
      let j = 1;
      for (; j < rest.length && rest[j] !== "'"; j++) {
        if (rest[j] === '\\') j++;
        value += rest[j] ?? '';
      }
      if (j >= rest.length) throw malformed(soql, i, 'unterminated string literal');
      tokens.push({ type: 'literal', text: rest.slice(0, j + 1), literal: { kind: 'string', value }, at: i });
      i += j + 1;
      continue;
    }
    const m = datetimeRe.exec(rest) ?? dateRe.exec(rest) ?? numberRe.exec(rest);
    if (m) {
      tokens.push({ type: 'literal', text: m[0], literal: parseLiteral(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ type: 'op', text: op[0] === '<>' ? '!=' : op[0], at: i });
      i += op[0].length;
      continue;
    }
    if ('(),'.includes(rest[0])) {
      tokens.push({ type: 'punct', text: rest[0], at: i });
      i += 1;
      continue;
    }
    const id = identRe.exec(rest);
    if (!id) throw malformed(soql, i, `unexpected character '${rest[0]}'`);
    tokens.push({ type: 'ident', text: id[0], at: i });
    i += id[0].length;
  }
  return tokens;
}

function parseLiteral(text: string): Literal {
  if (datetimeRe.test(text)) {
    const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    return { kind: 'datetime', value: Date.parse(iso), text };
  }
  if (dateRe.test(text)) return { kind: 'date', value: text };
  return { kind: 'number', value: Number(text) };
}

function malformed(soql: string, at: number, what: string): SoqlError {
  // Salesforce echoes the query with a caret under the offending column.
  return new SoqlError('MALFORMED_QUERY', `\n${soql}\n${' '.repeat(at)}^\nERROR at Row:1:Column:${at + 1}\n${what}`);
}

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let pos = 0;
  const peek = () => tokens[pos];
  const isKeyword = (word: string) => peek()?.type === 'ident' && peek().text.toUpperCase() === word;
  const fail = (what: string): never => {
    throw malformed(soql, peek()?.at ?? soql.length, what);
  };
  const acceptKeyword = (word: string) => isKeyword(word) && pos++ >= 0;
  const accept = (p: string) => peek()?.type === 'punct' && peek().text === p && pos++ >= 0;
  const expectKeyword = (word: string) => acceptKeyword(word) || fail(`expecting '${word}', found '${peek()?.text ?? 'end of query'}'`);
  const expectPunct = (p: string) => accept(p) || fail(`expecting '${p}', found '${peek()?.text ?? 'end of query'}'`);
  const field = (): string => (peek()?.type === 'ident' ? tokens[pos++].text : fail(`unexpected token: '${peek()?.text ?? 'end of query'}'`));

  const literal = (): Literal => {
    const t = peek();
    pos++;
    if (t?.type === 'literal') return t.literal!;
    if (t?.type === 'ident' && /^(true|false)$/i.test(t.text)) return { kind: 'boolean', value: t.text.toLowerCase() === 'true' };
    if (t?.type === 'ident' && /^null$/i.test(t.text)) return { kind: 'null' };
    pos--;
    return fail(`unexpected token: '${t?.text ?? 'end of query'}'`);
  };

  const primary = (): Condition => {
    if (isKeyword('NOT')) {
      pos++;
      return { kind: 'not', inner: primary() };
    }
    if (accept('(')) {
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    const name = field();
    const negated = acceptKeyword('NOT');
    if (acceptKeyword('IN')) {
      expectPunct('(');
      const values = [literal()];
      while (accept(',')) values.push(literal());
      expectPunct(')');
      return { kind: 'in', field: name, values, negated };
    }
    if (negated || peek()?.type !== 'op') fail(`unexpected token: '${peek()?.text ?? 'end of query'}'`);
    const op = tokens[pos++].text as CompareOp;
    return { kind: 'compare', field: name, op, value: literal() };
  };
  const andExpr = (): Condition => {
    let left = primary();
    while (acceptKeyword('AND')) left = { kind: 'and', left, right: primary() };
    return left;
  };
  const orExpr = (): Condition => {
    let left = andExpr();
    while (acceptKeyword('OR')) left = { kind: 'or', left, right: andExpr() };
    return left;
  };

  expectKeyword('SELECT');
  let count = false;
  const fields: string[] = [];
  if (isKeyword('COUNT') && tokens[pos + 1]?.text === '(' && tokens[pos + 2]?.text === ')') {
    count = true;
    pos += 3;
  } else {
    fields.push(field());
    while (accept(',')) fields.push(field());
  }
  expectKeyword('FROM');
  const from = field();
  const query: SoqlQuery = { count, fields, from, where: null, orderBy: [], limit: null, offset: 0 };
  if (acceptKeyword('WHERE')) query.where = orExpr();
  if (acceptKeyword('ORDER')) {
    expectKeyword('BY');
    do {
      const item: OrderItem = { field: field(), desc: false, nullsLast: false };
      if (isKeyword('ASC') || isKeyword('DESC')) item.desc = tokens[pos++].text.toUpperCase() === 'DESC';
      // Salesforce puts nulls first in ascending order and last in descending order unless told.
      item.nullsLast = item.desc;
      if (acceptKeyword('NULLS')) {
        item.nullsLast = isKeyword('LAST') ? true : isKeyword('FIRST') ? false : fail("expecting 'FIRST' or 'LAST'");
        pos++;
      }
      query.orderBy.push(item);
    } while (accept(','));
  }
  const integer = (): number => {
    const lit = literal();
    return lit.kind === 'number' && Number.isInteger(lit.value) && lit.value >= 0 ? lit.value : fail('expecting a non-negative integer');
  };
  if (acceptKeyword('LIMIT')) query.limit = integer();
  if (acceptKeyword('OFFSET')) query.offset = integer();
  if (pos < tokens.length) fail(`unexpected token: '${peek().text}'`);
  return query;
}
