import type { FieldType } from './schema.js';
import type { SfRecord } from './seed.js';

/**
 * What keeps the simulated org's queries fast at benchmark scale (50,000
 * opportunities, 150,000 history rows): hash indexes for `Field IN (…)` and
 * `Field = …`, and each ORDER BY's sorted row list, both rebuilt only after a
 * write to the object (the store's version), and datetimes parsed once per row.
 * Results are exactly those of a full scan; only the work differs.
 */
/** A datetime string (`…+0000` or ISO) as epoch ms; NaN when it is not one. */
export function datetimeMs(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  // Salesforce's own form, `…T10:00:01.000+0000`, is read as the same instant in `Z` form.
  if (value.length === 28 && value.endsWith('+0000')) return Date.parse(`${value.slice(0, 23)}Z`);
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

const parsedOnRow = Symbol('parsed datetimes');
type ParsedDatetimes = Record<string, { text: unknown; ms: number }>;

/**
 * A row's datetime field as epoch ms, kept on the row (a hidden property that
 * copies and JSON leave out) while the field holds the same text: sorting
 * 50,000 opportunities again after an edit then parses only the edited ones.
 */
export function rowDatetimeMs(row: SfRecord, field: string): number {
  const value = row[field];
  let parsed = (row as Record<symbol, ParsedDatetimes | undefined>)[parsedOnRow];
  const known = parsed?.[field];
  if (known && known.text === value) return known.ms;
  if (!parsed) {
    parsed = {};
    Object.defineProperty(row, parsedOnRow, { value: parsed, enumerable: false });
  }
  const ms = datetimeMs(value);
  parsed[field] = { text: value, ms };
  return ms;
}

/**
 * A key two values of a field's type share exactly when the engine's `order`
 * says they are equal (undefined: equal to nothing): ids by their exact
 * characters, other text case-insensitively, datetimes by instant.
 */
export function equalityKey(type: FieldType, value: unknown): string | number | undefined {
  if (value === null || value === undefined) return undefined;
  if (type === 'datetime') {
    const ms = datetimeMs(value);
    return Number.isNaN(ms) ? undefined : `d${ms}`;
  }
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'boolean') return value ? 'b1' : 'b0';
  if (typeof value === 'string') return `s${type === 'id' || type === 'reference' ? value : value.toLowerCase()}`;
  return undefined;
}

/** A row and its position in the table, so index hits come back in table order. */
export interface Positioned {
  at: number;
  row: SfRecord;
}

interface ObjectCache {
  version: number;
  indexes: Map<string, Map<string | number, Positioned[]>>;
  sorted: Map<string, unknown>;
}

export class QueryCache {
  private readonly objects = new Map<string, ObjectCache>();

  private of(object: string, version: number): ObjectCache {
    let cache = this.objects.get(object);
    if (!cache || cache.version !== version) {
      cache = { version, indexes: new Map(), sorted: new Map() };
      this.objects.set(object, cache);
    }
    return cache;
  }

  /** Rows whose `field` (of `type`) has one of `keys`, in table order. */
  lookup(object: string, version: number, rows: () => SfRecord[], field: string, type: FieldType, keys: (string | number)[]): SfRecord[] {
    const cache = this.of(object, version);
    let index = cache.indexes.get(field);
    if (!index) {
      index = new Map();
      rows().forEach((row, at) => {
        const key = equalityKey(type, row[field]);
        if (key === undefined) return;
        const list = index!.get(key);
        if (list) list.push({ at, row });
        else index!.set(key, [{ at, row }]);
      });
      cache.indexes.set(field, index);
    }
    const hits = [...new Set(keys)].flatMap((k) => index.get(k) ?? []);
    return hits.sort((a, b) => a.at - b.at).map((h) => h.row);
  }

  /** The table sorted one way (with whatever the engine keeps beside it), kept until the next write. */
  sorted<T>(object: string, version: number, signature: string, sort: () => T): T {
    const cache = this.of(object, version);
    if (!cache.sorted.has(signature)) cache.sorted.set(signature, sort());
    return cache.sorted.get(signature) as T;
  }
}
