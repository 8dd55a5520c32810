import { findField, type FieldDef, type FieldType, type ObjectDef } from './schema.js';
import type { SfRecord } from './seed.js';
import { SoqlError, type Condition, type Literal, type SoqlQuery } from './soql.js';

/** What the engine needs from the store. */
export interface QuerySource {
  schema: Map<string, ObjectDef>;
  rows(object: string): SfRecord[];
  byId(object: string, id: string): SfRecord | undefined;
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

export function datetimeMs(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
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

function matches(source: QuerySource, object: ObjectDef, row: SfRecord, c: Condition): boolean {
  switch (c.kind) {
    case 'and':
      return matches(source, object, row, c.left) && matches(source, object, row, c.right);
    case 'or':
      return matches(source, object, row, c.left) || matches(source, object, row, c.right);
    case 'not':
      return !matches(source, object, row, c.inner);
    case 'in': {
      const f = resolve(source, object, c.field);
      c.values.forEach((v) => checkLiteral(f, v));
      const value = valueOf(source, row, f);
      const found = value !== null && c.values.some((v) => v.kind !== 'null' && order(f.field.type, value, literalValue(v)) === 0);
      return c.negated ? !found : found;
    }
    case 'compare': {
      const f = resolve(source, object, c.field);
      checkLiteral(f, c.value);
      const value = valueOf(source, row, f);
      if (c.value.kind === 'null') return c.op === '=' ? value === null : c.op === '!=' ? value !== null : false;
      if (value === null) return c.op === '!=';
      const d = order(f.field.type, value, literalValue(c.value));
      if (Number.isNaN(d)) return false;
      return { '=': d === 0, '!=': d !== 0, '<': d < 0, '<=': d <= 0, '>': d > 0, '>=': d >= 0 }[c.op];
    }
  }
}

export function runQuery(source: QuerySource, query: SoqlQuery, options: { includeDeleted: boolean; version: string }): QueryResult {
  const object = source.schema.get(query.from.toLowerCase());
  if (!object) {
    throw new SoqlError('INVALID_TYPE', `\n${query.fields.join(', ')} FROM ${query.from}\n^\nERROR at Row:1:Column:1\nsObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`);
  }
  const fields = query.fields.map((path) => resolve(source, object, path));
  const orderBy = query.orderBy.map((o) => ({ ...o, f: resolve(source, object, o.field) }));
  const hasIsDeleted = Boolean(findField(object, 'IsDeleted'));
  const where = query.where;
  let rows = source.rows(object.name).filter((row) => (options.includeDeleted || !hasIsDeleted || row.IsDeleted !== true) && (!where || matches(source, object, row, where)));
  if (orderBy.length) {
    rows = [...rows].sort((a, b) => {
      for (const o of orderBy) {
        const [x, y] = [valueOf(source, a, o.f), valueOf(source, b, o.f)];
        if (x === null || y === null) {
          if (x === y) continue;
          return (x === null) === o.nullsLast ? 1 : -1;
        }
        const d = order(o.f.field.type, x, y) || 0;
        if (d !== 0) return o.desc ? -d : d;
      }
      return 0;
    });
  }
  rows = rows.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
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
