import { datetimeMs, equalityKey, QueryCache, rowDatetimeMs } from './query-index.js';
import { findField, type FieldDef, type FieldType, type ObjectDef } from './schema.js';
import type { SfRecord } from './seed.js';
import { SoqlError, type Condition, type Literal, type SoqlQuery } from './soql.js';

export { datetimeMs } from './query-index.js';

/** What the engine needs from the store. */
export interface QuerySource {
  schema: Map<string, ObjectDef>;
  rows(object: string): SfRecord[];
  byId(object: string, id: string): SfRecord | undefined;
  /** Changes with every write to the object: indexes and sorted lists are kept until it does. Without it nothing is cached. */
  version?(object: string): number;
  /**
   * The rows whose `field` equals one of `values`, in table order, from an
   * index the source keeps up to date as it writes; undefined where it keeps
   * none (the engine then builds its own, once per version).
   */
  rowsWhere?(object: string, field: string, values: unknown[]): SfRecord[] | undefined;
}

interface ResolvedField {
  path: string;
  field: FieldDef;
  /** Set for `Relationship.Field`. */
  relationship?: { name: string; idField: string; target: ObjectDef };
}

export interface QueryResult {
  object: ObjectDef;
  totalSize: number;
  /** Projected records, `attributes` first, as the REST API returns them. */
  records: SfRecord[];
}

const invalidField = (message: string) => new SoqlError('INVALID_FIELD', message);

function resolve(source: QuerySource, object: ObjectDef, path: string): ResolvedField {
  const parts = path.split('.');
  if (parts.length === 1) {
    const field = findField(object, path);
    if (!field) {
      throw invalidField(
        `No such column '${path}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return { path, field };
  }
  const lookup = parts.length === 2 ? object.fields.find((x) => x.relationshipName?.toLowerCase() === parts[0].toLowerCase()) : undefined;
  const target = lookup?.referenceTo?.[0] ? source.schema.get(lookup.referenceTo[0].toLowerCase()) : undefined;
  if (!lookup || !target) throw invalidField(`Didn't understand relationship '${parts.slice(0, -1).join('.')}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`);
  const field = findField(target, parts[1]);
  if (!field) throw invalidField(`No such column '${parts[1]}' on entity '${target.name}'.`);
  return { path, field, relationship: { name: lookup.relationshipName!, idField: lookup.name, target } };
}

function valueOf(source: QuerySource, row: SfRecord, f: ResolvedField): unknown {
  if (!f.relationship) return row[f.field.name] ?? null;
  const related = relatedRow(source, row, f);
  return related ? (related[f.field.name] ?? null) : null;
}

function relatedRow(source: QuerySource, row: SfRecord, f: ResolvedField): SfRecord | undefined {
  const id = row[f.relationship!.idField];
  const related = typeof id === 'string' ? source.byId(f.relationship!.target.name, id) : undefined;
  return related && related.IsDeleted !== true ? related : undefined;
}

const kindFor: Partial<Record<FieldType, Literal['kind']>> = { datetime: 'datetime', date: 'date', boolean: 'boolean', currency: 'number', double: 'number', percent: 'number', int: 'number' };
const typeWord: Record<string, string> = { datetime: 'dateTime', date: 'date', boolean: 'boolean', number: 'number', string: 'string' };

function checkLiteral(f: ResolvedField, lit: Literal) {
  const expected = kindFor[f.field.type] ?? 'string';
  if (lit.kind === 'null' || lit.kind === expected) return;
  const quoted = expected === 'string' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
  throw invalidField(`value of filter criterion for field '${f.path}' must be of type ${typeWord[expected]} and ${quoted}`);
}

/** Orders two non-null values of a field's type; NaN when they do not compare. */
function order(type: FieldType, a: unknown, b: unknown): number {
  if (type === 'datetime') return datetimeMs(a) - datetimeMs(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a !== 'string' || typeof b !== 'string') return NaN;
  // Ids compare and sort by their exact characters; text compares case-insensitively, as in SOQL.
  const [x, y] = type === 'id' || type === 'reference' ? [a, b] : [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

function literalValue(lit: Literal): unknown {
  return lit.kind === 'null' ? null : lit.kind === 'datetime' ? lit.text : lit.value;
}

type Predicate = (row: SfRecord) => boolean;
const tests: Record<string, (d: number) => boolean> = {
  '=': (d) => d === 0, '!=': (d) => d !== 0, '<': (d) => d < 0, '<=': (d) => d <= 0, '>': (d) => d > 0, '>=': (d) => d >= 0,
};

/** A WHERE clause as one function of a row, its fields resolved and literals checked once (an empty table still rejects a bad query). */
function compile(source: QuerySource, object: ObjectDef, c: Condition): Predicate {
  switch (c.kind) {
    case 'and': {
      const [left, right] = [compile(source, object, c.left), compile(source, object, c.right)];
      return (row) => left(row) && right(row);
    }
    case 'or': {
      const [left, right] = [compile(source, object, c.left), compile(source, object, c.right)];
      return (row) => left(row) || right(row);
    }
    case 'not': {
      const inner = compile(source, object, c.inner);
      return (row) => !inner(row);
    }
    case 'in': {
      const f = resolve(source, object, c.field);
      c.values.forEach((v) => checkLiteral(f, v));
      const keys = new Set(c.values.map((v) => equalityKey(f.field.type, literalValue(v))).filter((k) => k !== undefined));
      return (row) => {
        const value = valueOf(source, row, f);
        const found = value !== null && keys.has(equalityKey(f.field.type, value)!);
        return c.negated ? !found : found;
      };
    }
    case 'compare': {
      const f = resolve(source, object, c.field);
      checkLiteral(f, c.value);
      const op = c.op;
      if (c.value.kind === 'null') return (row) => (op === '=' ? valueOf(source, row, f) === null : op === '!=' ? valueOf(source, row, f) !== null : false);
      const literal = literalValue(c.value);
      const type = f.field.type;
      const literalMs = type === 'datetime' ? datetimeMs(literal) : NaN;
      const test = tests[op];
      const own = type === 'datetime' && !f.relationship;
      return (row) => {
        const value = valueOf(source, row, f);
        if (value === null) return op === '!=';
        const d = type === 'datetime' ? (own ? rowDatetimeMs(row, f.field.name) : datetimeMs(value)) - literalMs : order(type, value, literal);
        return Number.isNaN(d) ? false : test(d);
      };
    }
  }
}

/** The AND-ed `Field IN (…)` or `Field = …` on the object's own field that an index can answer. */
function indexable(source: QuerySource, object: ObjectDef, c: Condition | null): { field: FieldDef; values: unknown[] } | null {
  if (!c) return null;
  if (c.kind === 'and') return indexable(source, object, c.left) ?? indexable(source, object, c.right);
  const usable = (c.kind === 'in' && !c.negated) || (c.kind === 'compare' && c.op === '=' && c.value.kind !== 'null');
  if (!usable) return null;
  const f = resolve(source, object, c.field);
  if (f.relationship) return null;
  return { field: f.field, values: c.kind === 'in' ? c.values.map(literalValue) : [literalValue(c.value)] };
}

const caches = new WeakMap<QuerySource, QueryCache>();

type OrderRule = SoqlQuery['orderBy'][number] & { f: ResolvedField };

/** A sort value read once per row: datetimes as epoch ms, so comparing them parses nothing. */
function sortValue(source: QuerySource, row: SfRecord, o: OrderRule): unknown {
  if (o.f.field.type === 'datetime' && !o.f.relationship) return row[o.f.field.name] == null ? null : rowDatetimeMs(row, o.f.field.name);
  const value = valueOf(source, row, o.f);
  return value !== null && o.f.field.type === 'datetime' ? datetimeMs(value) : value;
}

function sortRows(source: QuerySource, rows: SfRecord[], orderBy: OrderRule[]): SfRecord[] {
  const keyed = rows.map((row) => ({ row, keys: orderBy.map((o) => sortValue(source, row, o)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < orderBy.length; i++) {
      const o = orderBy[i];
      const [x, y] = [a.keys[i], b.keys[i]];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === o.nullsLast ? 1 : -1;
      }
      const d = (o.f.field.type === 'datetime' ? (x as number) - (y as number) : order(o.f.field.type, x, y)) || 0;
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  });
  return keyed.map((k) => k.row);
}

/**
 * The least value (epoch ms) a matching row's `field` can hold, from the
 * WHERE clause's `>`, `>=` and `=` on it: AND keeps the larger bound, OR the
 * smaller. A keyset query then starts at that value instead of the table's top.
 */
function lowerBound(c: Condition | null, field: string): number | null {
  if (!c) return null;
  if (c.kind === 'and' || c.kind === 'or') {
    const [l, r] = [lowerBound(c.left, field), lowerBound(c.right, field)];
    if (c.kind === 'and') return l === null ? r : r === null ? l : Math.max(l, r);
    return l === null || r === null ? null : Math.min(l, r);
  }
  const bounded = c.kind === 'compare' && c.value.kind === 'datetime' && ['>', '>=', '='].includes(c.op);
  return bounded && c.field.toLowerCase() === field.toLowerCase() && c.value.kind === 'datetime' ? c.value.value : null;
}

interface Sorted {
  rows: SfRecord[];
  /** The leading datetime key of each row (ascending, by id), for a binary search; null when unusable. */
  lead: (number | null)[] | null;
}

function sortedWithLead(source: QuerySource, rows: SfRecord[], orderBy: OrderRule[]): Sorted {
  const sorted = sortRows(source, rows, orderBy);
  const first = orderBy[0];
  if (first.desc || first.f.relationship || first.f.field.type !== 'datetime') return { rows: sorted, lead: null };
  const lead = sorted.map((row) => sortValue(source, row, first) as number | null);
  // An unreadable datetime (NaN) sorts anywhere: no search then.
  return { rows: sorted, lead: lead.some((k) => k !== null && Number.isNaN(k)) ? null : lead };
}

/** The first position whose leading key can reach `bound` (nulls sort at one end and never meet one). */
function startAt(sorted: Sorted, nullsLast: boolean, bound: number | null): number {
  if (bound === null || !sorted.lead) return 0;
  const keys = sorted.lead;
  const edge = nullsLast ? Infinity : -Infinity;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] ?? edge) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function runQuery(source: QuerySource, query: SoqlQuery, options: { includeDeleted: boolean; version: string }): QueryResult {
  const object = source.schema.get(query.from.toLowerCase());
  if (!object) {
    throw new SoqlError('INVALID_TYPE', `\n${query.fields.join(', ')} FROM ${query.from}\n^\nERROR at Row:1:Column:1\nsObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`);
  }
  const fields = query.fields.map((path) => resolve(source, object, path));
  const orderBy = query.orderBy.map((o) => ({ ...o, f: resolve(source, object, o.field) }));
  const hasIsDeleted = Boolean(findField(object, 'IsDeleted'));
  const where = query.where ? compile(source, object, query.where) : null;

  const version = source.version?.(object.name);
  const cache = version === undefined ? new QueryCache() : (caches.get(source) ?? caches.set(source, new QueryCache()).get(source)!);
  const stamp = version ?? 0;
  const all = () => source.rows(object.name);
  const hint = indexable(source, object, query.where);
  let candidates: SfRecord[];
  let start = 0;
  if (hint) {
    const kept = source.rowsWhere?.(object.name, hint.field.name, hint.values);
    const keys = hint.values.map((v) => equalityKey(hint.field.type, v)).filter((k) => k !== undefined);
    candidates = kept ?? cache.lookup(object.name, stamp, all, hint.field.name, hint.field.type, keys);
    if (orderBy.length) candidates = sortRows(source, candidates, orderBy);
  } else if (orderBy.length) {
    const signature = orderBy.map((o) => `${o.f.path}:${o.desc}:${o.nullsLast}`).join(',');
    const sorted = cache.sorted(object.name, stamp, signature, () => sortedWithLead(source, all(), orderBy));
    candidates = sorted.rows;
    start = startAt(sorted, orderBy[0].nullsLast, lowerBound(query.where, orderBy[0].f.path));
  } else {
    candidates = all();
  }
  // Rows past OFFSET + LIMIT are never returned (nor counted): stop there.
  const wanted = query.limit === null ? Infinity : query.offset + query.limit;
  const matched: SfRecord[] = [];
  for (let i = start; i < candidates.length && matched.length < wanted; i++) {
    const row = candidates[i];
    if ((options.includeDeleted || !hasIsDeleted || row.IsDeleted !== true) && (!where || where(row))) matched.push(row);
  }
  const rows = matched.slice(query.offset);
  if (query.count) return { object, totalSize: rows.length, records: [] };
  return { object, totalSize: rows.length, records: rows.map((row) => project(source, object, row, fields, options.version)) };
}

const attributes = (type: string, id: unknown, version: string) => ({ type, url: `/services/data/v${version}/sobjects/${type}/${String(id)}` });

function project(source: QuerySource, object: ObjectDef, row: SfRecord, fields: ResolvedField[], version: string): SfRecord {
  const out: SfRecord = { attributes: attributes(object.name, row.Id, version) };
  for (const f of fields) {
    if (!f.relationship) {
      out[f.field.name] = row[f.field.name] ?? null;
      continue;
    }
    const name = f.relationship.name;
    if (!(name in out)) {
      const related = relatedRow(source, row, f);
      // A null lookup is `"Account": null`, not an object of nulls.
      out[name] = related ? { attributes: attributes(f.relationship.target.name, related.Id, version) } : null;
    }
    const nested = out[name] as SfRecord | null;
    if (nested) nested[f.field.name] = valueOf(source, row, f);
  }
  return out;
}
